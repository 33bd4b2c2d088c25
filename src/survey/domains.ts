import { MISSING_LABEL } from './columns.ts';
import type { Design } from './design.ts';
import { SurveyError } from './errors.ts';
import { estimateMean, type PointEstimate } from './estimate.ts';
import { crossFactors } from './factor.ts';
import { type PublishFlag, publishFlags } from './flags.ts';
import { proportionInterval, waldInterval } from './intervals.ts';
import { type LikelihoodStats, likelihoodInterval, likelihoodStats } from './likelihood.ts';
import type { Factor, IntervalMethod } from './types.ts';

/** A domain: its label (variable → value) and its rows (1 = in). Domains may overlap (groups). */
export interface DomainSpec {
  domain: Record<string, string>;
  mask: Uint8Array;
}

/** One published estimate: the shape of `scilit estimate --format json` (snake_case there). */
export interface DomainEstimate {
  domain: Record<string, string>;
  estimate: number;
  se: number;
  variance: number;
  /** Interval at `level`: a proportion's by `ciMethod`, a mean's by Wald t. */
  ci: [number, number];
  ciMethod: IntervalMethod;
  level: number;
  df: number;
  deff: number;
  n: number;
  nEff: number;
  sumW: number;
  nKish: number;
  proportion: boolean;
  flags: PublishFlag[];
}

export interface DomainOptions {
  ci?: IntervalMethod;
  level?: number;
  /** Estimate a mean even when the variable is 0/1 (no proportion interval). */
  mean?: boolean;
}

/** One domain per combination of the given factors that occurs in the data (sorted), as R's svyby. */

export function domainsFromFactors(by: readonly { name: string; factor: Factor }[]): DomainSpec[] {
  if (by.length === 0) return [];
  const { factor, parts } = crossFactors(by.map((b) => b.factor));
  const k = factor.labels.length;
  const masks = Array.from({ length: k }, () => new Uint8Array(factor.codes.length));
  for (let i = 0; i < factor.codes.length; i++) (masks[factor.codes[i] as number] as Uint8Array)[i] = 1;
  const out: DomainSpec[] = [];
  masks.forEach((mask, c) => {
    const domain: Record<string, string> = {};
    let missing = false;
    by.forEach((b, t) => {
      const label = b.factor.labels[(parts[c] as Int32Array)[t] as number] as string;
      if (label === MISSING_LABEL) missing = true;
      domain[b.name] = label;
    });
    // As svyby: rows with a missing by-value belong to no domain (they stay in the design and the overall figure).
    if (!missing) out.push({ domain, mask });
  });
  return out;
}

/** Weighted mean (a proportion when y is 0/1) overall, then for each domain, with intervals and flags. */
export function estimateDomains(
  design: Design,
  y: Float64Array,
  domains: readonly DomainSpec[],
  opts: DomainOptions = {},
): DomainEstimate[] {
  const level = opts.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new SurveyError('bad_level', `level must be between 0 and 1, not ${level}`);
  const method = opts.ci ?? 'logit';
  const out: DomainEstimate[] = [];
  const overall = estimateMean(design, y);
  const asMean = opts.mean ?? false;
  // The likelihood interval needs sums over the rows R's svyglm fits (all rows for a calibrated design's domain).
  const lik = (mask: Uint8Array | undefined) =>
    method === 'likelihood'
      ? likelihoodStats(design.weights, y, design.adjustments.length > 0 ? undefined : mask)
      : undefined;
  out.push(publish({}, overall, method, level, asMean, lik(undefined)));
  for (const d of domains) {
    let e: PointEstimate;
    try {
      e = estimateMean(design, y, d.mask);
    } catch (err) {
      // As svyby: a domain without rows of non-zero weight (or without values) is dropped.
      if (err instanceof SurveyError && err.code === 'empty_domain') continue;
      throw err;
    }
    out.push(publish(d.domain, e, method, level, asMean, lik(d.mask)));
  }
  return out;
}

function publish(
  domain: Record<string, string>,
  e: PointEstimate,
  method: IntervalMethod,
  level: number,
  asMean: boolean,
  lik?: LikelihoodStats,
): DomainEstimate {
  const proportion = e.binary && !asMean;
  const ciMethod: IntervalMethod = proportion ? method : 'mean';
  const q = e.estimate * (1 - e.estimate);
  const ci = !proportion
    ? waldInterval(e.estimate, e.se, e.df, level)
    : lik && q > 0
      ? likelihoodInterval(lik, e.variance / (q * q), e.df, level)
      : proportionInterval(method === 'likelihood' ? 'logit' : method, {
          p: e.estimate,
          variance: e.variance,
          df: e.df,
          level,
          nRows: e.nRows,
          n: e.n,
        });
  return {
    domain,
    estimate: e.estimate,
    se: e.se,
    variance: e.variance,
    ci,
    ciMethod,
    level,
    df: e.df,
    deff: e.deff,
    n: e.n,
    nEff: e.nEff,
    sumW: e.sumW,
    nKish: e.nKish,
    proportion,
    flags: publishFlags({ estimate: e.estimate, nEff: e.nEff, ci, df: e.df, proportion, variance: e.variance }),
  };
}
