import type { DomainEstimate, DomainSpec } from '../domains.ts';
import { SurveyError } from '../errors.ts';
import { publishFlags } from '../flags.ts';
import { effectiveSampleSize, proportionInterval, waldInterval } from '../intervals.ts';
import type { IntervalMethod } from '../types.ts';
import { replicateLogit } from './glm-logit.ts';
import type { ReplicateBasis } from './jackknife.ts';
import { gramRank, groupGram } from './rank.ts';
import { replicateVariance } from './variance.ts';

export interface ReplicateDomainsInput {
  basis: ReplicateBasis;
  /** Base weights the replicates were formed from (before the weighting recipe). */
  base: Float64Array;
  /** Full-sample final weights. */
  weights: Float64Array;
  /** Replicate r's final weights (the recipe re-applied). */
  replicateWeights(r: number): Float64Array;
  /**
   * Rows whose replicate weights are proportional to their base weights share a group (a PSU × weighting cell);
   * undefined: every row is its own group (user-supplied weights, trimming, calibration on numbers).
   */
  groups?: { codes: Int32Array; count: number };
  y: Float64Array;
  domains: readonly DomainSpec[];
  /** Estimate a proportion (y is 0/1) or a mean. */
  proportion: boolean;
  ci: IntervalMethod;
  level: number;
  mse: boolean;
  progress?: (done: number, total: number) => void;
}

interface Target {
  domain: Record<string, string>;
  mask: Uint8Array | undefined;
}

const logit = (p: number) => Math.log(p / (1 - p));

/**
 * Means or proportions overall and per domain from replicate weights, as R survey 4.1 does on a replicate design
 * (svymean, svyciprop on `design[domain, ]`): rows with a missing value leave the estimate (na.rm = TRUE);
 * the variance is svrVar's; the degrees of freedom are degf() of the domain's design, the rank of its replicate
 * weights − 1 (before missing values are dropped, as svyciprop takes them); the logit interval is svyglm's, on
 * the replicate variance of the logit of the replicate estimates; xlogit is the delta method.
 */
export function estimateReplicateDomains(inp: ReplicateDomainsInput): DomainEstimate[] {
  const { basis, base, weights, y, level, ci } = inp;
  const n = weights.length;
  const R = basis.count;
  const targets: Target[] = [
    { domain: {}, mask: undefined },
    ...inp.domains.map((d) => ({ domain: d.domain, mask: d.mask })),
  ];
  const T = targets.length;
  const full = new Float64Array(T);
  const thetas = targets.map(() => new Float64Array(R));

  // Groups for the rank of the replicate weights.
  const byRow = !inp.groups;
  const nGroups = inp.groups ? inp.groups.count : n;
  const groupOf = inp.groups?.codes;
  const rep = new Int32Array(nGroups).fill(-1);
  if (groupOf) {
    for (let i = 0; i < n; i++) {
      const g = groupOf[i]!;
      if (rep[g] === -1 && base[i] !== 0) rep[g] = i;
    }
  }
  const vectors = new Float64Array(nGroups * R);

  const means = (w: Float64Array, out: Float64Array | null, r: number) => {
    for (let t = 0; t < T; t++) {
      const mask = targets[t]!.mask;
      let num = 0;
      let den = 0;
      for (let i = 0; i < n; i++) {
        if (mask && mask[i] === 0) continue;
        const yi = y[i]!;
        if (Number.isNaN(yi)) continue;
        const wi = w[i]!;
        num += wi * yi;
        den += wi;
      }
      const m = den !== 0 ? num / den : Number.NaN;
      if (out) out[t] = m;
      else thetas[t]![r] = m;
    }
  };
  means(weights, full, 0);
  for (let r = 0; r < R; r++) {
    const w = inp.replicateWeights(r);
    means(w, null, r);
    if (byRow) for (let i = 0; i < n; i++) vectors[i * R + r] = w[i]!;
    else for (let g = 0; g < nGroups; g++) if (rep[g]! >= 0) vectors[g * R + r] = w[rep[g]!]! / base[rep[g]!]!;
    inp.progress?.(r + 1, R);
  }

  if (ci === 'likelihood' && inp.proportion) {
    throw new SurveyError(
      'ci_unavailable',
      'the likelihood interval is not defined for replicate weights (R survey gives NA there): use --ci logit or beta',
    );
  }
  const out: DomainEstimate[] = [];
  for (let t = 0; t < T; t++) {
    const { domain, mask } = targets[t]!;
    let nRows = 0;
    let nz = 0;
    let sumW = 0;
    let sumW2 = 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      if (mask && mask[i] === 0) continue;
      nRows++;
      if (Number.isNaN(y[i]!)) continue;
      const wi = weights[i]!;
      if (wi !== 0) nz++;
      sumW += wi;
      sumW2 += wi * wi;
    }
    if (nz === 0 || sumW === 0) {
      if (t === 0) throw new SurveyError('empty_domain', 'no row has a value and a non-zero weight');
      continue; // as svyby: an empty domain is dropped
    }
    const p = full[t]!;
    for (let i = 0; i < n; i++) {
      if ((mask && mask[i] === 0) || Number.isNaN(y[i]!)) continue;
      const e = y[i]! - p;
      ss += weights[i]! * e * e;
    }
    const variance = replicateVariance(p, thetas[t]!, basis.scale, basis.rscales, inp.mse);
    // Rank of the domain's replicate weights (rows of the domain, with or without a value).
    const s = new Float64Array(nGroups);
    for (let i = 0; i < n; i++) {
      if (mask && mask[i] === 0) continue;
      if (byRow) s[i] = 1;
      else s[groupOf![i]!]! += base[i]! * base[i]!;
    }
    const df = gramRank(groupGram(vectors, s, R), R) - 1;
    let ciOut: [number, number];
    let method: IntervalMethod = ci;
    if (inp.proportion) {
      let logitVariance: number | undefined;
      if (ci === 'logit' && p > 0 && p < 1) {
        const l0 = logit(p);
        const lt = thetas[t]!.map((x) => replicateLogit(x, l0));
        logitVariance = replicateVariance(logit(p), lt, basis.scale, basis.rscales, inp.mse);
      }
      ciOut = proportionInterval(ci, { p, variance, df, level, nRows, n: nz, logitVariance });
    } else {
      method = 'mean';
      ciOut = waldInterval(p, Math.sqrt(variance), df, level);
    }
    const nEff = inp.proportion ? effectiveSampleSize(p, variance, nz) : Math.min(nz, ss / sumW / variance) || nz;
    out.push({
      domain,
      estimate: p,
      se: Math.sqrt(variance),
      variance,
      ci: ciOut,
      ciMethod: method,
      level,
      df,
      deff: Number.NaN,
      n: nz,
      nEff,
      sumW,
      nKish: (sumW * sumW) / sumW2,
      proportion: inp.proportion,
      flags: publishFlags({ estimate: p, nEff, ci: ciOut, df, proportion: inp.proportion, variance }),
    });
  }
  return out;
}
