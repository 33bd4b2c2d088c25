/**
 * What a statistician looks at after weighting (methodology.md §2.5): the distribution of a scheme's final weights
 * as a histogram (bins computed here, so the UI never receives 100,000 weights), their summary (min, quartiles,
 * max, CV, Kish's n and weighting design effect 1 + CV²) and the stored run's per-step diagnostics.
 *
 *   weightDistribution(db, schemeIdOrName, bins = 30): WeightDistribution
 *   relativeTrim(db, definition, { lower, upper }): the definition with a trim step in absolute weights
 *
 * Trimming bounds: the engine (R's trimWeights) takes absolute weights; statisticians state them relative to the
 * mean weight (0.3 × to 3 × the mean). relativeTrim runs the steps before trimming to learn the mean weight and
 * writes the absolute bounds into the scheme, so that the stored scheme re-runs exactly as R would.
 */
import type { SqlDriver } from '../store/driver.ts';
import { StoreError } from '../store/errors.ts';
import { findWeightingScheme, storedWeights } from '../store/weighting.ts';
import type { WeightDiagnostics, WeightingWarning } from '../survey/types.ts';
import { parseWeightingScheme, WeightingError } from '../survey/weighting/index.ts';
import { prepareWeightingScheme } from './weighting-run.ts';

export interface WeightDistribution {
  schemeId: string;
  name: string;
  runAt: string | null;
  n: number;
  sumW: number;
  mean: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  /** sd / mean (population form, as the step diagnostics). */
  cv: number;
  /** (Σw)² / Σw². */
  nKish: number;
  /** n / n_kish = 1 + CV²: the variance inflation from unequal weights alone. */
  deffKish: number;
  bins: { from: number; to: number; count: number }[];
  /** The last run's diagnostics per step (convergence, iterations, min/max/CV, n_kish), as stored. */
  steps: WeightDiagnostics[];
  converged: boolean | null;
  warnings: WeightingWarning[];
  /** The trimming step's bounds in weights and relative to the mean weight, when the scheme trims. */
  trim: { lower: number; upper: number; lowerRelative: number; upperRelative: number } | null;
}

function quantile(sorted: Float64Array, p: number): number {
  // R's type 7.
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

export function weightDistribution(db: SqlDriver, scheme: string, binCount = 30): WeightDistribution {
  const row = findWeightingScheme(db, scheme);
  if (!row) throw new StoreError('not_found', `no weighting scheme "${scheme}" in this database.`);
  const weights = Float64Array.from(storedWeights(db, row.schemeId).values());
  if (weights.length === 0) {
    throw new StoreError('not_found', `weighting scheme "${row.name}" has no weights yet: run it first.`);
  }
  weights.sort();
  const n = weights.length;
  let sum = 0;
  let sum2 = 0;
  for (const w of weights) {
    sum += w;
    sum2 += w * w;
  }
  const mean = sum / n;
  const min = weights[0] as number;
  const max = weights[n - 1] as number;
  const cv = mean > 0 ? Math.sqrt(Math.max(0, sum2 / n - mean * mean)) / mean : 0;
  const nKish = sum2 > 0 ? (sum * sum) / sum2 : 0;
  // Equal-width bins from min to max; all weights equal → one bin.
  const k = max > min ? binCount : 1;
  const width = max > min ? (max - min) / k : 1;
  const counts = new Array<number>(k).fill(0);
  for (const w of weights) counts[Math.min(k - 1, Math.floor((w - min) / width))]! += 1;
  const bins = counts.map((count, i) => ({
    from: min + i * width,
    to: i === k - 1 ? max : min + (i + 1) * width,
    count,
  }));

  const stored = (row.diagnostics ?? {}) as {
    diagnostics?: WeightDiagnostics[];
    converged?: boolean;
    warnings?: WeightingWarning[];
  };
  let trim: WeightDistribution['trim'] = null;
  try {
    const t = parseWeightingScheme(row.definition).steps.find((s) => s.step === 'trim');
    if (t && t.step === 'trim') {
      trim = { lower: t.lower, upper: t.upper, lowerRelative: t.lower / mean, upperRelative: t.upper / mean };
    }
  } catch {
    // An unreadable definition: no trimming bounds to show.
  }
  return {
    schemeId: row.schemeId,
    name: row.name,
    runAt: row.runAt,
    n,
    sumW: sum,
    mean,
    min,
    q1: quantile(weights, 0.25),
    median: quantile(weights, 0.5),
    q3: quantile(weights, 0.75),
    max,
    cv,
    nKish,
    deffKish: nKish > 0 ? n / nKish : Number.NaN,
    bins,
    steps: stored.diagnostics ?? [],
    converged: stored.converged ?? null,
    warnings: stored.warnings ?? [],
    trim,
  };
}

/**
 * A scheme definition whose trimming bounds are given relative to the mean weight (e.g. 0.3 and 3): the steps
 * before trimming are run (nothing stored) to learn the mean weight, and the trim step gets absolute bounds.
 * Trimming keeps Σw, so the mean weight after trimming is the same.
 */
export function relativeTrim(
  db: SqlDriver,
  definition: unknown,
  bounds: { lower: number; upper: number; strict?: boolean },
): { definition: unknown; meanWeight: number; lower: number; upper: number } {
  if (!(bounds.lower < 1 && bounds.upper > 1)) {
    throw new WeightingError(
      'invalid_targets',
      `Trimming bounds relative to the mean weight must enclose 1 (the mean): ${bounds.lower}× to ${bounds.upper}×.`,
    );
  }
  const scheme = parseWeightingScheme(definition);
  const before = { ...scheme, steps: scheme.steps.filter((s) => s.step !== 'trim') };
  const { run } = prepareWeightingScheme(db, before);
  let sum = 0;
  let k = 0;
  for (const w of run.weights) {
    if (w === 0) continue;
    sum += w;
    k++;
  }
  const meanWeight = k > 0 ? sum / k : 1;
  const lower = bounds.lower * meanWeight;
  const upper = bounds.upper * meanWeight;
  return {
    definition: {
      ...before,
      steps: [...before.steps, { step: 'trim', lower, upper, ...(bounds.strict ? { strict: true } : {}) }],
    },
    meanWeight,
    lower,
    upper,
  };
}
