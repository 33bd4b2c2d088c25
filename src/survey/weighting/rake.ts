import type { Factor, VarianceAdjustment, WeightingWarning } from '../types.ts';
import { weightDiagnostics } from './diagnostics.ts';
import { interactFactors, sumByCode } from './factor.ts';
import { postStratumRatios } from './poststratify.ts';
import type { RakeMargin, RakeOptions, WeightingStepResult } from './types.ts';

/**
 * Raking (§2.5.4), exactly R `rake`: each pass post-stratifies on every margin in turn; after a pass the
 * weighted table of the cross-classification of all margin variables is compared with the previous one, and
 * raking stops when the largest absolute change is below epsilon (epsilon < 1 is relative to the initial Σw).
 * Not converging after maxit passes is a warning. `iterations` in the diagnostics counts the passes run.
 *
 * Every post-stratification multiplies a row's weight by a factor of its margin level, so a row's final
 * weight is its initial weight times a factor of its joint cell: the passes run on the joint cells' weight
 * totals (a few dozen numbers) instead of on every row, which gives R's weights up to rounding.
 */
export function rake(w: Float64Array, margins: readonly RakeMargin[], opts: RakeOptions = {}): WeightingStepResult {
  const maxit = opts.maxit ?? 10;
  const eps0 = opts.epsilon ?? 1;
  const n = w.length;
  let sumW = 0;
  for (let i = 0; i < n; i++) sumW += w[i]!;
  const epsilon = eps0 < 1 ? eps0 * sumW : eps0;
  const joint = interactFactors(margins.map((m) => m.factor));
  const k = joint.labels.length;
  // Level of each margin for each joint cell.
  const cellLevel = margins.map(() => new Int32Array(k));
  const seen = new Uint8Array(k);
  for (let i = 0; i < n; i++) {
    const c = joint.codes[i]!;
    if (seen[c]) continue;
    seen[c] = 1;
    for (let m = 0; m < margins.length; m++) cellLevel[m]![c] = margins[m]!.factor.codes[i]!;
  }
  const cellW = sumByCode(joint.codes, k, w);
  const factor = new Float64Array(k).fill(1);
  let oldTable = Float64Array.from(cellW);
  let finalRatios: Float64Array[] = [];
  const warnings: WeightingWarning[] = [];
  let passes = 0;
  let converged = false;
  const forced = opts.passes;
  // R: while (iter < maxit) { pass; if (delta < eps) break; iter++ }
  for (let iter = 0; forced === undefined ? iter < maxit : passes < forced; ) {
    finalRatios = [];
    for (let m = 0; m < margins.length; m++) {
      const margin = margins[m]!;
      const levels = cellLevel[m]!;
      const sample = new Float64Array(margin.factor.labels.length);
      for (let c = 0; c < k; c++) sample[levels[c]!]! += cellW[c]! * factor[c]!;
      const { ratios, warnings: ws } = postStratumRatios(
        sample,
        margin.factor.labels,
        margin.targets,
        false,
        `Raking margin "${margin.name}"`,
        margin.name,
      );
      if (passes === 0) warnings.push(...ws);
      for (let c = 0; c < k; c++) factor[c]! *= ratios[levels[c]!]!;
      finalRatios.push(ratios);
    }
    passes++;
    if (forced !== undefined) continue;
    const newTable = new Float64Array(k);
    let delta = 0;
    for (let c = 0; c < k; c++) {
      newTable[c] = cellW[c]! * factor[c]!;
      delta = Math.max(delta, Math.abs(oldTable[c]! - newTable[c]!));
    }
    if (delta < epsilon) {
      converged = true;
      break;
    }
    oldTable = newTable;
    iter++;
  }
  if (forced === undefined && !converged)
    warnings.push({
      code: 'not_converged',
      values: { passes },
      message: `Raking did not converge after ${passes} iterations.`,
    });
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) weights[i] = w[i]! * factor[joint.codes[i]!]!;
  return {
    weights,
    adjustment: rakeAdjustment(
      joint,
      cellLevel,
      finalRatios,
      weights,
      margins.map((m) => m.factor.labels.length),
    ),
    diagnostics: weightDiagnostics('rake', weights, {
      converged: forced === undefined ? converged : true,
      iterations: passes,
      warnings,
    }),
  };
}

/**
 * R svyrecvar's "raking" postStrata: 10 sweeps over the margins of z ← z − psw_m · mean(z/psw_m | level), with
 * psw_m the weights right after margin m's post-stratification in the last pass. psw_m = w / c_m(cell), with
 * c_m the product of the later margins' ratios, so with u = z/w a sweep subtracts mean/c_m from every row of a
 * cell alike: the sweeps run on cell sums of u and the rows are updated once. Rows with weight 0 are outside
 * the sample: they keep z = 0 and are not counted in the level means (R would give NaN there).
 */
function rakeAdjustment(
  joint: Factor,
  cellLevel: readonly Int32Array[],
  ratios: readonly Float64Array[],
  w: Float64Array,
  levelCounts: readonly number[],
): VarianceAdjustment {
  const k = joint.labels.length;
  const nm = ratios.length;
  // c_m(cell) = Π_{m' > m} ratio_{m'}(level of cell).
  const cFactor = cellLevel.map(() => new Float64Array(k).fill(1));
  for (let m = nm - 2; m >= 0; m--) {
    const next = cFactor[m + 1]!;
    const levels = cellLevel[m + 1]!;
    const r = ratios[m + 1]!;
    const cur = cFactor[m]!;
    for (let c = 0; c < k; c++) cur[c] = next[c]! * r[levels[c]!]!;
  }
  const cellN = new Float64Array(k);
  for (let i = 0; i < w.length; i++) if (w[i] !== 0) cellN[joint.codes[i]!]! += 1;
  const levelN = cellLevel.map((levels, m) => {
    const counts = new Float64Array(levelCounts[m]!);
    for (let c = 0; c < k; c++) counts[levels[c]!]! += cellN[c]!;
    return counts;
  });
  return {
    kind: 'rake',
    adjust(z: Float64Array): Float64Array {
      const n = z.length;
      const u = new Float64Array(k);
      for (let i = 0; i < n; i++) if (w[i] !== 0) u[joint.codes[i]!]! += z[i]! / w[i]!;
      const decrement = new Float64Array(k);
      if (nm > 0) {
        for (let sweep = 0; sweep < 10; sweep++) {
          for (let m = 0; m < nm; m++) {
            const levels = cellLevel[m]!;
            const cm = cFactor[m]!;
            const counts = levelN[m]!;
            const means = new Float64Array(counts.length);
            for (let c = 0; c < k; c++) means[levels[c]!]! += u[c]! * cm[c]!;
            for (let l = 0; l < counts.length; l++) if (counts[l]! > 0) means[l]! /= counts[l]!;
            for (let c = 0; c < k; c++) {
              const d = means[levels[c]!]! / cm[c]!;
              decrement[c]! += d;
              u[c]! -= cellN[c]! * d;
            }
          }
        }
      }
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = w[i] !== 0 ? z[i]! - w[i]! * decrement[joint.codes[i]!]! : z[i]!;
      return out;
    },
  };
}
