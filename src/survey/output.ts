import { csvLine } from '../util/csv.ts';
import type { DomainEstimate } from './domains.ts';
import { isSuppressed } from './flags.ts';
import type { SmallAreaResult } from './sae/small-area.ts';

/**
 * The JSON contract of `scilit estimate` (issue 5): estimates in order — overall first, then one per domain —
 * with numbers at full double precision (NaN becomes null), then the design and the weighting that made them.
 */
export interface EstimateRow {
  domain: Record<string, string>;
  estimate: number;
  se: number;
  ci: [number, number];
  df: number;
  deff: number;
  n: number;
  n_eff: number;
  sum_w: number;
  n_kish: number;
  variance: number;
  ci_method: string;
  level: number;
  proportion: boolean;
  flags: string[];
}

export interface EstimateOutput {
  estimates: EstimateRow[];
  design: Record<string, unknown>;
  weighting: unknown;
  notes?: string[];
  /** What the user must know about these numbers (non-convergence, trimming, dropped rows): every format shows them. */
  warnings?: string[];
  /** Model-based district estimates (Fay–Herriot), when asked for. */
  small_area?: SmallAreaResult;
}

export function estimateRow(e: DomainEstimate): EstimateRow {
  return {
    domain: e.domain,
    estimate: e.estimate,
    se: e.se,
    ci: e.ci,
    df: e.df,
    deff: e.deff,
    n: e.n,
    n_eff: e.nEff,
    sum_w: e.sumW,
    n_kish: e.nKish,
    variance: e.variance,
    ci_method: e.ciMethod,
    level: e.level,
    proportion: e.proportion,
    flags: e.flags,
  };
}

export function estimateOutput(
  estimates: readonly DomainEstimate[],
  rest: {
    design: Record<string, unknown>;
    weighting: unknown;
    notes?: string[];
    warnings?: string[];
    smallArea?: SmallAreaResult;
  },
): EstimateOutput {
  const { smallArea, ...others } = rest;
  return { estimates: estimates.map(estimateRow), ...others, ...(smallArea ? { small_area: smallArea } : {}) };
}

/** The mark a suppressed estimate shows instead of a number (methodology.md §2.7). */
export const SUPPRESSED_MARK = '‡';

const fixed = (x: number, d: number) => (Number.isFinite(x) ? x.toFixed(d) : 'NA');

function domainLabel(d: Record<string, string>): string {
  const parts = Object.entries(d).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(', ') : '(all)';
}

/** Lines to print: JSON (full precision), CSV, or an aligned table; table and CSV never print suppressed numbers. */
export function formatEstimates(out: EstimateOutput, format: string): string[] {
  if (format === 'json') return [JSON.stringify(out)];
  const byNames = [...new Set(out.estimates.flatMap((e) => Object.keys(e.domain)))];
  if (format === 'csv') {
    const head = [...byNames, 'estimate', 'se', 'ci_low', 'ci_high', 'df', 'deff', 'n', 'n_eff', 'sum_w', 'flags'];
    const lines = [csvLine(head)];
    for (const e of out.estimates) {
      const hide = isSuppressed(e.flags);
      // Numbers go out as numbers (a negative difference stays a number); text through the one CSV writer.
      const num = (x: number) => (hide ? SUPPRESSED_MARK : Number.isFinite(x) ? x : '');
      lines.push(
        csvLine([
          ...byNames.map((b) => e.domain[b] ?? ''),
          num(e.estimate),
          num(e.se),
          num(e.ci[0]),
          num(e.ci[1]),
          e.df,
          Number.isFinite(e.deff) ? e.deff : '',
          e.n,
          e.n_eff,
          e.sum_w,
          e.flags.join(' '),
        ]),
      );
    }
    return lines;
  }
  const rows = out.estimates.map((e) => {
    const hide = isSuppressed(e.flags);
    const pct = e.proportion ? 100 : 1;
    const d = e.proportion ? 2 : 3;
    return [
      domainLabel(e.domain),
      hide ? SUPPRESSED_MARK : fixed(e.estimate * pct, d),
      hide ? SUPPRESSED_MARK : fixed(e.se * pct, d),
      hide ? SUPPRESSED_MARK : `[${fixed(e.ci[0] * pct, d)}, ${fixed(e.ci[1] * pct, d)}]`,
      String(e.df),
      fixed(e.deff, 3),
      String(e.n),
      fixed(e.n_eff, 1),
      fixed(e.sum_w, 1),
      e.flags.join(' '),
    ];
  });
  const first = out.estimates[0];
  const unit = first?.proportion ? ' (%)' : '';
  const head = [
    'domain',
    `estimate${unit}`,
    'se',
    `${Math.round((first?.level ?? 0.95) * 100)}% CI (${first?.ci_method ?? ''})`,
    'df',
    'deff',
    'n',
    'n_eff',
    'sum_w',
    'flags',
  ];
  const all = [head, ...rows];
  const widths = head.map((_, c) => Math.max(...all.map((r) => (r[c] as string).length)));
  const lines = all.map((r) =>
    r
      .map((s, c) => (c === 0 ? s.padEnd(widths[c] as number) : s.padStart(widths[c] as number)))
      .join('  ')
      .trimEnd(),
  );
  if (out.small_area) lines.push(...smallAreaTable(out.small_area));
  if (out.notes) for (const n of out.notes) lines.push(`note: ${n}`);
  for (const w of out.warnings ?? []) lines.push(`warning: ${w}`);
  return lines;
}

/** The district table of a Fay–Herriot run: direct and model-based side by side, labelled model-based. */
function smallAreaTable(r: SmallAreaResult): string[] {
  const pct = (x: number) => (Number.isFinite(x) ? (x * 100).toFixed(2) : 'NA');
  const head = [
    'district',
    'n',
    'direct (%)',
    'se',
    'model-based (%)',
    'rmse',
    `${Math.round(r.level * 100)}% CI`,
    'benchmarked',
    'weight of direct',
  ];
  const rows = r.areas.map((a) => [
    a.area,
    String(a.n),
    a.direct ? pct(a.direct.estimate) : '—',
    a.direct ? pct(a.direct.se) : '—',
    `${pct(a.estimate)}${a.synthetic ? ' (synthetic)' : ''}`,
    pct(a.rmse),
    `[${pct(a.ci[0])}, ${pct(a.ci[1])}]`,
    pct(a.benchmarked),
    a.gamma.toFixed(3),
  ]);
  const all = [head, ...rows];
  const widths = head.map((_, c) => Math.max(...all.map((x) => (x[c] as string).length)));
  const fit = r.fit;
  return [
    '',
    `small-area estimates (model-based: Fay–Herriot, ${r.method}, ${r.scale} scale, MSE ${r.mse}; covariates ${r.covariates.join(', ')})`,
    ...all.map((x) =>
      x
        .map((s, c) => (c === 0 ? s.padEnd(widths[c]!) : s.padStart(widths[c]!)))
        .join('  ')
        .trimEnd(),
    ),
    `model: area variance ${fit.areaVariance.toPrecision(4)}, ${fit.coefficients.map((c) => `${c.name} ${c.estimate.toPrecision(4)} (se ${c.se.toPrecision(3)})`).join(', ')}; ` +
      `loglike ${fit.loglike.toFixed(3)}, AIC ${fit.aic.toFixed(3)}, BIC ${fit.bic.toFixed(3)}; ${fit.areasInModel} districts in the model` +
      (r.benchmark ? `; benchmarked to ${pct(r.benchmark.target)}% (factor ${r.benchmark.factor.toFixed(4)})` : ''),
  ];
}
