import type { VarianceAdjustment, WeightingWarning } from '../types.ts';
import { weightDiagnostics } from './diagnostics.ts';
import { WeightingError } from './errors.ts';
import { householderQr, solve } from './linalg.ts';
import type { WeightingStepResult } from './types.ts';

/**
 * Linear (GREG) calibration (§2.5.5), as R `calibrate(calfun = "linear")` without bounds (regcalibrate):
 * g = 1 + x'λ with λ = (Σ w x x')⁻¹ (t_x − Σ w x). `x` are the auxiliary columns (include a column of ones for
 * an intercept). Variance as R: z ← qr.resid(qr(X√w), z/(g√w)) · g√w, the weighted regression residuals.
 * A column whose sample and population totals are both 0 and whose values are all 0 is dropped, as R does.
 */
export function calibrateLinear(
  w: Float64Array,
  x: readonly Float64Array[],
  totals: readonly number[],
  names: readonly string[] = x.map((_, j) => `column ${j + 1}`),
): WeightingStepResult {
  if (x.length !== totals.length) {
    throw new WeightingError(
      'invalid_targets',
      `Calibration: ${x.length} auxiliary columns but ${totals.length} population totals.`,
    );
  }
  const n = w.length;
  const cols: Float64Array[] = [];
  const pop: number[] = [];
  const kept: string[] = [];
  for (let j = 0; j < x.length; j++) {
    const col = x[j]!;
    let sample = 0;
    let allZero = true;
    for (let i = 0; i < n; i++) {
      sample += w[i]! * col[i]!;
      if (col[i]! !== 0) allZero = false;
    }
    if (sample === 0 && totals[j]! === 0 && allZero) continue;
    cols.push(col);
    pop.push(totals[j]!);
    kept.push(names[j]!);
  }
  const p = cols.length;
  const tmat = new Float64Array(p * p);
  const misfit = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    const ca = cols[a]!;
    let s = 0;
    for (let i = 0; i < n; i++) s += w[i]! * ca[i]!;
    misfit[a] = pop[a]! - s;
    for (let b = a; b < p; b++) {
      const cb = cols[b]!;
      let t = 0;
      for (let i = 0; i < n; i++) t += w[i]! * ca[i]! * cb[i]!;
      tmat[a * p + b] = t;
      tmat[b * p + a] = t;
    }
  }
  const lambda = solve(tmat, misfit, p);
  if (lambda === null) {
    throw new WeightingError(
      'singular_calibration',
      `Calibration: the auxiliary variables (${kept.join(', ')}) are collinear in the sample; drop one.`,
    );
  }
  const g = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 1;
    for (let a = 0; a < p; a++) s += cols[a]![i]! * lambda[a]!;
    g[i] = s;
    weights[i] = w[i]! * s;
  }
  const warnings: WeightingWarning[] = [];
  let negative = 0;
  for (let i = 0; i < n; i++) if (weights[i]! < 0) negative++;
  if (negative > 0)
    warnings.push({
      code: 'negative_weights',
      values: { count: negative },
      message: `Calibration gave ${negative} negative weights.`,
    });
  return {
    weights,
    adjustment: calibrationAdjustment(cols, w, g),
    diagnostics: weightDiagnostics('calibrate', weights, { warnings }),
  };
}

function calibrationAdjustment(cols: readonly Float64Array[], w: Float64Array, g: Float64Array): VarianceAdjustment {
  const n = w.length;
  const whalf = new Float64Array(n);
  for (let i = 0; i < n; i++) whalf[i] = Math.sqrt(w[i]!);
  const qr = householderQr(
    cols.map((c) => {
      const s = new Float64Array(n);
      for (let i = 0; i < n; i++) s[i] = c[i]! * whalf[i]!;
      return s;
    }),
  );
  const scale = new Float64Array(n);
  for (let i = 0; i < n; i++) scale[i] = g[i]! * whalf[i]!;
  return {
    kind: 'calibrate',
    adjust(z: Float64Array): Float64Array {
      // Rows with weight 0 are outside the sample: their z is 0 and stays 0 (R would give NaN).
      const u = new Float64Array(n);
      for (let i = 0; i < n; i++) u[i] = scale[i]! !== 0 ? z[i]! / scale[i]! : 0;
      const r = qr.residual(u);
      for (let i = 0; i < n; i++) r[i]! *= scale[i]!;
      return r;
    },
  };
}
