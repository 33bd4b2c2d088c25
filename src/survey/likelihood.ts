import { pnorm, qt } from './quantiles.ts';

/**
 * The profile-likelihood interval of a proportion, as R survey 4.1's svyciprop(method = "likelihood"): the
 * quasi-binomial svyglm(y ~ 1) is profiled as MASS's profile.glm does — up to 9 steps each side of β̂ = logit p̂
 * of zmax/5 design SEs, z = ±√((D(β) − D(β̂))/φ) with φ the survey variance of the Pearson residuals (n/(n − 1)) — the
 * profile is interpolated with R's `spline()` (Forsythe–Malcolm–Moler) and inverted with `approx()` at
 * ±qt(α/2, df)·√λ, λ = design variance / naive variance of β̂ (Rao–Scott scaling), then back-transformed.
 * Everything it needs of the rows are the sums below, over the rows of the (domain) design R fits.
 */
export interface LikelihoodStats {
  /** Σw of rows with y = 1 and y = 0. */
  w1: number;
  w0: number;
  /** Rows of the model frame (with zero weights for a calibrated design's domain) and rows with weight > 0. */
  rows: number;
  nonzero: number;
  /**
   * glm.fit's first IRLS step starts from a different μ for every row (mustart = (w y + 1/2)/(w + 1)): its sums
   * Σ w·μ(1 − μ), Σ w·μ(1 − μ)·z and the starting deviance. Later steps share one μ.
   */
  first: { weight: number; weightZ: number; deviance: number };
}

export function likelihoodStats(w: Float64Array, y: Float64Array, rows: Uint8Array | undefined): LikelihoodStats {
  const s: LikelihoodStats = { w1: 0, w0: 0, rows: 0, nonzero: 0, first: { weight: 0, weightZ: 0, deviance: 0 } };
  const take = (i: number) => !((rows && rows[i] === 0) || Number.isNaN(y[i]!));
  for (let i = 0; i < w.length; i++) {
    if (!take(i)) continue;
    const wi = w[i]!;
    s.rows++;
    if (wi !== 0) s.nonzero++;
    if (y[i] === 1) s.w1 += wi;
    else s.w0 += wi;
  }
  const m = (s.w1 + s.w0) / s.rows;
  for (let i = 0; i < w.length; i++) {
    if (!take(i)) continue;
    const pw = w[i]! / m;
    const yi = y[i]!;
    const mu = (pw * yi + 0.5) / (pw + 1);
    const eta = Math.log(mu / (1 - mu));
    const v = mu * (1 - mu);
    s.first.weight += pw * v;
    s.first.weightZ += pw * v * (eta + (yi - mu) / v);
    s.first.deviance += 2 * pw * (yi === 1 ? Math.log(1 / mu) : Math.log(1 / (1 - mu)));
  }
  return s;
}

/**
 * glm.fit's IRLS for y ~ 1 (quasibinomial, epsilon 1e-8): the coefficient, and the μ its last step's working
 * weights were computed at, which summary.glm's unscaled covariance (svyglm's naive.cov) uses.
 */
function glmIntercept(s: LikelihoodStats, S1: number, S0: number): { beta: number; naive: number } {
  const dev = (mu: number) => 2 * (S1 * Math.log(1 / mu) + S0 * Math.log(1 / (1 - mu)));
  const p = S1 / (S1 + S0);
  let devold = s.first.deviance;
  let beta = s.first.weightZ / s.first.weight;
  let naive = 1 / s.first.weight;
  let mu = expit(beta);
  for (let iter = 1; iter < 25; iter++) {
    const d = dev(mu);
    if (Math.abs(d - devold) / (Math.abs(d) + 0.1) < 1e-8) break;
    devold = d;
    const v = mu * (1 - mu);
    naive = 1 / ((S1 + S0) * v);
    beta = beta + (p - mu) / v;
    mu = expit(beta);
  }
  return { beta, naive };
}

const expit = (x: number) => 1 / (1 + Math.exp(-x));
/** R's spline(x, y, n = 3 length(x), method = "fmm") on sorted, distinct x: the values at seq(min, max, length = n). */
function fmmSpline(x: number[], y: number[]): { x: number[]; y: number[] } {
  const n = x.length;
  const b = new Array<number>(n).fill(0);
  const c = new Array<number>(n).fill(0);
  const d = new Array<number>(n).fill(0);
  if (n < 3) {
    const t = (y[1]! - y[0]!) / (x[1]! - x[0]!);
    b[0] = t;
    b[1] = t;
  } else {
    d[0] = x[1]! - x[0]!;
    c[1] = (y[1]! - y[0]!) / d[0]!;
    for (let i = 1; i < n - 1; i++) {
      d[i] = x[i + 1]! - x[i]!;
      b[i] = 2 * (d[i - 1]! + d[i]!);
      c[i + 1] = (y[i + 1]! - y[i]!) / d[i]!;
      c[i] = c[i + 1]! - c[i]!;
    }
    b[0] = -d[0]!;
    b[n - 1] = -d[n - 2]!;
    c[0] = 0;
    c[n - 1] = 0;
    if (n > 3) {
      c[0] = c[2]! / (x[3]! - x[1]!) - c[1]! / (x[2]! - x[0]!);
      c[n - 1] = c[n - 2]! / (x[n - 1]! - x[n - 3]!) - c[n - 3]! / (x[n - 2]! - x[n - 4]!);
      c[0] = (c[0]! * d[0]! * d[0]!) / (x[3]! - x[0]!);
      c[n - 1] = (-c[n - 1]! * d[n - 2]! * d[n - 2]!) / (x[n - 1]! - x[n - 4]!);
    }
    for (let i = 1; i < n; i++) {
      const t = d[i - 1]! / b[i - 1]!;
      b[i] = b[i]! - t * d[i - 1]!;
      c[i] = c[i]! - t * c[i - 1]!;
    }
    c[n - 1] = c[n - 1]! / b[n - 1]!;
    for (let i = n - 2; i >= 0; i--) c[i] = (c[i]! - d[i]! * c[i + 1]!) / b[i]!;
    b[n - 1] = (y[n - 1]! - y[n - 2]!) / d[n - 2]! + d[n - 2]! * (c[n - 2]! + 2 * c[n - 1]!);
    for (let i = 0; i < n - 1; i++) {
      b[i] = (y[i + 1]! - y[i]!) / d[i]! - d[i]! * (c[i + 1]! + 2 * c[i]!);
      d[i] = (c[i + 1]! - c[i]!) / d[i]!;
      c[i] = 3 * c[i]!;
    }
    c[n - 1] = 3 * c[n - 1]!;
    d[n - 1] = d[n - 2]!;
  }
  const m = 3 * n;
  const from = x[0]!;
  const to = x[n - 1]!;
  const by = (to - from) / (m - 1);
  const ox: number[] = [];
  const oy: number[] = [];
  let i = 0;
  for (let l = 0; l < m; l++) {
    const u = l === m - 1 ? to : from + l * by;
    if (u < x[i]! || (i < n - 1 && x[i + 1]! < u)) {
      i = 0;
      let j = n;
      do {
        const k = (i + j) >> 1;
        if (u < x[k]!) j = k;
        else i = k;
      } while (j > i + 1);
    }
    const dx = u - x[i]!;
    ox.push(u);
    oy.push(y[i]! + dx * (b[i]! + dx * (c[i]! + dx * d[i]!)));
  }
  return { x: ox, y: oy };
}

/** R's approx(x, y, xout) (linear, rule 1: NA outside) after sorting by x. */
function approx(x: number[], y: number[], v: number): number {
  const order = x.map((_, k) => k).sort((a, b) => x[a]! - x[b]!);
  const xs = order.map((k) => x[k]!);
  const ys = order.map((k) => y[k]!);
  const n = xs.length;
  if (v < xs[0]! || v > xs[n - 1]!) return Number.NaN;
  let i = 0;
  let j = n - 1;
  while (i < j - 1) {
    const ij = (i + j) >> 1;
    if (v < xs[ij]!) j = ij;
    else i = ij;
  }
  if (v === xs[j]) return ys[j]!;
  if (v === xs[i]) return ys[i]!;
  return ys[i]! + (ys[j]! - ys[i]!) * ((v - xs[i]!) / (xs[j]! - xs[i]!));
}

export function likelihoodInterval(
  s: LikelihoodStats,
  /** Design variance of β̂ = logit p̂ (svyglm's cov.unscaled). */
  logitVariance: number,
  df: number,
  level: number,
): [number, number] {
  const m = (s.w1 + s.w0) / s.rows; // svyglm's weights are w / mean(w)
  const S1 = s.w1 / m;
  const S0 = s.w0 / m;
  const fit = glmIntercept(s, S1, S0);
  const beta0 = fit.beta;
  const dev = (beta: number) => {
    const mu = expit(beta);
    return -2 * (S1 * Math.log(mu) + S0 * Math.log(1 - mu));
  };
  const dev0 = dev(beta0);
  const lambda = logitVariance / fit.naive;
  const se = Math.sqrt(logitVariance);
  // φ: svyvar of svyglm's Pearson residuals (y − p̂)/√(p̂(1 − p̂)), whose weighted mean is 0 and mean square 1.
  const phi = s.nonzero / (s.nonzero - 1);
  const x = qt((1 - level) / 2, df) * Math.sqrt(lambda); // = qnorm(2α), the profile's cut-off
  const alpha = pnorm(x) / 2;
  const zmax = qt(1 - alpha / 2, s.rows - 1); // √qf(α, 1, n − 1, upper)
  const del = zmax / 5;
  const beta = [beta0];
  const z = [0];
  for (const sgn of [-1, 1]) {
    let step = 0;
    let zi = 0;
    while (++step < 10 && Math.abs(zi) < zmax) {
      const bi = beta0 + sgn * step * del * se;
      let zz = (dev(bi) - dev0) / phi;
      zz = Math.max(zz, 0);
      zi = sgn * Math.sqrt(zz);
      beta.push(bi);
      z.push(zi);
    }
  }
  const order = beta.map((_, k) => k).sort((a, b) => beta[a]! - beta[b]!);
  const sp = fmmSpline(
    order.map((k) => beta[k]!),
    order.map((k) => z[k]!),
  );
  return [expit(approx(sp.y, sp.x, x)), expit(approx(sp.y, sp.x, -x))];
}
