/// <reference path="./jstat.d.ts" />
import jstatModule from 'jstat';

// jstat is CommonJS: its default import is the jStat object (which also carries itself as .jStat).
const jStat = jstatModule.jStat ?? jstatModule;

/**
 * Student-t distribution function for an integer df, exact to rounding: the finite series of Abramowitz &
 * Stegun 26.7.3–26.7.4 in θ = atan(t/√ν). Design degrees of freedom are always integers.
 */
function ptInteger(t: number, df: number): number {
  const theta = Math.atan(t / Math.sqrt(df));
  const c2 = Math.cos(theta) ** 2;
  const s = Math.sin(theta);
  let a: number;
  if (df % 2 === 1) {
    let sum = 0;
    if (df > 1) {
      let term = 1;
      sum = 1;
      for (let k = 2; k <= df - 3; k += 2) {
        term *= (c2 * k) / (k + 1);
        sum += term;
      }
      sum *= s * Math.cos(theta);
    }
    a = (2 / Math.PI) * (theta + sum);
  } else {
    let term = 1;
    let sum = 1;
    for (let k = 1; k <= df - 3; k += 2) {
      term *= (c2 * k) / (k + 1);
      sum += term;
    }
    a = s * sum;
  }
  return (1 + a) / 2;
}

function dt(t: number, df: number): number {
  // ln Γ((ν+1)/2) − ln Γ(ν/2) to the accuracy a Newton correction needs.
  const lg = jStat.gammaln((df + 1) / 2) - jStat.gammaln(df / 2);
  return Math.exp(lg - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * Student-t quantile, as R's qt(p, df); df = Infinity gives the normal quantile. jstat's inverse is good to
 * about 1e-8; for integer df (design df always are) two Newton steps on the exact distribution function bring
 * it to R's value within about 1e-13 (tests/unit/survey/quantiles.test.ts checks both against R).
 */
export function qt(p: number, df: number): number {
  if (!(df > 0) || !(p > 0 && p < 1)) return Number.NaN;
  if (df === Number.POSITIVE_INFINITY) return jStat.normal.inv(p, 0, 1);
  let q = jStat.studentt.inv(p, df);
  if (Number.isInteger(df) && df <= 1e7) {
    for (let k = 0; k < 2; k++) q -= (ptInteger(q, df) - p) / dt(q, df);
  }
  return q;
}

/** Standard normal distribution function, as R's pnorm (jstat; about 1e-14 relative in the body). */
export function pnorm(x: number): number {
  return jStat.normal.cdf(x, 0, 1);
}

/** Beta quantile, as R's qbeta(p, a, b) (jstat; about 1e-9 relative), with R's limits for a = 0 and b = 0. */
export function qbeta(p: number, a: number, b: number): number {
  if (Number.isNaN(p) || Number.isNaN(a) || Number.isNaN(b) || a < 0 || b < 0) return Number.NaN;
  if (a === 0) return 0;
  if (b === 0) return 1;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  return jStat.beta.inv(p, a, b);
}
