import { SurveyError } from '../errors.ts';

/**
 * The Fay–Herriot area-level model (Fay & Herriot 1979; Rao & Molina 2015, ch. 6):
 *   θ̂_d = x_dᵀβ + u_d + e_d,  u_d ~ N(0, A),  e_d ~ N(0, ψ_d) with ψ_d the (known) sampling variance of the direct
 * estimate θ̂_d. A is estimated by REML or ML with Fisher scoring started at median(ψ) (as R's sae::eblupFH);
 * the EBLUP is θ̃_d = γ_d θ̂_d + (1 − γ_d) x_dᵀβ̂ with γ_d = Â/(Â + ψ_d).
 * MSE (Datta & Lahiri 2000; Rao & Molina 2015, §6.2.1): g1 + g2 + 2 g3, with V̄(Â) = 2/Σ(Â + ψ)⁻² — for REML this
 * is the Prasad–Rao form, and Datta–Lahiri equals it; for ML Datta–Lahiri subtracts the bias of Â_ML times
 * ∂g1/∂A = (ψ/(Â + ψ))² (as sae::mseFH).
 */
export type FhMethod = 'REML' | 'ML';
export type FhMse = 'prasad-rao' | 'datta-lahiri';

export interface FhInput {
  /** Direct estimates, one per area with a sample. */
  y: Float64Array;
  /** Their sampling variances ψ_d (> 0). */
  psi: Float64Array;
  /** Covariates per area, row-major D × p (include a column of ones for an intercept). */
  x: Float64Array;
  p: number;
  method?: FhMethod;
  mse?: FhMse;
  /** Relative change of Â that stops Fisher scoring (sae's PRECISION is 1e-4; default 1e-10). */
  precision?: number;
  maxIter?: number;
}

export interface FhFit {
  method: FhMethod;
  /** Â, the variance of the area effects (0 when the estimate is negative). */
  A: number;
  beta: Float64Array;
  /** Standard errors of β̂: √diag((XᵀV⁻¹X)⁻¹). */
  betaSe: Float64Array;
  iterations: number;
  converged: boolean;
  /** log-likelihood at the estimates, AIC and BIC with p + 1 parameters (as sae). */
  loglike: number;
  aic: number;
  bic: number;
  eblup: Float64Array;
  mse: Float64Array;
  /** Shrinkage weight γ_d of the direct estimate. */
  gamma: Float64Array;
  /** x_dᵀβ̂. */
  synthetic: Float64Array;
  /** (XᵀV⁻¹X)⁻¹, row-major p × p: the MSE of an area without a sample is Â + xᵀ Q x. */
  Q: Float64Array;
}

/** Inverse of a small symmetric positive-definite matrix (Gauss–Jordan with partial pivoting). */
function inverse(m: Float64Array, p: number): Float64Array {
  const a = Float64Array.from(m);
  const inv = new Float64Array(p * p);
  for (let i = 0; i < p; i++) inv[i * p + i] = 1;
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(a[r * p + c]!) > Math.abs(a[piv * p + c]!)) piv = r;
    if (Math.abs(a[piv * p + c]!) < 1e-300) {
      throw new SurveyError('fh_singular', 'the district covariates are collinear: drop one');
    }
    if (piv !== c) {
      for (let k = 0; k < p; k++) {
        [a[c * p + k], a[piv * p + k]] = [a[piv * p + k]!, a[c * p + k]!];
        [inv[c * p + k], inv[piv * p + k]] = [inv[piv * p + k]!, inv[c * p + k]!];
      }
    }
    const d = a[c * p + c]!;
    for (let k = 0; k < p; k++) {
      a[c * p + k]! /= d;
      inv[c * p + k]! /= d;
    }
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = a[r * p + c]!;
      if (f === 0) continue;
      for (let k = 0; k < p; k++) {
        a[r * p + k]! -= f * a[c * p + k]!;
        inv[r * p + k]! -= f * inv[c * p + k]!;
      }
    }
  }
  return inv;
}

/** XᵀWX for diagonal W. */
function xtwx(x: Float64Array, w: Float64Array, D: number, p: number): Float64Array {
  const m = new Float64Array(p * p);
  for (let d = 0; d < D; d++) {
    for (let a = 0; a < p; a++) {
      const xa = x[d * p + a]! * w[d]!;
      for (let b = 0; b < p; b++) m[a * p + b]! += xa * x[d * p + b]!;
    }
  }
  return m;
}

interface Pieces {
  vi: Float64Array;
  Q: Float64Array;
  beta: Float64Array;
  resid: Float64Array;
  /** diag of X Q Xᵀ scaled: h_d = x_dᵀ Q x_d. */
  h: Float64Array;
}

function pieces(inp: FhInput, A: number): Pieces {
  const { y, psi, x, p } = inp;
  const D = y.length;
  const vi = new Float64Array(D);
  for (let d = 0; d < D; d++) vi[d] = 1 / (A + psi[d]!);
  const Q = inverse(xtwx(x, vi, D, p), p);
  const xty = new Float64Array(p);
  for (let d = 0; d < D; d++) for (let a = 0; a < p; a++) xty[a]! += x[d * p + a]! * vi[d]! * y[d]!;
  const beta = new Float64Array(p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) beta[a]! += Q[a * p + b]! * xty[b]!;
  const resid = new Float64Array(D);
  const h = new Float64Array(D);
  for (let d = 0; d < D; d++) {
    let fit = 0;
    for (let a = 0; a < p; a++) fit += x[d * p + a]! * beta[a]!;
    resid[d] = y[d]! - fit;
    let s = 0;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) s += x[d * p + a]! * Q[a * p + b]! * x[d * p + b]!;
    h[d] = s;
  }
  return { vi, Q, beta, resid, h };
}

/** Score and Fisher information of A (REML: with P = V⁻¹ − V⁻¹X Q XᵀV⁻¹; ML: with V⁻¹ and the GLS residuals). */
function scoreAndInformation(inp: FhInput, A: number, method: FhMethod): [number, number] {
  const D = inp.y.length;
  const { vi, resid, Q } = pieces(inp, A);
  if (method === 'ML') {
    let s = 0;
    let f = 0;
    for (let d = 0; d < D; d++) {
      s += -0.5 * vi[d]! + 0.5 * resid[d]! * resid[d]! * vi[d]! * vi[d]!;
      f += 0.5 * vi[d]! * vi[d]!;
    }
    return [s, f];
  }
  // REML: P = V⁻¹ − V⁻¹XQXᵀV⁻¹ (D × D); Py = V⁻¹ resid.
  const { x, p } = inp;
  const P = new Float64Array(D * D);
  for (let i = 0; i < D; i++) {
    for (let j = 0; j < D; j++) {
      let s = 0;
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) s += x[i * p + a]! * Q[a * p + b]! * x[j * p + b]!;
      P[i * D + j] = (i === j ? vi[i]! : 0) - vi[i]! * s * vi[j]!;
    }
  }
  let trP = 0;
  let trPP = 0;
  let yPPy = 0;
  for (let i = 0; i < D; i++) {
    trP += P[i * D + i]!;
    const py = vi[i]! * resid[i]!;
    yPPy += py * py;
    for (let j = 0; j < D; j++) trPP += P[i * D + j]! * P[j * D + i]!;
  }
  return [-0.5 * trP + 0.5 * yPPy, 0.5 * trPP];
}

export function fitFayHerriot(inp: FhInput): FhFit {
  const { y, psi, p } = inp;
  const D = y.length;
  const method = inp.method ?? 'REML';
  if (D <= p) {
    throw new SurveyError('fh_too_few', `the model has ${p} coefficients but only ${D} areas with a direct estimate`);
  }
  for (let d = 0; d < D; d++) {
    if (!(psi[d]! > 0) || !Number.isFinite(y[d]!)) {
      throw new SurveyError('fh_bad_input', `area ${d + 1} has no usable direct estimate or sampling variance`);
    }
  }
  const precision = inp.precision ?? 1e-10;
  const maxIter = inp.maxIter ?? 100;
  const sorted = Float64Array.from(psi).sort();
  let A = D % 2 ? sorted[(D - 1) / 2]! : (sorted[D / 2 - 1]! + sorted[D / 2]!) / 2;
  let iterations = 0;
  let diff = precision + 1;
  while (diff > precision && iterations < maxIter) {
    iterations++;
    const [s, f] = scoreAndInformation(inp, A, method);
    const next = A + s / f;
    diff = Math.abs((next - A) / A);
    A = next;
    if (!Number.isFinite(A)) break;
  }
  const converged = diff <= precision;
  A = Math.max(A, 0);
  const { vi, Q, beta, resid, h } = pieces(inp, A);
  const gamma = new Float64Array(D);
  const eblup = new Float64Array(D);
  const synthetic = new Float64Array(D);
  let ll = 0;
  let sumVi2 = 0;
  for (let d = 0; d < D; d++) {
    gamma[d] = A / (A + psi[d]!);
    synthetic[d] = y[d]! - resid[d]!;
    eblup[d] = synthetic[d]! + gamma[d]! * resid[d]!;
    ll += Math.log(2 * Math.PI * (A + psi[d]!)) + resid[d]! * resid[d]! * vi[d]!;
    sumVi2 += vi[d]! * vi[d]!;
  }
  const loglike = -0.5 * ll;
  // MSE: g1 = γψ, g2 = (1 − γ)² xᵀQx, g3 = ψ²/(A + ψ)³ · V̄(Â) with V̄ = 2/Σ(A + ψ)⁻².
  const vbar = 2 / sumVi2;
  let bias = 0;
  if (method === 'ML' && (inp.mse ?? 'prasad-rao') === 'datta-lahiri') {
    // E(Â_ML − A) ≈ −tr(Q XᵀV⁻²X)/Σ(A + ψ)⁻² (Datta & Lahiri 2000).
    const vi2 = vi.map((v) => v * v);
    const m = xtwx(inp.x, vi2, D, p);
    let tr = 0;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) tr += Q[a * p + b]! * m[b * p + a]!;
    bias = -tr / sumVi2;
  }
  const mse = new Float64Array(D);
  for (let d = 0; d < D; d++) {
    const B = psi[d]! * vi[d]!; // 1 − γ
    const g1 = gamma[d]! * psi[d]!;
    const g2 = B * B * h[d]!;
    const g3 = B * B * vi[d]! * vbar;
    mse[d] = g1 + g2 + 2 * g3 - bias * B * B;
  }
  const betaSe = new Float64Array(p);
  for (let a = 0; a < p; a++) betaSe[a] = Math.sqrt(Q[a * p + a]!);
  return {
    method,
    A,
    beta,
    betaSe,
    iterations,
    converged,
    loglike,
    aic: -2 * loglike + 2 * (p + 1),
    bic: -2 * loglike + (p + 1) * Math.log(D),
    eblup,
    mse,
    gamma,
    synthetic,
    Q,
  };
}
