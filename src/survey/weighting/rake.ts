import type { Factor, VarianceAdjustment } from '../types.ts';
import { weightDiagnostics } from './diagnostics.ts';
import { interactFactors, sumByCode } from './factor.ts';
import { postStratumRatios } from './poststratify.ts';
import type { RakeMargin, RakeOptions, WeightingStepResult } from './types.ts';

/**
 * Raking (§2.5.4), exactly R `rake`: each pass post-stratifies on every margin in turn; after a pass the
 * weighted table of the cross-classification of all margin variables is compared with the previous one, and
 * raking stops when the largest absolute change is below epsilon (epsilon < 1 is relative to the initial Σw).
 * Not converging after maxit passes is a warning. `iterations` in the diagnostics counts the passes run.
 */
export function rake(w: Float64Array, margins: readonly RakeMargin[], opts: RakeOptions = {}): WeightingStepResult {
  const maxit = opts.maxit ?? 10;
  const eps0 = opts.epsilon ?? 1;
  let sumW = 0;
  for (let i = 0; i < w.length; i++) sumW += w[i]!;
  const epsilon = eps0 < 1 ? eps0 * sumW : eps0;
  const joint = interactFactors(margins.map((m) => m.factor));
  const k = joint.labels.length;
  let oldTable = sumByCode(joint.codes, k, w);
  let current = w;
  let finalPass: Float64Array[] = [];
  const warnings: string[] = [];
  let passes = 0;
  let converged = false;
  const forced = opts.passes;
  // R: while (iter < maxit) { pass; if (delta < eps) break; iter++ }
  for (let iter = 0; forced === undefined ? iter < maxit : passes < forced; ) {
    finalPass = [];
    for (const m of margins) {
      const { ratios, warnings: ws } = postStratumRatios(
        current,
        m.factor,
        m.targets,
        false,
        `Raking margin "${m.name}"`,
      );
      if (passes === 0) warnings.push(...ws);
      const next = new Float64Array(current.length);
      const codes = m.factor.codes;
      for (let i = 0; i < current.length; i++) next[i] = current[i]! * ratios[codes[i]!]!;
      finalPass.push(next);
      current = next;
    }
    passes++;
    if (forced !== undefined) continue;
    const newTable = sumByCode(joint.codes, k, current);
    let delta = 0;
    for (let c = 0; c < k; c++) delta = Math.max(delta, Math.abs(oldTable[c]! - newTable[c]!));
    if (delta < epsilon) {
      converged = true;
      break;
    }
    oldTable = newTable;
    iter++;
  }
  if (forced === undefined && !converged) warnings.push(`Raking did not converge after ${passes} iterations.`);
  const weights = current === w ? Float64Array.from(w) : current;
  return {
    weights,
    adjustment: rakeAdjustment(
      margins.map((m) => m.factor),
      finalPass,
    ),
    diagnostics: weightDiagnostics('rake', weights, {
      converged: forced === undefined ? converged : true,
      iterations: passes,
      warnings,
    }),
  };
}

/**
 * R svyrecvar's "raking" postStrata: 10 sweeps over the margins of z ← z − psw · mean(z/psw | level), with psw
 * the weights right after that margin's post-stratification in the last pass. Rows with weight 0 are outside
 * the sample: they keep z = 0 and do not enter the level means (R would give NaN there).
 */
function rakeAdjustment(factors: readonly Factor[], psws: readonly Float64Array[]): VarianceAdjustment {
  const counts = factors.map((f, m) => {
    const c = new Float64Array(f.labels.length);
    const psw = psws[m]!;
    for (let i = 0; i < psw.length; i++) if (psw[i] !== 0) c[f.codes[i]!]! += 1;
    return c;
  });
  return {
    kind: 'rake',
    adjust(z0: Float64Array): Float64Array {
      const n = z0.length;
      const z = Float64Array.from(z0);
      for (let sweep = 0; sweep < 10; sweep++) {
        for (let m = 0; m < factors.length; m++) {
          const { codes, labels } = factors[m]!;
          const psw = psws[m]!;
          const sums = new Float64Array(labels.length);
          for (let i = 0; i < n; i++) if (psw[i] !== 0) sums[codes[i]!]! += z[i]! / psw[i]!;
          const count = counts[m]!;
          for (let c = 0; c < labels.length; c++) if (count[c]! > 0) sums[c]! /= count[c]!;
          for (let i = 0; i < n; i++) if (psw[i] !== 0) z[i]! -= psw[i]! * sums[codes[i]!]!;
        }
      }
      return z;
    },
  };
}
