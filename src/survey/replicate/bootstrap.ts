import type { Factor } from '../types.ts';
import { WeightingError } from '../weighting/errors.ts';
import type { ReplicateBasis } from './jackknife.ts';

/**
 * Rao–Wu rescaling bootstrap (R survey's "subbootstrap"; Rao, Wu & Yue 1992 with m_h = n_h − 1): in each
 * replicate, n_h − 1 PSUs are drawn with replacement in every stratum, and a PSU drawn k times gets factor
 * k · n_h/(n_h − 1). V = Σ_r (θ_r − θ̄)²/(R − 1). The draws come from a seeded generator, so a seed gives the same
 * replicate weights on every machine; R's own draws differ (its generator), which is why the tests compare with R
 * on these very weights (svrepdesign(type = "bootstrap")).
 */
export interface BootstrapDesign extends ReplicateBasis {
  type: 'bootstrap';
  seed: number;
}

export interface BootstrapOptions {
  weights: Float64Array;
  strata?: Factor;
  psu: Factor;
  replicates?: number;
  seed?: number;
}

/** mulberry32: small, fast and good enough for resampling PSUs; the seed makes a run reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DEFAULT_BOOTSTRAP_SEED = 20251123;

export function bootstrapWeights(opts: BootstrapOptions): BootstrapDesign {
  const { weights, psu } = opts;
  const n = weights.length;
  const count = opts.replicates ?? 50; // R's default
  if (!(Number.isInteger(count) && count >= 2)) {
    throw new WeightingError('invalid_design', `The bootstrap needs at least 2 replicates, not ${count}.`);
  }
  const seed = opts.seed ?? DEFAULT_BOOTSTRAP_SEED;
  const strataCodes = opts.strata?.codes ?? new Int32Array(n);
  const index = new Map<number, number>();
  const psuStratum: number[] = [];
  const unit = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = strataCodes[i]! * psu.labels.length + psu.codes[i]!;
    let id = index.get(key);
    if (id === undefined) {
      id = psuStratum.length;
      index.set(key, id);
      psuStratum.push(strataCodes[i]!);
    }
    unit[i] = id;
  }
  const nUnits = psuStratum.length;
  const members = new Map<number, number[]>();
  for (let c = 0; c < nUnits; c++) {
    const list = members.get(psuStratum[c]!) ?? [];
    list.push(c);
    members.set(psuStratum[c]!, list);
  }
  for (const [h, list] of members) {
    if (list.length < 2) {
      const label = opts.strata ? opts.strata.labels[h] : '';
      throw new WeightingError('lonely_psu', `Bootstrap: stratum "${label}" has only one PSU; it cannot be resampled.`);
    }
  }
  const rand = seededRandom(seed);
  const factors = new Float64Array(nUnits * count);
  for (let r = 0; r < count; r++) {
    for (const list of members.values()) {
      const nh = list.length;
      const rescale = nh / (nh - 1);
      for (let k = 0; k < nh - 1; k++) {
        const c = list[Math.floor(rand() * nh)]!;
        factors[c * count + r]! += rescale;
      }
    }
  }
  return {
    type: 'bootstrap',
    seed,
    count,
    scale: 1 / (count - 1),
    rscales: new Float64Array(count).fill(1),
    unit,
    weights(r: number, into?: Float64Array): Float64Array {
      const out = into ?? new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = weights[i]! * factors[unit[i]! * count + r]!;
      return out;
    },
  };
}
