import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import Papa from 'papaparse';
import { z } from 'zod';
import { decodeText } from '../../interchange/csv/decode.ts';
import {
  type ColumnBuilder,
  FactorColumnBuilder,
  MISSING_LABEL,
  NumberColumnBuilder,
  requireComplete,
} from '../../survey/columns.ts';
import { scanPlainCsv } from '../../survey/csv.ts';
import { createDesign, type Design, degreesOfFreedom } from '../../survey/design.ts';
import { type DomainEstimate, type DomainSpec, domainsFromFactors, estimateDomains } from '../../survey/domains.ts';
import { SurveyError } from '../../survey/errors.ts';
import { crossFactors } from '../../survey/factor.ts';
import { publishFlags } from '../../survey/flags.ts';
import { effectiveSampleSize, proportionInterval } from '../../survey/intervals.ts';
import { type EstimateOutput, estimateOutput, formatEstimates } from '../../survey/output.ts';
import type { SuppliedType } from '../../survey/replicate/supplied.ts';
import type { Factor, IntervalMethod, LonelyPsu } from '../../survey/types.ts';
import { type Command, type CommandContext, optionalString, requireString, UsageError } from '../command.ts';

const LONELY: readonly LonelyPsu[] = ['fail', 'remove', 'certainty', 'adjust', 'average'];
const CI: readonly IntervalMethod[] = ['logit', 'likelihood', 'xlogit', 'beta', 'wilson', 'mean', 'asin'];

/** Columns a run needs, by role: numbers are parsed as they are read, categories coded. */
interface Wanted {
  numbers: Map<string, NumberColumnBuilder>;
  factors: Map<string, FactorColumnBuilder>;
  /** Further numeric columns chosen once the header is known (replicate weights by pattern). */
  more?: (header: string[]) => string[];
}

function want(): Wanted {
  return { numbers: new Map(), factors: new Map() };
}

/** A message naming the file when it cannot be read at all (missing, a folder, unreadable). */
function checkReadable(file: string): void {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(file);
  } catch {
    throw new SurveyError('no_file', `${file}: no such file`);
  }
  if (st.isDirectory()) throw new SurveyError('no_file', `${file} is a folder, not a data file`);
}

/** UTF-8 without quotes: the byte-level fast path applies. Other encodings go through the office decoder. */
function plainUtf8(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return false;
  let high = false;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) {
      high = true;
      break;
    }
  }
  if (!high) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads only the wanted columns of a CSV (papaparse, in chunks) or of the first sheet of an .xlsx (exceljs)
 * straight into typed columns. A CSV in GB18030, GBK or UTF-16 is decoded by the office importer's decoder
 * (src/interchange/csv/decode.ts), the one decoder of every file path. An unknown column is an error naming it
 * and the columns the file has.
 */
export async function readDataColumns(file: string, wanted: Wanted): Promise<number> {
  checkReadable(file);
  const ext = extname(file).toLowerCase();
  let header: string[] | undefined;
  let sinks: { index: number; builders: ColumnBuilder[] }[] = [];
  let rows = 0;
  const onHeader = (names: string[]) => {
    header = names.map((s) => s.replace(/^\uFEFF/, '').trim());
    for (const name of wanted.more?.(header) ?? []) {
      if (!wanted.numbers.has(name)) wanted.numbers.set(name, new NumberColumnBuilder(name));
    }
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
    try {
      await wb.xlsx.readFile(file);
    } catch (e) {
      throw new SurveyError('unreadable_file', `${file}: not a readable .xlsx workbook (${(e as Error).message})`);
    }
    const ws = wb.worksheets[0];
    if (!ws) throw new SurveyError('empty_file', `${file}: the workbook has no sheet`);
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      const values = (row.values as unknown[]).slice(1).map(cellValue);
      if (r === 1 || !header) onHeader(values.map((v) => (v === null ? '' : String(v))));
      else onRow(values);
    });
  } else {
    const bytes = new Uint8Array(readFileSync(file));
    const utf8 = plainUtf8(bytes);
    if (utf8 && bytes.indexOf(34) < 0) {
      // UTF-8 and no quotes anywhere: the byte-level fast path.
      rows = scanPlainCsv(bytes, (names) => {
        onHeader(names);
        return sinks.flatMap((s) => s.builders.map((builder) => ({ index: s.index, builder })));
      });
      if (!header) throw new SurveyError('empty_file', `${file}: no header row`);
      return rows;
    }
    let text: string;
    try {
      text = utf8 ? new TextDecoder().decode(bytes) : decodeText(bytes).text;
    } catch (e) {
      throw new SurveyError('unreadable_file', `${file}: ${(e as Error).message}`);
    }
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

const poststratifySchema = z.object({
  vars: z.array(z.string().min(1)).min(1),
  cells: z.array(z.record(z.string(), z.union([z.string(), z.number()]))).min(1),
});
const rakeSchema = z.object({
  margins: z.array(z.object({ var: z.string().min(1), targets: z.record(z.string(), z.number()) })).min(1),
  maxit: z.number().int().positive().optional(),
  epsilon: z.number().positive().optional(),
});

/** A targets file, checked: a missing or malformed part is named with the file, never a stack trace. */
function readTargets<T>(file: string, what: string, schema: z.ZodType<T>, example: string): T {
  checkReadable(file);
  let raw: unknown;
  try {
    raw = JSON.parse(decodeText(new Uint8Array(readFileSync(file))).text);
  } catch (e) {
    throw new SurveyError('bad_targets', `${file}: cannot read the ${what} file: ${(e as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length ? `"${issue.path.join('.')}"` : 'the file';
    throw new SurveyError(
      'bad_targets',
      `${file}: the ${what} file is not as expected at ${where}: ${issue?.message ?? 'invalid'} (expected e.g. ${example})`,
    );
  }
  return parsed.data;
}

type ReplicateKind = 'jk1' | 'jkn' | 'brr' | 'fay' | 'bootstrap';
const REPLICATES: readonly ReplicateKind[] = ['jk1', 'jkn', 'brr', 'fay', 'bootstrap'];
const SUPPLIED: readonly SuppliedType[] = ['BRR', 'Fay', 'JK1', 'JKn', 'bootstrap', 'other'];

function numberOption(ctx: CommandContext, name: string, check: (x: number) => boolean, what: string) {
  const v = optionalString(ctx, name);
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!check(x)) throw new UsageError(`--${name} must be ${what}`);
  return x;
}

function list(ctx: CommandContext, name: string): string[] {
  return (optionalString(ctx, name) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
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
  const rep = optionalString(ctx, 'replicates')?.toLowerCase();
  if (rep !== undefined && !REPLICATES.includes(rep as ReplicateKind)) {
    throw new UsageError(`--replicates must be one of ${REPLICATES.join('|')}`);
  }
  const replicates = rep as ReplicateKind | undefined;
  const repweights = optionalString(ctx, 'repweights');
  if (replicates && repweights) throw new UsageError('give either --replicates or --repweights, not both');
  const repType = optionalString(ctx, 'rep-type') ?? 'BRR'; // R svrepdesign's default type
  const supplied = SUPPLIED.find((t) => t.toLowerCase() === repType.toLowerCase());
  if (!supplied) throw new UsageError(`--rep-type must be one of ${SUPPLIED.join('|')}`);
  const combined = optionalString(ctx, 'combined') ?? 'true';
  if (combined !== 'true' && combined !== 'false') throw new UsageError('--combined must be true or false');
  const rscales = list(ctx, 'rscales').map(Number);
  if (rscales.some((x) => !Number.isFinite(x) || x < 0)) throw new UsageError('--rscales takes numbers ≥ 0');
  let trim: [number, number] | undefined;
  const t = optionalString(ctx, 'trim');
  if (t !== undefined) {
    const parts = t.split(',').map(Number);
    if (parts.length !== 2 || !parts.every(Number.isFinite)) throw new UsageError('--trim takes LOW,HIGH');
    trim = [parts[0] as number, parts[1] as number];
  }
  return {
    lonely,
    ci,
    level,
    format,
    replicates,
    repweights,
    supplied,
    combined: combined === 'true',
    scale: numberOption(ctx, 'scale', (x) => x > 0, 'a positive number'),
    rscales: rscales.length ? rscales : undefined,
    rho: numberOption(ctx, 'fay-rho', (x) => x >= 0 && x < 1, 'a number in [0, 1)'),
    count: numberOption(ctx, 'replicate-count', (x) => Number.isInteger(x) && x >= 2, 'an integer ≥ 2'),
    seed: numberOption(ctx, 'seed', (x) => Number.isInteger(x), 'an integer'),
    mse: ctx.values.mse === true,
    mean: ctx.values.mean === true,
    ...smallAreaOptions(ctx),
    trim,
    by: list(ctx, 'by'),
    groups: list(ctx, 'groups'),
  };
}

function smallAreaOptions(ctx: CommandContext) {
  const smallArea = optionalString(ctx, 'small-area');
  const covariates = optionalString(ctx, 'covariates');
  if (smallArea && !covariates) throw new UsageError('--small-area needs --covariates FILE.csv (one row per district)');
  const fhMethod = (optionalString(ctx, 'fh-method') ?? 'REML').toUpperCase();
  if (fhMethod !== 'REML' && fhMethod !== 'ML') throw new UsageError('--fh-method must be REML or ML');
  const fhMse = optionalString(ctx, 'fh-mse') ?? 'prasad-rao';
  if (fhMse !== 'prasad-rao' && fhMse !== 'datta-lahiri')
    throw new UsageError('--fh-mse must be prasad-rao or datta-lahiri');
  const fhScale = optionalString(ctx, 'fh-scale') ?? 'logit';
  if (fhScale !== 'logit' && fhScale !== 'linear') throw new UsageError('--fh-scale must be logit or linear');
  return {
    smallArea,
    covariates,
    fhMethod: fhMethod as 'REML' | 'ML',
    fhMse: fhMse as 'prasad-rao' | 'datta-lahiri',
    fhScale: fhScale as 'logit' | 'linear',
  };
}

/**
 * Fay–Herriot district estimates beside the direct ones: direct estimates and their design variances per
 * district (Taylor, the design of the run), the imported covariates, benchmarked to the overall direct estimate.
 */
async function smallAreaOf(
  o: ReturnType<typeof parseOptions>,
  design: Design,
  y: Float64Array,
  district: Factor,
  overall: number,
  warnings: string[],
): Promise<import('../../survey/sae/small-area.ts').SmallAreaResult> {
  const { smallAreaEstimates } = await import('../../survey/sae/small-area.ts');
  const { covariatesFromTable } = await import('../../survey/sae/covariates.ts');
  const file = o.covariates as string;
  checkReadable(file);
  const text = decodeText(new Uint8Array(readFileSync(file))).text;
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  if (!header) throw new SurveyError('empty_file', `${file}: no header row`);
  const covariates = covariatesFromTable(header, rows, o.smallArea as string, file);
  const domains = domainsFromFactors([{ name: o.smallArea as string, factor: district }]);
  const direct = estimateDomains(design, y, domains, { ci: 'mean', level: o.level, mean: o.mean })
    .slice(1)
    .map((e) => ({
      area: Object.values(e.domain)[0]!,
      estimate: e.estimate,
      variance: e.variance,
      n: e.n,
      sumW: e.sumW,
    }));
  const result = smallAreaEstimates(direct, covariates, {
    method: o.fhMethod,
    mse: o.fhMse,
    scale: o.fhScale,
    level: o.level,
    benchmark: overall,
  });
  warnings.push(...result.warnings.map((w) => `small-area: ${w}`));
  return result;
}

/** Without --mean the variable must be 0/1 (a share): any other value is refused, naming its row. */
function checkVariable(name: string, y: Float64Array, mean: boolean): void {
  if (mean) return;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (v === 0 || v === 1 || Number.isNaN(v)) continue;
    throw new SurveyError(
      'not_binary',
      `variable "${name}" has the value ${v} at data row ${i + 1}: a proportion needs 0/1 values; ` +
        'add --mean to estimate its mean instead',
    );
  }
}

/** `scilit estimate --data FILE ...`: the whole run from reading the file to the estimates. */
export async function estimateFromFile(ctx: CommandContext): Promise<EstimateOutput> {
  const file = requireString(ctx, 'data');
  const variable = requireString(ctx, 'var');
  const o = parseOptions(ctx);
  const targets: TargetFiles = {};
  const ps = optionalString(ctx, 'poststratify');
  if (ps) {
    targets.poststratify = readTargets(
      ps,
      'post-stratification',
      poststratifySchema,
      '{"vars":["sex"],"cells":[{"sex":"male","N":1000}]}',
    );
  }
  const rk = optionalString(ctx, 'rake');
  if (rk) {
    targets.rake = readTargets(
      rk,
      'raking',
      rakeSchema,
      '{"margins":[{"var":"sex","targets":{"male":1000,"female":1100}}]}',
    );
  }

  const w = want();
  const num = (name: string | undefined) => {
    if (name && !w.numbers.has(name)) w.numbers.set(name, new NumberColumnBuilder(name));
  };
  const fac = (name: string | undefined) => {
    if (name && !w.factors.has(name)) w.factors.set(name, new FactorColumnBuilder(name));
  };
  const weightCol = optionalString(ctx, 'weight');
  const strataCol = optionalString(ctx, 'strata');
  const psuCols = list(ctx, 'psu');
  const fpcCols = list(ctx, 'fpc');
  num(variable);
  num(weightCol);
  for (const f of fpcCols) num(f);
  fac(strataCol);
  for (const p of psuCols) fac(p);
  for (const b of o.by) fac(b);
  for (const g of o.groups) num(g);
  fac(o.smallArea);
  for (const v of targets.poststratify?.vars ?? []) fac(v);
  for (const m of targets.rake?.margins ?? []) fac(m.var);

  // Replicate weight columns are found by name once the header is known (a list or R's grep pattern).
  let repNames: string[] = [];
  if (o.repweights) {
    const spec = o.repweights;
    w.more = (header) => {
      repNames = replicateColumnNames(spec, header);
      return repNames;
    };
  }
  const n = await readDataColumns(file, w);
  if (n === 0) throw new SurveyError('empty_file', `${file}: no data rows`);
  const numbers = new Map([...w.numbers].map(([k, b]) => [k, b.finish()]));
  const repColumns = repNames.map((name) => ({ name, values: numbers.get(name) as Float64Array }));
  const factor = (name: string, role: string): Factor =>
    requireComplete(w.factors.get(name) as FactorColumnBuilder, role);
  const y = numbers.get(variable) as Float64Array;
  checkVariable(variable, y, o.mean);
  let weights = weightCol ? (numbers.get(weightCol) as Float64Array) : undefined;
  if (weights && weightCol) {
    const bad = weights.findIndex((v) => Number.isNaN(v));
    if (bad >= 0)
      throw new SurveyError('missing_value', `weight column "${weightCol}" is empty at data row ${bad + 1}`);
  }
  const fpcs = fpcCols.map((c) => {
    const v = numbers.get(c) as Float64Array;
    const bad = v.findIndex((x) => Number.isNaN(x));
    if (bad >= 0) throw new SurveyError('missing_value', `fpc column "${c}" is empty at data row ${bad + 1}`);
    return v;
  });
  if (fpcs.length > Math.max(1, psuCols.length)) {
    throw new UsageError(`--fpc gives ${fpcs.length} stages but --psu only ${Math.max(1, psuCols.length)}`);
  }
  const design0 = createDesign({
    n,
    weights,
    strata: strataCol ? factor(strataCol, 'strata') : undefined,
    psu: psuCols[0] ? factor(psuCols[0], 'PSU') : undefined,
    fpc: fpcs[0],
    stages: psuCols.slice(1).map((c, k) => ({ psu: factor(c, `stage-${k + 2} PSU`), fpc: fpcs[k + 1] })),
    nest: ctx.values.nest === true,
    lonelyPsu: o.lonely,
  });
  weights = design0.weights;

  const { steps, run, data } = await weightingSteps(n, weights, targets, o.trim, (name) => factor(name, 'weighting'));
  const design = run ? { ...design0, weights: run.weights, adjustments: run.adjustments } : design0;
  const byFactors = o.by.map((name) => ({ name, factor: w.factors.get(name)!.finish() }));
  const domains = [...domainsFromFactors(byFactors), ...groupDomains(o.groups, numbers)];
  const warnings: string[] = [];
  for (const d of run?.diagnostics ?? []) for (const x of d.warnings) warnings.push(x.message);
  const dropped = missingByRows(byFactors);
  if (dropped > 0) {
    warnings.push(
      `${dropped} rows have no value (NA or empty) in --by ${o.by.join(',')}: they are in no domain (as R's svyby), but in the overall estimate`,
    );
  }
  const missingY = y.reduce((k, v) => (Number.isNaN(v) ? k + 1 : k), 0);
  if (missingY > 0)
    warnings.push(`${missingY} rows have no value of "${variable}": left out of every estimate (as R's na.rm = TRUE)`);

  let estimates: DomainEstimate[];
  let variance = 'taylor';
  let df = degreesOfFreedom(design);
  const replicateInfo: Record<string, unknown> = {};
  if (o.replicates || o.repweights) {
    const { weightingData } = await import('../../survey/weighting/index.ts');
    const rep = await replicateEstimates(
      design0,
      y,
      domains,
      steps,
      data ?? weightingData(n, {}),
      o,
      repColumns,
      warnings,
    );
    estimates = rep.estimates;
    variance = rep.variance;
    df = estimates[0]?.df ?? df;
    Object.assign(replicateInfo, rep.info);
  } else {
    estimates = estimateDomains(design, y, domains, { ci: o.ci, level: o.level, mean: o.mean });
  }
  const smallArea = o.smallArea
    ? await smallAreaOf(o, design, y, w.factors.get(o.smallArea)!.finish(), estimates[0]!.estimate, warnings)
    : undefined;
  return estimateOutput(estimates, {
    smallArea,
    design: {
      rows: n,
      variable,
      weights: weightCol ?? null,
      strata: strataCol ?? null,
      psu: psuCols.length > 1 ? psuCols : (psuCols[0] ?? null),
      fpc: fpcCols.length > 1 ? fpcCols : (fpcCols[0] ?? null),
      nest: design.nest,
      lonely_psu: design.lonelyPsu,
      n_strata: design.nStrata,
      n_psu: design.nPsu,
      stages: 1 + design.stages.length,
      df,
      variance,
      ...replicateInfo,
    },
    weighting: run ? { steps, diagnostics: run.diagnostics } : null,
    warnings,
  });
}

/**
 * Overlapping groups (the five key populations): one 0/1 column each, a domain of the rows with 1, labelled
 * {group: column}, as the database path's `--by group`. A missing value is "not in the group"; other values are
 * refused with their row.
 */
function groupDomains(groups: readonly string[], numbers: Map<string, Float64Array>): DomainSpec[] {
  return groups.map((name) => {
    const col = numbers.get(name) as Float64Array;
    const mask = new Uint8Array(col.length);
    for (let i = 0; i < col.length; i++) {
      const v = col[i]!;
      if (v === 1) mask[i] = 1;
      else if (v !== 0 && !Number.isNaN(v)) {
        throw new SurveyError(
          'not_binary',
          `group column "${name}" has the value ${v} at data row ${i + 1}; groups are 0/1`,
        );
      }
    }
    return { domain: { group: name }, mask };
  });
}

/** Rows with a missing value in any by-column (they belong to no domain). */
function missingByRows(by: readonly { factor: Factor }[]): number {
  if (by.length === 0) return 0;
  const n = by[0]!.factor.codes.length;
  const missing = by.map((b) => b.factor.labels.indexOf(MISSING_LABEL));
  let k = 0;
  for (let i = 0; i < n; i++) if (by.some((b, t) => b.factor.codes[i] === missing[t])) k++;
  return k;
}

/** The replicate weight columns `spec` names among a header: a comma list, or a pattern matched as R's grep. */
function replicateColumnNames(spec: string, header: readonly string[]): string[] {
  if (spec.includes(',') || header.includes(spec)) return spec.split(',').map((s) => s.trim());
  let re: RegExp;
  try {
    re = new RegExp(spec);
  } catch {
    throw new UsageError(`--repweights "${spec}" is neither a column list nor a valid pattern`);
  }
  const names = header.filter((h) => re.test(h));
  if (names.length === 0) throw new SurveyError('bad_replicates', `no column matches --repweights "${spec}"`);
  return names;
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

/**
 * Replicate weights as R's as.svrepdesign (generated from the design) or svrepdesign (supplied columns), with
 * R's refusals: JK1 is for unstratified designs, JKn/BRR/Fay need strata; the first stage's fpc is used by the
 * jackknives, dropped (and said) for BRR and Fay as R does; later stages are not used by replicates (as R).
 */
async function replicateEstimates(
  design0: Design,
  y: Float64Array,
  domains: DomainSpec[],
  steps: Steps,
  data: import('../../survey/weighting/types.ts').WeightingData,
  o: ReturnType<typeof parseOptions>,
  columns: { name: string; values: Float64Array }[],
  warnings: string[],
): Promise<{ estimates: DomainEstimate[]; variance: string; info: Record<string, unknown> }> {
  const R = await import('../../survey/replicate/index.ts');
  const psu: Factor = {
    codes: design0.psu,
    labels: Array.from({ length: design0.nPsu }, (_, c) => design0.psuLabel(c)),
  };
  const strata: Factor | undefined = design0.hasStrata
    ? { codes: design0.stratum, labels: design0.strataLabels }
    : undefined;
  const base = design0.weights;
  const info: Record<string, unknown> = {};
  let basis: import('../../survey/replicate/index.ts').ReplicateBasis;
  let variance: string;
  if (design0.stages.length > 0 && design0.stages.some((s) => s.popSize)) {
    warnings.push('finite population corrections after the first stage are not used by replicate weights (as R)');
  }
  if (o.repweights) {
    const supplied = R.suppliedWeights({
      weights: base,
      columns,
      type: o.supplied,
      combined: o.combined,
      scale: o.scale,
      rscales: o.rscales,
      rho: o.rho,
    });
    warnings.push(...supplied.warnings);
    basis = supplied;
    variance = `replicate weights (${o.supplied})`;
    info.replicate_columns = columns.map((c) => c.name);
  } else {
    const kind = o.replicates as ReplicateKind;
    if (kind === 'jk1' && design0.hasStrata) {
      throw new SurveyError(
        'bad_replicates',
        "JK1 replicates can't be used for a stratified design: use --replicates jkn (as R)",
      );
    }
    if ((kind === 'jkn' || kind === 'brr' || kind === 'fay') && !design0.hasStrata) {
      throw new SurveyError(
        'bad_replicates',
        `--replicates ${kind} needs --strata: use jk1 or bootstrap for an unstratified design (as R)`,
      );
    }
    variance = kind;
    if (kind === 'jk1' || kind === 'jkn') {
      basis = R.jackknifeWeights({
        weights: base,
        strata,
        psu,
        type: kind,
        lonelyPsu: design0.lonelyPsu,
        popSize: design0.popSize,
      });
    } else if (kind === 'brr' || kind === 'fay') {
      if (kind === 'fay' && o.rho === undefined) throw new UsageError('--replicates fay needs --fay-rho (e.g. 0.5)');
      if (design0.popSize) warnings.push('finite population correction dropped for BRR/Fay replicates (as R)');
      const brr = R.brrWeights({ weights: base, strata: strata as Factor, psu, rho: kind === 'fay' ? o.rho : 0 });
      if (brr.hadamardNote) warnings.push(brr.hadamardNote);
      basis = brr;
      info.fay_rho = brr.rho;
    } else {
      if (design0.popSize)
        warnings.push("finite population correction not used by the bootstrap (as R's subbootstrap)");
      const boot = R.bootstrapWeights({ weights: base, strata, psu, replicates: o.count, seed: o.seed });
      basis = boot;
      info.seed = boot.seed;
    }
  }
  info.replicates = basis.count;
  info.scale = basis.scale;
  info.mse = o.mse;
  const rw = R.replicateWeighting({ base, basis, steps, data });
  const estimates = R.estimateReplicateDomains({
    basis: rw.design,
    base,
    weights: rw.weighting.weights,
    replicateWeights: rw.replicateWeights,
    groups: rw.groups,
    y,
    domains,
    proportion: !o.mean,
    ci: o.ci,
    level: o.level,
    mse: o.mse,
  });
  return { estimates, variance, info };
}

export const estimateCommands: Command[] = [
  {
    name: 'estimate',
    summary: 'weighted mean or proportion with design-based SE and CI, overall and by domain (as R survey)',
    usage:
      '--data FILE(.csv|.xlsx) --var COL [--mean] [--by COL[,COL]] [--groups COL[,COL...]] [--weight COL] [--strata COL] ' +
      '[--psu COL[,COL2,...]] [--fpc COL[,COL2,...]] [--nest] [--lonely-psu fail|remove|certainty|adjust|average] ' +
      '[--ci logit|xlogit|beta|wilson|mean|asin] [--level 0.95] [--poststratify FILE.json] [--rake FILE.json] ' +
      '[--trim LOW,HIGH] [--replicates jk1|jkn|brr|fay|bootstrap [--fay-rho R] [--replicate-count N] [--seed S]] ' +
      '[--repweights COLS|PATTERN [--rep-type BRR|Fay|JK1|JKn|bootstrap|other] [--scale S] [--rscales A,B,...] ' +
      '[--combined true|false]] [--mse] [--small-area COL --covariates FILE.csv [--fh-method REML|ML] ' +
      '[--fh-mse prasad-rao|datta-lahiri] [--fh-scale logit|linear]] [--format table|json|csv]\n' +
      '       scilit estimate --db DB [--by group|FIELD[,FIELD]] [--scheme NAME] [--format ...]',
    options: {
      data: { type: 'string' },
      db: { type: 'string' },
      var: { type: 'string' },
      by: { type: 'string' },
      groups: { type: 'string' },
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
      'fay-rho': { type: 'string' },
      'replicate-count': { type: 'string' },
      seed: { type: 'string' },
      repweights: { type: 'string' },
      'rep-type': { type: 'string' },
      scale: { type: 'string' },
      rscales: { type: 'string' },
      combined: { type: 'string' },
      mse: { type: 'boolean' },
      mean: { type: 'boolean' },
      'small-area': { type: 'string' },
      covariates: { type: 'string' },
      'fh-method': { type: 'string' },
      'fh-mse': { type: 'string' },
      'fh-scale': { type: 'string' },
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
      // A CSV stays a table: its warnings go to stderr (JSON carries them, the table prints them).
      if (format === 'csv') for (const w of output.warnings ?? []) ctx.err(`warning: ${w}`);
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
