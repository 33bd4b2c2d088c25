import type { Factor } from '../types.ts';
import { WeightingError } from '../weighting/errors.ts';
import type { ReplicateBasis } from './jackknife.ts';

/**
 * Balanced repeated replication and Fay's variant, as R `as.svrepdesign(type = "BRR" | "Fay")` (brrweights with
 * its defaults small = "fail", large = "split"): PSUs are paired within strata (a stratum of 2k PSUs gives k pairs,
 * in order of first appearance), pair p takes row p of a Hadamard matrix; in replicate r the PSU the matrix picks
 * gets factor 2 − ρ and its partner ρ (ρ = 0: BRR). V = Σ_r (θ_r − θ̄)² / (R (1 − ρ)²).
 *
 * The Hadamard matrix is Sylvester's of the smallest order 2^k above the number of pairs. R survey uses the same
 * matrix when the pairs number 1–7, 12–15, 28–31 or 60–63; otherwise R picks a smaller (Paley or tabulated) one,
 * which gives the same variance for totals and slightly different ones for ratios: `hadamardNote` then says so.
 */
export interface BrrDesign extends ReplicateBasis {
  type: 'BRR' | 'Fay';
  rho: number;
  pairs: number;
  hadamardNote?: string;
}

export interface BrrOptions {
  weights: Float64Array;
  strata: Factor;
  psu: Factor;
  rho?: number;
}

/** Sylvester's Hadamard matrix in R's 0/1 form: entry (i, j) is 1 when i & j has an even number of bits. */
export function sylvester(i: number, j: number): number {
  let x = i & j;
  let bits = 0;
  while (x) {
    bits ^= 1;
    x &= x - 1;
  }
  return bits === 0 ? 1 : 0;
}

/** The order of the Hadamard matrix R survey's hadamard(n) gives for n pairs, when it is a power of two. */
function rUsesSylvester(n: number): boolean {
  return n <= 7 || (n >= 12 && n <= 15) || (n >= 28 && n <= 31) || (n >= 60 && n <= 63);
}

export function brrWeights(opts: BrrOptions): BrrDesign {
  const { weights, strata, psu } = opts;
  const rho = opts.rho ?? 0;
  if (!(rho >= 0 && rho < 1)) throw new WeightingError('invalid_design', `Fay's rho must be in [0, 1), not ${rho}.`);
  const n = weights.length;
  // PSUs (within strata) in order of first appearance.
  const index = new Map<number, number>();
  const psuStratum: number[] = [];
  const unit = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const h = strata.codes[i]!;
    const key = h * psu.labels.length + psu.codes[i]!;
    let id = index.get(key);
    if (id === undefined) {
      id = psuStratum.length;
      index.set(key, id);
      psuStratum.push(h);
    }
    unit[i] = id;
  }
  const nUnits = psuStratum.length;
  const byStratum = new Map<number, number[]>();
  for (let c = 0; c < nUnits; c++) {
    const list = byStratum.get(psuStratum[c]!) ?? [];
    list.push(c);
    byStratum.set(psuStratum[c]!, list);
  }
  // R orders strata by their labels as text (as.character) and numbers pairs of strata with more than 2 PSUs first.
  const order = [...byStratum.keys()].sort((a, b) => {
    const la = strata.labels[a]!;
    const lb = strata.labels[b]!;
    return la < lb ? -1 : la > lb ? 1 : 0;
  });
  for (const h of order) {
    const size = byStratum.get(h)!.length;
    if (size < 2)
      throw new WeightingError('invalid_design', `BRR: stratum "${strata.labels[h]}" has fewer than 2 PSUs.`);
    if (size % 2 === 1) {
      throw new WeightingError(
        'invalid_design',
        `BRR: stratum "${strata.labels[h]}" has an odd number of PSUs (${size}); BRR needs pairs.`,
      );
    }
  }
  const pairOf = new Int32Array(nUnits);
  /** 0: the pair's first PSU (R's weights column 1 = 0), 1: its second. */
  const side = new Uint8Array(nUnits);
  let pairs = 0;
  for (const large of [true, false]) {
    for (const h of order) {
      const list = byStratum.get(h)!;
      if (list.length > 2 !== large) continue;
      list.forEach((c, k) => {
        pairOf[c] = pairs + (k >> 1);
        side[c] = k & 1;
      });
      pairs += list.length >> 1;
    }
  }
  let order2 = 4;
  while (order2 < pairs + 1) order2 *= 2;
  const count = order2;
  // factors[c * count + r]
  const factors = new Float64Array(nUnits * count);
  for (let c = 0; c < nUnits; c++) {
    for (let r = 0; r < count; r++) {
      const picksFirst = sylvester(pairOf[c]! + 1, r) === 0; // R: column 1 chosen when H[1 + pair, r] = 0
      const chosen = picksFirst ? side[c] === 0 : side[c] === 1;
      // R's weights: first PSU (0, 1), second (1, 0); the chosen column gets 2 − ρ, the other ρ.
      factors[c * count + r] = chosen ? rho : 2 - rho;
    }
  }
  return {
    type: rho === 0 ? 'BRR' : 'Fay',
    rho,
    pairs,
    count,
    scale: 1 / (count * (1 - rho) * (1 - rho)),
    rscales: new Float64Array(count).fill(1),
    unit,
    hadamardNote: rUsesSylvester(pairs)
      ? undefined
      : `BRR uses a Hadamard matrix of order ${count} for ${pairs} pairs; R survey's default is smaller, so ratio SEs may differ slightly from R's (totals agree)`,
    weights(r: number, into?: Float64Array): Float64Array {
      const out = into ?? new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = weights[i]! * factors[unit[i]! * count + r]!;
      return out;
    },
  };
}
