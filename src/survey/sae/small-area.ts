import { SurveyError } from '../errors.ts';
import { qt } from '../quantiles.ts';
import { type FhMethod, type FhMse, fitFayHerriot } from './fay-herriot.ts';

/**
 * Small-area (district) estimates of a share from the survey's direct district estimates and district covariates,
 * by the Fay–Herriot model (./fay-herriot.ts), as a statistician would publish them beside the direct ones:
 *  - on the logit scale (default; ψ_logit = ψ/(p̂(1 − p̂))², back-transformed, MSE by the delta method) or linear;
 *  - districts without a usable direct estimate (no sample, or a share of 0 or 1 whose design variance is 0) get
 *    the synthetic estimate x_dᵀβ̂ with MSE Â + x_dᵀQx_d;
 *  - benchmarked (ratio) so that the districts, weighted by population, give the city's direct estimate;
 *  - always labelled model-based, with the model's fit statistics.
 */
export interface AreaDirect {
  area: string;
  estimate: number;
  /** Design variance of the direct estimate. */
  variance: number;
  /** Respondents in the area. */
  n: number;
  /** Estimated population of the area (Σw), used for benchmarking when no population is given. */
  sumW: number;
}

export interface AreaCovariates {
  area: string;
  values: Record<string, number>;
  /** Population of the area (benchmark weight). */
  population?: number;
}

export interface SmallAreaOptions {
  method?: FhMethod;
  mse?: FhMse;
  scale?: 'logit' | 'linear';
  level?: number;
  /** The city's direct estimate the districts are benchmarked to; none: no benchmarking. */
  benchmark?: number;
  precision?: number;
}

export interface SmallAreaRow {
  area: string;
  n: number;
  direct: { estimate: number; se: number } | null;
  /** The model-based (EBLUP or synthetic) estimate, before benchmarking. */
  estimate: number;
  /** √MSE on the estimate's scale. */
  rmse: number;
  mse: number;
  ci: [number, number];
  /** Weight of the direct estimate in the EBLUP (0 for a synthetic estimate). */
  gamma: number;
  synthetic: boolean;
  /** After benchmarking (equal to estimate without it). */
  benchmarked: number;
  label: 'model-based';
}

export interface SmallAreaResult {
  model: 'fay-herriot';
  method: FhMethod;
  mse: FhMse;
  scale: 'logit' | 'linear';
  level: number;
  covariates: string[];
  fit: {
    /** Variance of the area effects (on the model's scale). */
    areaVariance: number;
    coefficients: { name: string; estimate: number; se: number }[];
    loglike: number;
    aic: number;
    bic: number;
    iterations: number;
    converged: boolean;
    areasInModel: number;
  };
  benchmark: { target: number; factor: number; weights: 'population' | 'estimated population' } | null;
  areas: SmallAreaRow[];
  warnings: string[];
}

const logit = (p: number) => Math.log(p / (1 - p));
const expit = (x: number) => 1 / (1 + Math.exp(-x));

export function smallAreaEstimates(
  direct: readonly AreaDirect[],
  covariates: readonly AreaCovariates[],
  o: SmallAreaOptions = {},
): SmallAreaResult {
  const scale = o.scale ?? 'logit';
  const level = o.level ?? 0.95;
  const warnings: string[] = [];
  if (covariates.length === 0) throw new SurveyError('fh_no_covariates', 'no district covariates were given');
  const names = Object.keys(covariates[0]!.values);
  const covOf = new Map(covariates.map((c) => [c.area, c]));
  for (const c of covariates) {
    for (const nm of names) {
      if (!Number.isFinite(c.values[nm])) {
        throw new SurveyError('fh_bad_covariate', `district "${c.area}" has no number for covariate "${nm}"`);
      }
    }
  }
  const missingCov = direct.filter((d) => !covOf.has(d.area)).map((d) => d.area);
  if (missingCov.length) {
    throw new SurveyError('fh_missing_area', `no covariates for district(s) ${missingCov.slice(0, 10).join(', ')}`);
  }
  const directOf = new Map(direct.map((d) => [d.area, d]));
  const p = names.length + 1;
  const row = (a: string) => [1, ...names.map((nm) => covOf.get(a)!.values[nm]!)];
  // Areas in the model: a direct estimate with a positive variance (and strictly between 0 and 1 on the logit scale).
  const usable = direct.filter(
    (d) => d.variance > 0 && Number.isFinite(d.estimate) && (scale === 'linear' || (d.estimate > 0 && d.estimate < 1)),
  );
  for (const d of direct) {
    if (!usable.includes(d))
      warnings.push(`district "${d.area}": its direct estimate has no sampling variance; synthetic estimate shown`);
  }
  const D = usable.length;
  const y = new Float64Array(D);
  const psi = new Float64Array(D);
  const x = new Float64Array(D * p);
  usable.forEach((d, i) => {
    const q = d.estimate * (1 - d.estimate);
    y[i] = scale === 'logit' ? logit(d.estimate) : d.estimate;
    psi[i] = scale === 'logit' ? d.variance / (q * q) : d.variance;
    x.set(row(d.area), i * p);
  });
  const fit = fitFayHerriot({ y, psi, x, p, method: o.method, mse: o.mse, precision: o.precision });
  if (!fit.converged) warnings.push(`Fisher scoring did not converge in ${fit.iterations} iterations`);
  if (fit.A === 0) warnings.push('the estimated area variance is 0: every district gets its synthetic estimate');
  const z = qt(1 - (1 - level) / 2, Number.POSITIVE_INFINITY);
  const rows: SmallAreaRow[] = [];
  const index = new Map(usable.map((d, i) => [d.area, i]));
  for (const c of covariates) {
    const d = directOf.get(c.area);
    const i = index.get(c.area);
    let eta: number;
    let mseEta: number;
    let gamma = 0;
    if (i !== undefined) {
      eta = fit.eblup[i]!;
      mseEta = fit.mse[i]!;
      gamma = fit.gamma[i]!;
    } else {
      const xr = row(c.area);
      eta = xr.reduce((s, v, a) => s + v * fit.beta[a]!, 0);
      let h = 0;
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) h += xr[a]! * fit.Q[a * p + b]! * xr[b]!;
      mseEta = fit.A + h;
    }
    const half = z * Math.sqrt(mseEta);
    const est = scale === 'logit' ? expit(eta) : eta;
    const deriv = scale === 'logit' ? est * (1 - est) : 1;
    const mse = mseEta * deriv * deriv;
    rows.push({
      area: c.area,
      n: d?.n ?? 0,
      direct: d ? { estimate: d.estimate, se: Math.sqrt(d.variance) } : null,
      estimate: est,
      rmse: Math.sqrt(mse),
      mse,
      ci: scale === 'logit' ? [expit(eta - half), expit(eta + half)] : [eta - half, eta + half],
      gamma,
      synthetic: i === undefined,
      benchmarked: est,
      label: 'model-based',
    });
  }
  let benchmark: SmallAreaResult['benchmark'] = null;
  if (o.benchmark !== undefined) {
    const withPop = covariates.every((c) => c.population !== undefined && c.population > 0);
    let num = 0;
    let den = 0;
    for (const r of rows) {
      const wgt = withPop ? covOf.get(r.area)!.population! : (directOf.get(r.area)?.sumW ?? 0);
      num += wgt * r.estimate;
      den += wgt;
    }
    const factor = o.benchmark / (num / den);
    for (const r of rows) r.benchmarked = r.estimate * factor;
    if (rows.some((r) => r.benchmarked > 1) && scale === 'logit') {
      warnings.push('benchmarking pushed a district above 100%: check the covariates and the benchmark');
    }
    if (!withPop)
      warnings.push('benchmark weights are the survey’s estimated district populations (no population given)');
    benchmark = { target: o.benchmark, factor, weights: withPop ? 'population' : 'estimated population' };
  }
  return {
    model: 'fay-herriot',
    method: fit.method,
    mse: o.mse ?? 'prasad-rao',
    scale,
    level,
    covariates: names,
    fit: {
      areaVariance: fit.A,
      coefficients: ['(Intercept)', ...names].map((name, a) => ({
        name,
        estimate: fit.beta[a]!,
        se: fit.betaSe[a]!,
      })),
      loglike: fit.loglike,
      aic: fit.aic,
      bic: fit.bic,
      iterations: fit.iterations,
      converged: fit.converged,
      areasInModel: D,
    },
    benchmark,
    areas: rows,
    warnings,
  };
}
