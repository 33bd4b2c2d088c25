import { weightDiagnostics } from './diagnostics.ts';
import { WeightingError } from './errors.ts';
import type { WeightingStepResult } from './types.ts';

/** Base weights w = 1/π from selection probabilities (§2.5.1). */
export function baseWeights(probabilities: Float64Array): WeightingStepResult {
  const weights = new Float64Array(probabilities.length);
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    if (!(p > 0 && p <= 1)) {
      throw new WeightingError('invalid_weights', `Row ${i + 1}: selection probability ${p} is not in (0, 1].`);
    }
    weights[i] = 1 / p;
  }
  return { weights, diagnostics: weightDiagnostics('base', weights) };
}
