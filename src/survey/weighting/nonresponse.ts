import type { Factor } from '../types.ts';
import { weightDiagnostics } from './diagnostics.ts';
import { WeightingError } from './errors.ts';
import { sumByCode } from './factor.ts';
import type { WeightingStepResult } from './types.ts';

/**
 * Weighting-class non-response adjustment (§2.5.2): a respondent's weight is multiplied by
 * Σ_c w / Σ_{respondents in c} w; a non-respondent's weight becomes 0 (the row stays in the design, so its
 * PSU still counts, as in R with a zero weight). The Taylor variance treats the adjusted weights as given.
 */
export function nonResponseAdjust(w: Float64Array, classes: Factor, responded: Uint8Array): WeightingStepResult {
  const k = classes.labels.length;
  const all = sumByCode(classes.codes, k, w);
  const resp = new Float64Array(k);
  for (let i = 0; i < w.length; i++) if (responded[i]) resp[classes.codes[i]!]! += w[i]!;
  for (let c = 0; c < k; c++) {
    if (all[c]! > 0 && !(resp[c]! > 0)) {
      throw new WeightingError(
        'empty_cell',
        `Non-response class "${classes.labels[c]}" has no respondent: merge it with another class.`,
      );
    }
  }
  const weights = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) {
    const c = classes.codes[i]!;
    weights[i] = responded[i] ? (w[i]! * all[c]!) / resp[c]! : 0;
  }
  return { weights, diagnostics: weightDiagnostics('nonresponse', weights) };
}
