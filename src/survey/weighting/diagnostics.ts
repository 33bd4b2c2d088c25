import type { WeightDiagnostics, WeightingWarning } from '../types.ts';

/**
 * Min, max and CV are taken over the rows with a non-zero weight (a non-respondent's weight 0 is not a weight
 * of the sample); Σw and Kish's n = (Σw)²/Σw² are the same either way.
 */
export function weightDiagnostics(
  step: string,
  w: Float64Array,
  extra: { converged?: boolean; iterations?: number; warnings?: WeightingWarning[] } = {},
): WeightDiagnostics {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let sum2 = 0;
  let k = 0;
  for (let i = 0; i < w.length; i++) {
    const v = w[i]!;
    if (v === 0) continue;
    k++;
    sum += v;
    sum2 += v * v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = k > 0 ? sum / k : 0;
  const variance = k > 0 ? Math.max(0, sum2 / k - mean * mean) : 0;
  return {
    step,
    ...(extra.converged === undefined ? {} : { converged: extra.converged }),
    ...(extra.iterations === undefined ? {} : { iterations: extra.iterations }),
    min: k > 0 ? min : 0,
    max: k > 0 ? max : 0,
    cv: mean > 0 ? Math.sqrt(variance) / mean : 0,
    nKish: sum2 > 0 ? (sum * sum) / sum2 : 0,
    sumW: sum,
    warnings: extra.warnings ?? [],
  };
}
