/**
 * Syntax files beside the exported data: they declare the survey design and weights and reproduce scilit's
 * headline estimates — the share with science literacy overall, by key population and by region, with SE and
 * logit interval (methodology.md §2.4).
 *
 * - `.R` (R survey) re-runs the weighting recipe on the design weights (post-stratification, raking, trimming as
 *   scilit ran them), so its estimates and SEs equal `scilit estimate` (tested against R).
 * - `.do` (Stata) and `.sps` (SPSS Complex Samples) declare the design with the final weight; they cannot
 *   re-run scilit's raking, so their SEs treat the final weights as design weights (said in the file). PSPP has
 *   no complex-samples procedures: the .sps ends with weighted means PSPP can run (point estimates only).
 */
import type { Dataset, Variable } from './dataset.ts';
import type { ExportBundle, ExportDesign, ExportStep } from './gather.ts';
import type { ExportLang } from './words.ts';

/** Domains of the headline table: overall, each key population, each region. */
function domains(d: ExportDesign, lang: ExportLang): { label: string; variable?: string; value?: number | string }[] {
  const out: { label: string; variable?: string; value?: number | string }[] = [
    { label: lang === 'en' ? 'overall' : '全体' },
  ];
  for (const g of d.groups) out.push({ label: g.label, variable: g.variable, value: 1 });
  if (d.region) {
    for (const c of d.region.codes)
      out.push({ label: c.name ? `${c.code} ${c.name}` : c.code, variable: d.region.variable, value: c.value });
  }
  return out;
}

const rString = (s: string) => JSON.stringify(s);
const rValue = (v: number | string) => (typeof v === 'number' ? String(v) : rString(v));

function variableOf(ds: Dataset, name: string): Variable | undefined {
  return ds.variables.find((v) => v.name === name);
}

/** A target category as the exported data hold it. */
function valueIn(ds: Dataset, step: ExportStep, recipeVar: string, category: string): number | string {
  const mapped = step.values[recipeVar]?.[category];
  if (mapped !== undefined) return mapped;
  const v = variableOf(ds, step.variables[recipeVar] ?? recipeVar);
  return v?.kind === 'numeric' ? Number(category) : category;
}

/** The R call that re-applies one weighting step to the design `des`. */
function rStep(ds: Dataset, step: ExportStep): string | undefined {
  const s = step.spec;
  const name = (v: string) => step.variables[v] ?? v;
  const table = (vars: readonly string[], cells: readonly { values: string[]; N: number }[]) => {
    const cols = vars.map(
      (v, k) => `${name(v)} = c(${cells.map((c) => rValue(valueIn(ds, step, v, c.values[k]!))).join(', ')})`,
    );
    return `data.frame(${cols.join(', ')}, Freq = c(${cells.map((c) => String(c.N)).join(', ')}))`;
  };
  if (s.step === 'poststratify') {
    return `des <- postStratify(des, ~${s.vars.map(name).join(' + ')}, ${table(s.vars, s.cells)}${s.partial ? ', partial = TRUE' : ''})`;
  }
  if (s.step === 'rake') {
    const sample = s.margins.map((m) => `~${m.vars.map(name).join(' + ')}`).join(', ');
    const pop = s.margins.map((m) => `  ${table(m.vars, m.cells)}`).join(',\n');
    return `des <- rake(des, list(${sample}), list(\n${pop}\n), control = list(maxit = ${s.maxit ?? 10}, epsilon = ${s.epsilon ?? 1}, verbose = FALSE))`;
  }
  if (s.step === 'trim') {
    return `des <- trimWeights(des, lower = ${s.lower}, upper = ${s.upper}, strict = ${s.strict ? 'TRUE' : 'FALSE'})`;
  }
  return undefined;
}

export function rSyntax(b: ExportBundle, dataFile: string, lang: ExportLang = 'zh'): string {
  const d = b.design;
  const ds = b.dataset;
  const zh = lang !== 'en';
  const lines: string[] = [];
  const c = (s: string) => lines.push(`# ${s}`);
  c(
    zh
      ? 'scilit 导出数据的 R 脚本（R survey 包）：声明抽样设计与权重，重现 scilit 的主要估计。'
      : 'R script for the scilit export (R survey): declares the design and weights and reproduces scilit’s headline estimates.',
  );
  for (const n of b.notes) c(n);
  c(
    zh
      ? `用法：Rscript 本文件 [数据文件，默认 ${dataFile}]`
      : `Usage: Rscript this-file [data file, default ${dataFile}]`,
  );
  lines.push('suppressPackageStartupMessages(library(survey))');
  lines.push('args <- commandArgs(trailingOnly = TRUE)');
  lines.push(`file <- if (length(args) > 0) args[1] else ${rString(dataFile)}`);
  lines.push('d <- read.csv(file, fileEncoding = "UTF-8-BOM", stringsAsFactors = FALSE)');
  if (d.lonelyPsu !== 'fail') lines.push(`options(survey.lonely.psu = ${rString(d.lonelyPsu)})`);
  const ids = d.psu ? `~${d.psu}` : '~1';
  const strata = d.strata ? `, strata = ~${d.strata}` : '';
  const nest = d.strata && d.psu ? ', nest = TRUE' : '';
  const rSteps = d.steps.map((s) => rStep(ds, s));
  const replay = d.baseWeight !== undefined && rSteps.every((s) => s !== undefined);
  if (!d.weight) {
    c(zh ? '无加权方案：与 scilit 一致，每份问卷权重为 1。' : 'No weighting scheme: weight 1 for everyone, as scilit.');
    lines.push('d$w_one <- 1');
    lines.push(`des <- svydesign(ids = ${ids}${strata}, weights = ~w_one${nest}, data = d)`);
  } else if (replay) {
    c(
      zh
        ? '从设计权重出发，重新执行 scilit 的加权步骤（标准误因此计入校准）。'
        : 'Start from the design weights and re-run scilit’s weighting steps (so the SEs account for the calibration).',
    );
    lines.push(`des <- svydesign(ids = ${ids}${strata}, weights = ~${d.baseWeight}${nest}, data = d)`);
    for (const s of rSteps) lines.push(s!);
    lines.push(`stopifnot(isTRUE(all.equal(unname(weights(des)), d$${d.weight}, tolerance = 1e-8)))`);
  } else {
    c(
      zh
        ? '加权步骤含 R 脚本不重演的步骤：以最终权重作设计权重（标准误未计入校准）。'
        : 'The recipe has steps this script does not replay: the final weight is used as a design weight (SEs ignore calibration).',
    );
    lines.push(`des <- svydesign(ids = ${ids}${strata}, weights = ~${d.weight}${nest}, data = d)`);
  }
  if (d.replicates) {
    const r = d.replicates;
    c(
      zh
        ? `另有 ${r.variables.length} 个 ${r.type.toUpperCase()} 重复权重（已含加权步骤）：`
        : `${r.variables.length} ${r.type.toUpperCase()} replicate weights (weighting steps included):`,
    );
    c(
      `rep <- svrepdesign(data = d, repweights = "^rw_[0-9]+$", weights = ~${d.weight}, type = "${r.type === 'jk1' ? 'JK1' : 'JKn'}", scale = ${r.scale}, rscales = c(${r.rscales.join(', ')}), combined.weights = TRUE, mse = FALSE)`,
    );
  }
  lines.push('one <- function(domain, design) {');
  lines.push(
    `  # ${zh ? 'svyciprop 的 glm 会对域外（权重为 0）的行给出警告，无碍结果' : "svyciprop's glm warns about rows outside the domain (weight 0); harmless"}`,
  );
  lines.push(`  p <- suppressWarnings(svyciprop(~I(${d.literate} == 1), design, method = "logit", level = 0.95))`);
  lines.push('  ci <- confint(p)');
  lines.push('  data.frame(domain = domain, estimate = as.numeric(p), se = as.numeric(SE(p)),');
  lines.push('             ci_low = ci[1], ci_high = ci[2], df = degf(design), row.names = NULL)');
  lines.push('}');
  lines.push('rows <- rbind(');
  const doms = domains(d, lang).map((x) =>
    x.variable
      ? `  one(${rString(x.label)}, subset(des, ${x.variable} == ${rValue(x.value!)}))`
      : `  one(${rString(x.label)}, des)`,
  );
  lines.push(doms.join(',\n'));
  lines.push(')');
  lines.push('write.csv(format(rows, digits = 15), stdout(), row.names = FALSE)');
  return `${lines.join('\n')}\n`;
}

const stataString = (s: string) => `"${s.replace(/"/g, "'")}"`;

export function stataSyntax(b: ExportBundle, dataFile: string, lang: ExportLang = 'zh'): string {
  const d = b.design;
  const zh = lang !== 'en';
  const out: string[] = [];
  const c = (s: string) => out.push(`* ${s}`);
  c(
    zh
      ? 'scilit 导出数据的 Stata 命令：声明抽样设计与权重，估计具备科学素质的比例。'
      : 'Stata commands for the scilit export: declare the design and weights, estimate the share with science literacy.',
  );
  for (const n of b.notes) c(n);
  if (d.weight && d.steps.some((s) => s.step !== 'trim')) {
    c(
      zh
        ? '注意：Stata 以最终权重作抽样权重，不对事后分层/raking 作方差修正，标准误略大于 scilit（保守）。与 scilit 完全一致的标准误见 R 脚本。'
        : 'Note: Stata uses the final weight as a sampling weight without the post-stratification/raking variance correction: SEs are slightly larger than scilit’s (conservative). The R script reproduces scilit’s SEs exactly.',
    );
  }
  out.push('version 14');
  out.push(`use ${stataString(dataFile)}, clear`);
  const single = {
    fail: 'missing',
    remove: 'certainty',
    certainty: 'certainty',
    adjust: 'centered',
    average: 'scaled',
  }[d.lonelyPsu];
  const weight = d.weight ? ` [pweight = ${d.weight}]` : '';
  out.push(`svyset ${d.psu ?? '_n'}${weight}${d.strata ? `, strata(${d.strata})` : ','} singleunit(${single})`);
  const y = d.literate;
  out.push(`svy: proportion ${y}, citype(logit)`);
  for (const g of d.groups) {
    c(g.label);
    out.push(`svy, subpop(if ${g.variable} == 1): proportion ${y}, citype(logit)`);
  }
  if (d.region) out.push(`svy, over(${d.region.variable}): proportion ${y}, citype(logit)`);
  return `${out.join('\n')}\n`;
}

export function spssSyntax(b: ExportBundle, dataFile: string, lang: ExportLang = 'zh'): string {
  const d = b.design;
  const zh = lang !== 'en';
  const out: string[] = [];
  const c = (s: string) => out.push(`* ${s.replace(/\./g, '．')}.`);
  c(
    zh
      ? 'scilit 导出数据的 SPSS 语法：声明抽样设计与权重，估计具备科学素质的比例'
      : 'SPSS syntax for the scilit export: declare the design and weights, estimate the share with science literacy',
  );
  for (const n of b.notes) c(n);
  out.push(`GET FILE=${JSON.stringify(dataFile).replace(/^"|"$/g, "'")}.`);
  if (d.weight) {
    c(
      zh
        ? 'SPSS 复杂样本模块（PSPP 不支持）：以最终权重作抽样权重，标准误未计入 raking 校准'
        : 'SPSS Complex Samples (not in PSPP): final weight as sampling weight; SEs ignore the raking calibration',
    );
    out.push("CSPLAN ANALYSIS /PLAN FILE='scilit-design.csaplan'");
    out.push(`  /PLANVARS ANALYSISWEIGHT=${d.weight}`);
    const design = [d.strata ? `STRATA=${d.strata}` : '', d.psu ? `CLUSTER=${d.psu}` : ''].filter(Boolean).join(' ');
    out.push(`  /DESIGN ${design}`.trimEnd());
    out.push('  /ESTIMATOR TYPE=WR.');
    out.push("CSDESCRIPTIVES /PLAN FILE='scilit-design.csaplan'");
    out.push(`  /SUMMARY VARIABLES=${d.literate}`);
    out.push('  /MEAN');
    out.push('  /STATISTICS SE CIN(95).');
    for (const g of d.groups) {
      out.push("CSDESCRIPTIVES /PLAN FILE='scilit-design.csaplan'");
      out.push(`  /SUMMARY VARIABLES=${d.literate} /MEAN`);
      out.push(`  /SUBPOP TABLE=${g.variable}`);
      out.push('  /STATISTICS SE CIN(95).');
    }
  }
  c(
    zh
      ? '以下 PSPP 亦可运行：加权比例（仅点估计；WEIGHT 为频数权重，不给出设计标准误）'
      : 'PSPP can run the following: weighted shares (point estimates only; WEIGHT is a frequency weight, no design SEs)',
  );
  if (d.weight) out.push(`WEIGHT BY ${d.weight}.`);
  out.push(`DESCRIPTIVES VARIABLES=${d.literate} /STATISTICS=MEAN.`);
  for (const g of d.groups) out.push(`MEANS TABLES=${d.literate} BY ${g.variable} /CELLS=MEAN COUNT.`);
  if (d.region) out.push(`MEANS TABLES=${d.literate} BY ${d.region.variable} /CELLS=MEAN COUNT.`);
  return `${out.join('\n')}\n`;
}
