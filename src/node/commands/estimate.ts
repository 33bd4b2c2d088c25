import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import Papa from 'papaparse';
import { type ColumnBuilder, FactorColumnBuilder, NumberColumnBuilder, requireComplete } from '../../survey/columns.ts';
import { scanPlainCsv } from '../../survey/csv.ts';
import { createDesign, degreesOfFreedom } from '../../survey/design.ts';
import { type DomainEstimate, domainsFromFactors, estimateDomains } from '../../survey/domains.ts';
import { SurveyError } from '../../survey/errors.ts';
import { crossFactors } from '../../survey/factor.ts';
import { publishFlags } from '../../survey/flags.ts';
import { effectiveSampleSize, proportionInterval } from '../../survey/intervals.ts';
import { type EstimateOutput, estimateOutput, formatEstimates } from '../../survey/output.ts';
import type { Factor, IntervalMethod, LonelyPsu } from '../../survey/types.ts';
import { type Command, type CommandContext, optionalString, requireString, UsageError } from '../command.ts';

const LONELY: readonly LonelyPsu[] = ['fail', 'remove', 'certainty', 'adjust', 'average'];
const CI: readonly IntervalMethod[] = ['logit', 'beta', 'wilson', 'mean', 'asin'];

/** Columns a run needs, by role: numbers are parsed as they are read, categories coded. */
interface Wanted {
  numbers: Map<string, NumberColumnBuilder>;
  factors: Map<string, FactorColumnBuilder>;
}

function want(): Wanted {
  return { numbers: new Map(), factors: new Map() };
}

/**
 * Reads only the wanted columns of a CSV (papaparse, in chunks) or of the first sheet of an .xlsx (exceljs)
 * straight into typed columns. An unknown column is an error naming it and the columns the file has.
 */
export async function readDataColumns(file: string, wanted: Wanted): Promise<number> {
  const ext = extname(file).toLowerCase();
  let header: string[] | undefined;
  let sinks: { index: number; builders: ColumnBuilder[] }[] = [];
  let rows = 0;
  const onHeader = (names: string[]) => {
    header = names.map((s) => s.replace(/^\uFEFF/, '').trim());
    const all = new Map<string, ColumnBuilder[]>();
    for (const [name, b] of [...wanted.numbers, ...wanted.factors]) all.set(name, [...(all.get(name) ?? []), b]);
    for (const name of all.keys()) {
      if (!header.includes(name)) {
        throw new SurveyError(
          'unknown_column',
          `${file}: no column "${name}" (columns: ${header.slice(0, 30).join(', ')}${header.length > 30 ? ', …' : ''})`,
        );
      }
    }
    sinks = [...all].map(([name, builders]) => ({ index: (header as string[]).indexOf(name), builders }));
  };
  const onRow = (cells: readonly (string | number | null | undefined)[]) => {
    rows++;
    for (const s of sinks) {
      const cell = cells[s.index];
      for (const b of s.builders) b.push(cell);
    }
  };
  if (ext === '.xlsx') {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0];
    if (!ws) throw new SurveyError('empty_file', `${file}: the workbook has no sheet`);
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      const values = (row.values as unknown[]).slice(1).map(cellValue);
      if (r === 1 || !header) onHeader(values.map((v) => (v === null ? '' : String(v))));
      else onRow(values);
    });
  } else {
    const bytes = new Uint8Array(readFileSync(file));
    if (bytes.indexOf(34) < 0) {
      // No quotes anywhere: the byte-level fast path.
      rows = scanPlainCsv(bytes, (names) => {
        onHeader(names);
        return sinks.flatMap((s) => s.builders.map((builder) => ({ index: s.index, builder })));
      });
      if (!header) throw new SurveyError('empty_file', `${file}: no header row`);
      return rows;
    }
    const text = new TextDecoder().decode(bytes);
    await new Promise<void>((resolve, reject) => {
      Papa.parse<string[]>(text, {
        skipEmptyLines: true,
        chunkSize: 1 << 22,
        chunk(results: Papa.ParseResult<string[]>, parser: Papa.Parser) {
          try {
            for (const r of results.data) {
              if (!header) onHeader(r);
              else onRow(r);
            }
          } catch (e) {
            reject(e); // before abort(), which calls complete()
            parser.abort();
          }
        },
        complete: () => resolve(),
        error: (e: Error) => reject(e),
      });
    });
  }
  if (!header) throw new SurveyError('empty_file', `${file}: no header row`);
  return rows;
}

function cellValue(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const o = v as { result?: unknown; richText?: { text: string }[]; text?: string };
  if (o.result !== undefined) return cellValue(o.result);
  if (o.richText) return o.richText.map((t) => t.text).join('');
  if (o.text !== undefined) return o.text;
  return String(v);
}

interface TargetFiles {
  poststratify?: { vars: string[]; cells: Record<string, string | number>[] };
  rake?: { margins: { var: string; targets: Record<string, number> }[]; maxit?: number; epsilon?: number };
}

function readJson<T>(file: string, what: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new SurveyError('bad_targets', `${file}: cannot read the ${what} file: ${(e as Error).message}`);
  }
}

function parseOptions(ctx: CommandContext) {
  const lonely = (optionalString(ctx, 'lonely-psu') ?? 'fail') as LonelyPsu;
  if (!LONELY.includes(lonely)) throw new UsageError(`--lonely-psu must be one of ${LONELY.join('|')}`);
  const ci = (optionalString(ctx, 'ci') ?? 'logit') as IntervalMethod;
  if (!CI.includes(ci)) throw new UsageError(`--ci must be one of ${CI.join('|')}`);
  const level = Number(optionalString(ctx, 'level') ?? '0.95');
  if (!(level > 0 && level < 1)) throw new UsageError('--level must be a number between 0 and 1, e.g. 0.95');
  const format = optionalString(ctx, 'format') ?? 'table';
  if (!['table', 'json', 'csv'].includes(format)) throw new UsageError('--format must be table, json or csv');
  const replicates = optionalString(ctx, 'replicates');
  if (replicates !== undefined && replicates !== 'jk1' && replicates !== 'jkn') {
    throw new UsageError('--replicates must be jk1 or jkn');
  }
  let trim: [number, number] | undefined;
  const t = optionalString(ctx, 'trim');
  if (t !== undefined) {
    const parts = t.split(',').map(Number);
    if (parts.length !== 2 || !parts.every(Number.isFinite)) throw new UsageError('--trim takes LOW,HIGH');
    trim = [parts[0] as number, parts[1] as number];
  }
  const by = (optionalString(ctx, 'by') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return { lonely, ci, level, format, replicates, trim, by };
}

/** `scilit estimate --data FILE ...`: the whole run from reading the file to the estimates. */
export async function estimateFromFile(ctx: CommandContext): Promise<EstimateOutput> {
  const file = requireString(ctx, 'data');
  const variable = requireString(ctx, 'var');
  const o = parseOptions(ctx);
  const targets: TargetFiles = {};
  const ps = optionalString(ctx, 'poststratify');
  if (ps) targets.poststratify = readJson(ps, 'post-stratification');
  const rk = optionalString(ctx, 'rake');
  if (rk) targets.rake = readJson(rk, 'raking');

  const w = want();
  const num = (name: string | undefined) => {
    if (name && !w.numbers.has(name)) w.numbers.set(name, new NumberColumnBuilder(name));
  };
  const fac = (name: string | undefined) => {
    if (name && !w.factors.has(name)) w.factors.set(name, new FactorColumnBuilder(name));
  };
  const weightCol = optionalString(ctx, 'weight');
  const strataCol = optionalString(ctx, 'strata');
  const psuCol = optionalString(ctx, 'psu');
  const fpcCol = optionalString(ctx, 'fpc');
  num(variable);
  num(weightCol);
  num(fpcCol);
  fac(strataCol);
  fac(psuCol);
  for (const b of o.by) fac(b);
  for (const v of targets.poststratify?.vars ?? []) fac(v);
  for (const m of targets.rake?.margins ?? []) fac(m.var);

  const n = await readDataColumns(file, w);
  if (n === 0) throw new SurveyError('empty_file', `${file}: no data rows`);
  const numbers = new Map([...w.numbers].map(([k, b]) => [k, b.finish()]));
  const factor = (name: string, role: string): Factor =>
    requireComplete(w.factors.get(name) as FactorColumnBuilder, role);
  const y = numbers.get(variable) as Float64Array;
  let weights = weightCol ? (numbers.get(weightCol) as Float64Array) : undefined;
  if (weights && weightCol) {
    const bad = weights.findIndex((v) => Number.isNaN(v));
    if (bad >= 0)
      throw new SurveyError('missing_value', `weight column "${weightCol}" is empty at data row ${bad + 1}`);
  }
  const design0 = createDesign({
    n,
    weights,
    strata: strataCol ? factor(strataCol, 'strata') : undefined,
    psu: psuCol ? factor(psuCol, 'PSU') : undefined,
    fpc: fpcCol ? (numbers.get(fpcCol) as Float64Array) : undefined,
    nest: ctx.values.nest === true,
    lonelyPsu: o.lonely,
  });
  weights = design0.weights;

  const { steps, run, data } = await weightingSteps(n, weights, targets, o.trim, (name) => factor(name, 'weighting'));
  const design = run ? { ...design0, weights: run.weights, adjustments: run.adjustments } : design0;
  const byFactors = o.by.map((name) => ({ name, factor: factor(name, 'by') }));

  let estimates: DomainEstimate[];
  let variance = 'taylor';
  if (o.replicates) {
    variance = o.replicates;
    // Each replicate re-runs the recipe on the same columns the full-sample weighting read.
    const { weightingData } = await import('../../survey/weighting/index.ts');
    estimates = await replicateEstimates(design0, design, y, byFactors, steps, data ?? weightingData(n, {}), o);
  } else {
    estimates = estimateDomains(design, y, domainsFromFactors(byFactors), { ci: o.ci, level: o.level });
  }
  return estimateOutput(estimates, {
    design: {
      rows: n,
      variable,
      weights: weightCol ?? null,
      strata: strataCol ?? null,
      psu: psuCol ?? null,
      fpc: fpcCol ?? null,
      nest: design.nest,
      lonely_psu: design.lonelyPsu,
      n_strata: design.nStrata,
      n_psu: design.nPsu,
      df: degreesOfFreedom(design),
      variance,
    },
    weighting: run ? { steps, diagnostics: run.diagnostics } : null,
  });
}

type Steps = import('../../survey/weighting/types.ts').WeightingStepSpec[];
type Run = import('../../survey/weighting/types.ts').WeightingRun;

/** The weighting recipe the flags ask for (post-stratify, then rake, then trim), run by the weighting module. */
async function weightingSteps(
  n: number,
  base: Float64Array,
  t: TargetFiles,
  trim: [number, number] | undefined,
  factor: (name: string) => Factor,
): Promise<{ steps: Steps; run?: Run; data?: import('../../survey/weighting/types.ts').WeightingData }> {
  const steps: Steps = [];
  if (t.poststratify) {
    const vars = t.poststratify.vars;
    steps.push({
      step: 'poststratify',
      vars,
      cells: t.poststratify.cells.map((c) => ({ values: vars.map((v) => String(c[v])), N: Number(c.N) })),
    });
  }
  if (t.rake) {
    steps.push({
      step: 'rake',
      margins: t.rake.margins.map((m) => ({
        vars: [m.var],
        cells: Object.entries(m.targets).map(([k, N]) => ({ values: [k], N })),
      })),
      maxit: t.rake.maxit,
      epsilon: t.rake.epsilon,
    });
  }
  if (trim) steps.push({ step: 'trim', lower: trim[0], upper: trim[1] });
  if (steps.length === 0) return { steps };
  const { runWeighting, weightingData } = await import('../../survey/weighting/index.ts');
  const columns: Record<string, Factor> = {};
  for (const s of steps) {
    const vars = s.step === 'poststratify' ? s.vars : s.step === 'rake' ? s.margins.flatMap((m) => m.vars) : [];
    for (const v of vars) columns[v] = factor(v);
  }
  const data = weightingData(n, columns);
  return { steps, run: runWeighting(base, steps, data), data };
}

async function replicateEstimates(
  design0: ReturnType<typeof createDesign>,
  design: ReturnType<typeof createDesign>,
  y: Float64Array,
  by: { name: string; factor: Factor }[],
  steps: Steps,
  data: import('../../survey/weighting/types.ts').WeightingData,
  o: ReturnType<typeof parseOptions>,
): Promise<DomainEstimate[]> {
  if (o.replicates === 'jkn' && design0.nStrata < 1) throw new UsageError('--replicates jkn needs --strata');
  const { replicateMeans } = await import('../../survey/replicate/index.ts');
  const cross = by.length ? crossFactors(by.map((b) => b.factor)) : undefined;
  const psu: Factor = {
    codes: design0.psu,
    labels: Array.from({ length: design0.nPsu }, (_, c) => design0.psuLabel(c)),
  };
  const strata: Factor | undefined = design0.hasStrata
    ? { codes: design0.stratum, labels: design0.strataLabels }
    : undefined;
  const res = replicateMeans({
    base: design0.weights,
    psu,
    strata: o.replicates === 'jkn' ? strata : undefined,
    type: o.replicates as 'jk1' | 'jkn',
    lonelyPsu: design0.lonelyPsu,
    steps,
    data,
    y,
    domain: cross?.factor,
  });
  const df = o.replicates === 'jk1' ? design0.nPsu - 1 : design0.nPsu - design0.nStrata;
  return res.estimates.map((e, c) => {
    const mask = c === 0 ? undefined : cross?.factor.codes;
    let n = 0;
    let sw = 0;
    let sw2 = 0;
    let binary = true;
    for (let i = 0; i < design.n; i++) {
      if (mask && mask[i] !== c - 1) continue;
      const wi = design.weights[i] as number;
      if (wi !== 0) n++;
      sw += wi;
      sw2 += wi * wi;
      if (y[i] !== 0 && y[i] !== 1) binary = false;
    }
    const domain: Record<string, string> = {};
    if (c > 0 && cross)
      by.forEach((b, t) => {
        domain[b.name] = b.factor.labels[(cross.parts[c - 1] as Int32Array)[t] as number] as string;
      });
    const ci = binary
      ? proportionInterval(o.ci, { p: e.estimate, variance: e.variance, df, level: o.level, nRows: n, n })
      : proportionInterval('mean', { p: e.estimate, variance: e.variance, df, level: o.level, nRows: n, n });
    const nEff = binary ? effectiveSampleSize(e.estimate, e.variance, n) : n;
    return {
      domain,
      estimate: e.estimate,
      se: e.se,
      variance: e.variance,
      ci,
      ciMethod: binary ? o.ci : 'mean',
      level: o.level,
      df,
      deff: Number.NaN,
      n,
      nEff,
      sumW: sw,
      nKish: (sw * sw) / sw2,
      proportion: binary,
      flags: publishFlags({ estimate: e.estimate, nEff, ci, df, proportion: binary, variance: e.variance }),
    };
  });
}

export const estimateCommands: Command[] = [
  {
    name: 'estimate',
    summary: 'weighted mean or proportion with design-based SE and CI, overall and by domain (as R survey)',
    usage:
      '--data FILE(.csv|.xlsx) --var COL [--by COL[,COL]] [--weight COL] [--strata COL] [--psu COL] [--fpc COL] ' +
      '[--nest] [--lonely-psu fail|remove|certainty|adjust|average] [--ci logit|beta|wilson|mean|asin] ' +
      '[--level 0.95] [--poststratify FILE.json] [--rake FILE.json] [--trim LOW,HIGH] [--replicates jk1|jkn] ' +
      '[--format table|json|csv]\n       scilit estimate --db DB [--by group|FIELD[,FIELD]] [--scheme NAME] [--format ...]',
    options: {
      data: { type: 'string' },
      db: { type: 'string' },
      var: { type: 'string' },
      by: { type: 'string' },
      weight: { type: 'string' },
      strata: { type: 'string' },
      psu: { type: 'string' },
      fpc: { type: 'string' },
      nest: { type: 'boolean' },
      'lonely-psu': { type: 'string' },
      ci: { type: 'string' },
      level: { type: 'string' },
      poststratify: { type: 'string' },
      rake: { type: 'string' },
      trim: { type: 'string' },
      replicates: { type: 'string' },
      format: { type: 'string' },
      scheme: { type: 'string' },
      'scoring-scheme': { type: 'string' },
      form: { type: 'string' },
      target: { type: 'string' },
    },
    async run(ctx) {
      const format = optionalString(ctx, 'format') ?? 'table';
      let output: EstimateOutput;
      if (optionalString(ctx, 'db') !== undefined) {
        output = await estimateFromDatabase(ctx);
      } else {
        if (optionalString(ctx, 'data') === undefined) throw new UsageError('--data FILE or --db DB is required');
        output = await estimateFromFile(ctx);
      }
      for (const line of formatEstimates(output, format)) ctx.out(line);
      return 0;
    },
  },
];

/** `scilit estimate --db DB`: literacy estimates from stored interviews and scores (src/analysis). */
async function estimateFromDatabase(ctx: CommandContext): Promise<EstimateOutput> {
  const { openDatabase } = await import('../../../db/sqlite.ts');
  const { estimateLiteracy } = await import('../../analysis/estimate-literacy.ts');
  const { findWeightingScheme } = await import('../../store/weighting.ts');
  const o = parseOptions(ctx);
  const db = openDatabase(requireString(ctx, 'db'));
  try {
    const schemeName = optionalString(ctx, 'scheme');
    let weightingSchemeId: string | undefined;
    if (schemeName !== undefined) {
      const s = findWeightingScheme(db, schemeName);
      if (!s) throw new SurveyError('unknown_scheme', `no weighting scheme "${schemeName}" in this database`);
      weightingSchemeId = s.schemeId;
    }
    const target = optionalString(ctx, 'target');
    const r = estimateLiteracy(db, {
      formId: optionalString(ctx, 'form'),
      by: o.by.length === 1 && o.by[0] === 'group' ? 'group' : o.by.length ? o.by : undefined,
      weightingSchemeId,
      scoringSchemeId: optionalString(ctx, 'scoring-scheme'),
      ci: o.ci,
      level: o.level,
      target: target === undefined ? undefined : Number(target),
      lonelyPsu: o.lonely,
    });
    return {
      estimates: r.estimates,
      design: { ...r.design, run_id: r.runId, scoring_scheme: r.scoringSchemeId },
      weighting: r.weightingSchemeId ? { scheme_id: r.weightingSchemeId } : null,
      notes: r.notes,
    };
  } finally {
    db.close();
  }
}
