import type { WeightingWarning } from '../types.ts';
import { weightDiagnostics } from './diagnostics.ts';
import { WeightingError } from './errors.ts';
import type { WeightingStepResult } from './types.ts';

/**
 * Trimming (§2.5.6), as R `trimWeights`: weights are clipped to [lower, upper] and the clipped excess is shared
 * equally among the weights that were inside; with `strict` this repeats until no weight is outside. Like R,
 * trimming leaves the variance adjustments of earlier steps in place and adds none. Rows with weight 0 (non-
 * respondents) are outside the sample: they stay 0 and take no share, as if R's design held respondents only.
 */
export function trimWeights(
  w: Float64Array,
  lower: number,
  upper: number,
  opts: { strict?: boolean } = {},
): WeightingStepResult {
  if (!(lower <= upper)) {
    throw new WeightingError('invalid_targets', `Trimming: lower bound ${lower} is above upper bound ${upper}.`);
  }
  if (opts.strict) {
    // Strict trimming can only end if every weight fits: Σw must lie within [k·lower, k·upper].
    let sum = 0;
    let k = 0;
    for (let i = 0; i < w.length; i++) {
      if (w[i] === 0) continue;
      sum += w[i]!;
      k++;
    }
    if (sum > k * upper || sum < k * lower) {
      throw new WeightingError(
        'invalid_targets',
        `Trimming: ${k} weights summing to ${sum} cannot all lie within [${lower}, ${upper}]; widen the bounds.`,
      );
    }
  }
  let current = Float64Array.from(w);
  let rounds = 0;
  const warnings: WeightingWarning[] = [];
  for (;;) {
    let outsideCount = 0;
    let inSample = 0;
    let trimmings = 0;
    const next = new Float64Array(current.length);
    const outside = new Uint8Array(current.length);
    for (let i = 0; i < current.length; i++) {
      const v = current[i]!;
      if (v === 0) continue;
      inSample++;
      if (v < lower || v > upper) {
        outside[i] = 1;
        outsideCount++;
      }
      const clipped = Math.max(lower, Math.min(v, upper));
      next[i] = clipped;
      trimmings += v - clipped;
    }
    if (outsideCount === 0) break;
    const inside = inSample - outsideCount;
    if (inside === 0) {
      throw new WeightingError('invalid_weights', `Trimming: every weight is outside [${lower}, ${upper}].`);
    }
    const share = trimmings / inside;
    for (let i = 0; i < next.length; i++) if (!outside[i] && current[i] !== 0) next[i]! += share;
    current = next;
    rounds++;
    if (rounds === 1)
      warnings.push({
        code: 'trimmed',
        values: { count: outsideCount },
        message: `${outsideCount} weights were trimmed.`,
      });
    if (!opts.strict) break;
    if (rounds >= 1000) {
      warnings.push({
        code: 'trim_unsettled',
        values: { rounds },
        message: `Strict trimming stopped after ${rounds} rounds with weights still outside the bounds.`,
      });
      break;
    }
  }
  return {
    weights: current,
    diagnostics: weightDiagnostics('trim', current, { iterations: rounds, warnings }),
  };
}
