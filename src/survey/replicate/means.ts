import type { Factor } from '../types.ts';
import type { WeightingRun } from '../weighting/types.ts';
import type { ReplicateBasis } from './jackknife.ts';
import { type ReplicateWeightingOptions, replicateWeighting } from './reweight.ts';
import { replicateVariance } from './variance.ts';

export interface ReplicateEstimate {
  /** Label of the domain level, or null for the whole sample. */
  domain: string | null;
  /** Weighted mean (a proportion for a 0/1 variable) with the full-sample weights. */
  estimate: number;
  /** The same mean under each replicate's re-weighted weights. */
  replicates: Float64Array;
  variance: number;
  se: number;
  /** Replicates in which the domain had no weight (discarded, as R's na.omit). */
  droppedReplicates: number;
}

export interface ReplicateMeansOptions extends ReplicateWeightingOptions {
  /** The variable whose weighted mean is estimated (0/1 for a proportion). */
  y: Float64Array;
  /** One estimate per level of this factor, after the overall one. */
  domain?: Factor;
  mse?: boolean;
  /** Called after each replicate with (done, total), for a progress bar. */
  progress?: (done: number, total: number) => void;
}

export interface ReplicateMeansResult {
  design: ReplicateBasis;
  /** The full-sample weighting run (its weights give the estimates). */
  weighting: WeightingRun;
  estimates: ReplicateEstimate[];
}

/** Weighted means of y overall and per domain level: [overall, level 0, level 1, ...]. */
function means(w: Float64Array, y: Float64Array, domain: Factor | undefined, out: Float64Array): void {
  const k = domain ? domain.labels.length : 0;
  const num = new Float64Array(k + 1);
  const den = new Float64Array(k + 1);
  for (let i = 0; i < w.length; i++) {
    const wi = w[i]!;
    if (wi === 0) continue;
    num[0]! += wi * y[i]!;
    den[0]! += wi;
    if (domain) {
      const c = domain.codes[i]! + 1;
      num[c]! += wi * y[i]!;
      den[c]! += wi;
    }
  }
  for (let c = 0; c <= k; c++) out[c] = den[c]! > 0 ? num[c]! / den[c]! : Number.NaN;
}

/**
 * Jackknife replicate estimates of a mean or proportion (§2.6), overall and by domain: replicates are formed
 * from the base weights, the weighting recipe is re-applied to each (raking with the same number of passes as
 * the full sample, as R does on a replicate design), and the variance is R's svrVar.
 */
export function replicateMeans(opts: ReplicateMeansOptions): ReplicateMeansResult {
  const { design, weighting, replicateWeights } = replicateWeighting(opts);
  const k = opts.domain ? opts.domain.labels.length : 0;
  const full = new Float64Array(k + 1);
  means(weighting.weights, opts.y, opts.domain, full);
  const reps = Array.from({ length: k + 1 }, () => new Float64Array(design.count));
  const row = new Float64Array(k + 1);
  for (let r = 0; r < design.count; r++) {
    means(replicateWeights(r), opts.y, opts.domain, row);
    for (let c = 0; c <= k; c++) reps[c]![r] = row[c]!;
    opts.progress?.(r + 1, design.count);
  }
  const estimates: ReplicateEstimate[] = [];
  for (let c = 0; c <= k; c++) {
    const variance = replicateVariance(full[c]!, reps[c]!, design.scale, design.rscales, opts.mse ?? false);
    let dropped = 0;
    for (const t of reps[c]!) if (Number.isNaN(t)) dropped++;
    estimates.push({
      domain: c === 0 ? null : (opts.domain as Factor).labels[c - 1]!,
      estimate: full[c]!,
      replicates: reps[c]!,
      variance,
      se: Math.sqrt(variance),
      droppedReplicates: dropped,
    });
  }
  return { design, weighting, estimates };
}
