import { SurveyError } from './errors.ts';
import { qbeta, qt } from './quantiles.ts';
import type { IntervalMethod } from './types.ts';

/** What an interval for a proportion needs (methodology.md §2.4). */
export interface ProportionIntervalInput {
  p: number;
  /** Var(p̂) from the design. */
  variance: number;
  /** Design degrees of freedom (of the domain). */
  df: number;
  level: number;
  /** Rows R's svyciprop sees as nrow(design): used by Korn–Graubard's df correction. */
  nRows: number;
  /** Rows with non-zero weight: the sample size of a 0 % or 100 % estimate, and the cap of n_eff. */
  n: number;
  /**
   * Var(logit p̂) when the design gives it directly: a replicate design's variance of the replicates' logits,
   * as R's svyglm on replicate weights. Without it, logit uses the delta method V/(p̂(1 − p̂))², which is what
   * svyglm's sandwich variance is for a linearized design.
   */
  logitVariance?: number;
}

const expit = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * A confidence interval for a proportion, as R survey 4.1's svyciprop where R has the method:
 * - `logit` (R's default, a Wald interval on the logit scale from svyglm, same as the delta method here);
 * - `beta` (Korn–Graubard); `mean` (Wald); `asin` (arcsine square root, back-transformed by sin², as R).
 * - `wilson` is not in R 4.1's svyciprop: methodology.md §2.4 defines it as Wilson's score interval with the
 *   effective sample size n_eff = p̂(1 − p̂)/V (capped at n, as the publishing rule caps it) in place of n and
 *   the t quantile on the design df in place of z:
 *     centre = (p̂ + t²/(2 n_eff)) / (1 + t²/n_eff),
 *     half   = t / (1 + t²/n_eff) · √(p̂(1 − p̂)/n_eff + t²/(4 n_eff²)).
 * A proportion of exactly 0 or 1 has V = 0, where R divides by zero: scilit then gives, for every method but
 * `mean`, the Clopper–Pearson interval with n rows ([0, Beta⁻¹(1 − α/2; 1, n)] for 0), and [p̂, p̂] for `mean`.
 */
export function proportionInterval(method: IntervalMethod, a: ProportionIntervalInput): [number, number] {
  const { p, variance: v, df, level } = a;
  const alpha = 1 - level;
  const t = qt(1 - alpha / 2, df);
  const se = Math.sqrt(v);
  if (method === 'mean') return [p - t * se, p + t * se];
  if (p <= 0 || p >= 1) {
    const n = a.n;
    return p <= 0 ? [0, qbeta(1 - alpha / 2, 1, n)] : [qbeta(alpha / 2, n, 1), 1];
  }
  const q = p * (1 - p);
  switch (method) {
    case 'logit':
    case 'xlogit': {
      const l = Math.log(p / (1 - p));
      const seLogit = method === 'logit' && a.logitVariance !== undefined ? Math.sqrt(a.logitVariance) : se / q;
      // logit goes through svyglm's confint (its normal-level quirk), xlogit through svycontrast's plain t.
      const h = (method === 'logit' ? rWaldQuantile(alpha, df) : t) * seLogit;
      return [expit(l - h), expit(l + h)];
    }
    case 'likelihood':
      // Needs the rows' sums (src/survey/likelihood.ts): estimateDomains computes it; here only the summary is known.
      throw new SurveyError('ci_unavailable', 'the likelihood interval needs the data rows: use estimateDomains');
    case 'asin': {
      const c = Math.asin(Math.sqrt(p));
      const h = (t * se) / (2 * Math.sqrt(q));
      return [Math.sin(c - h) ** 2, Math.sin(c + h) ** 2];
    }
    case 'beta': {
      if (v === 0) return [p, p];
      const ratio = qt(alpha / 2, a.nRows - 1) / qt(alpha / 2, df);
      const nEff = (q / v) * ratio * ratio;
      return [qbeta(alpha / 2, nEff * p, nEff * (1 - p) + 1), qbeta(1 - alpha / 2, nEff * p + 1, nEff * (1 - p))];
    }
    case 'wilson': {
      const nEff = effectiveSampleSize(p, v, a.n);
      const t2n = (t * t) / nEff;
      const centre = (p + t2n / 2) / (1 + t2n);
      const half = (t / (1 + t2n)) * Math.sqrt(q / nEff + t2n / (4 * nEff));
      return [centre - half, centre + half];
    }
  }
}

/**
 * The quantile R's confint.svyglm really uses: it turns the t quantile into a normal level,
 * tlevel = 1 − 2Φ(qt(α/2, df)), and takes qnorm of it. That is qt itself except when 2Φ(qt) is below half an ulp
 * of 1 (|qt| ≳ 8.3, e.g. df = 1 at 95 %), where tlevel rounds to 1 and R's interval becomes [0, 1]
 * (R prints NaN for the upper end, from its expit(Inf) = Inf/Inf; scilit gives 1).
 */
function rWaldQuantile(alpha: number, df: number): number {
  const z = qt(alpha / 2, df);
  // Normal lower tail, asymptotic series: only decides whether 1 − 2Φ(z) rounds to 1.
  const tail = z < -5 ? (Math.exp((-z * z) / 2) / (-z * Math.sqrt(2 * Math.PI))) * (1 - 1 / (z * z)) : 1;
  return 1 - 2 * tail === 1 ? Number.POSITIVE_INFINITY : -z;
}

/** n_eff = p̂(1 − p̂)/V capped at n (NCHS, Parker et al. 2017); n when V is 0 or undefined. */
export function effectiveSampleSize(p: number, variance: number, n: number): number {
  const e = (p * (1 - p)) / variance;
  return Number.isFinite(e) && e < n ? e : n;
}

/** Wald interval estimate ± t·SE on the design df: for means, totals and ratios. */
export function waldInterval(estimate: number, se: number, df: number, level: number): [number, number] {
  const t = qt(1 - (1 - level) / 2, df);
  return [estimate - t * se, estimate + t * se];
}
