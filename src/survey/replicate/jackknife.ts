import type { Factor, LonelyPsu } from '../types.ts';
import { WeightingError } from '../weighting/errors.ts';

/**
 * Jackknife replicate weights (methodology.md §2.6), as R `as.svrepdesign(type = "JK1" | "JKn")`, with the
 * first stage's fpc as R uses it (JK1: scale × (N − n)/N; JKn: each stratum's rscales × (N_h − n_h)/N_h, a stratum
 * sampled in full giving no replicate, as R's `survey.drop.replicates`).
 * Replicates are described, not stored (n × R doubles would not fit for a large survey): `weights(r)` builds
 * replicate r's weights on demand as base weight × jackknife factor.
 */
export interface JackknifeDesign extends ReplicateBasis {
  type: 'jk1' | 'jkn';
  /** Number of replicates. */
  count: number;
  /** svrVar's overall scale: JK1 (n−1)/n; JKn 1 (× #PSU/#contributing under lonely-PSU `average`). */
  scale: number;
  /** svrVar's per-replicate scales: JK1 1; JKn (n_h−1)/n_h of the replicate's stratum. */
  rscales: Float64Array;
  /** Replicate r's weights (0 ≤ r < count), written into `into` when given. */
  weights(r: number, into?: Float64Array): Float64Array;
}

/** What every kind of replicate weights gives the estimator (R's svyrep.design). */
export interface ReplicateBasis {
  type: string;
  count: number;
  scale: number;
  rscales: Float64Array;
  weights(r: number, into?: Float64Array): Float64Array;
  /**
   * Rows of one unit (a PSU) have replicate weights proportional to their base weights: the rank of the replicate
   * weights (R's degf) is taken over units. Undefined: every row is its own unit.
   */
  unit?: Int32Array;
}

export interface JackknifeOptions {
  weights: Float64Array;
  strata?: Factor;
  /** PSUs; identified within their stratum (R's ids after `nest`). */
  psu: Factor;
  type: 'jk1' | 'jkn';
  /** For JKn, a stratum with one PSU: R jknweights' `lonely.psu` (default `fail`). */
  lonelyPsu?: LonelyPsu;
  /** Population count N_h of each stratum (index = stratum code), from the design's first-stage fpc. */
  popSize?: Float64Array;
}

interface Replicate {
  /** Rows whose factor is 0 (the dropped PSU, or the whole stratum under `adjust`). */
  dropStratum: number;
  dropPsu: number;
  /** Factor for the other rows of the dropped PSU's stratum, and for rows elsewhere. */
  inStratum: number;
  elsewhere: number;
}

export function jackknifeWeights(opts: JackknifeOptions): JackknifeDesign {
  const { weights, psu, type } = opts;
  const n = weights.length;
  const strataCodes = opts.strata?.codes ?? new Int32Array(n);
  const nStrata = opts.strata ? opts.strata.labels.length : 1;
  if (type === 'jk1' && opts.strata) {
    const present = new Set(strataCodes);
    if (present.size > 1) {
      throw new WeightingError('invalid_design', "JK1 replicates are for unstratified designs: use 'jkn'.");
    }
  }
  // PSUs per stratum, in order of first appearance (R's unique()).
  const psuIndex = new Map<number, number>();
  const psuStratum: number[] = [];
  const rowPsu = new Int32Array(n);
  const stratumOrder: number[] = [];
  const seenStratum = new Uint8Array(nStrata);
  for (let i = 0; i < n; i++) {
    const h = strataCodes[i]!;
    const key = h * psu.labels.length + psu.codes[i]!;
    let id = psuIndex.get(key);
    if (id === undefined) {
      id = psuStratum.length;
      psuIndex.set(key, id);
      psuStratum.push(h);
    }
    rowPsu[i] = id;
    if (!seenStratum[h]!) {
      seenStratum[h] = 1;
      stratumOrder.push(h);
    }
  }
  const totalPsu = psuStratum.length;
  const replicates: Replicate[] = [];
  const rscales: number[] = [];
  let scale = 1;
  if (type === 'jk1') {
    if (totalPsu < 2) throw new WeightingError('invalid_design', 'JK1 replicates need at least two PSUs.');
    const f = fpcFactor(opts.popSize?.[stratumOrder[0]!], totalPsu);
    if (f > 0) {
      for (let j = 0; j < totalPsu; j++) {
        replicates.push({ dropStratum: -1, dropPsu: j, inStratum: totalPsu / (totalPsu - 1), elsewhere: 1 });
        rscales.push(1);
      }
    }
    scale = (f * (totalPsu - 1)) / totalPsu;
  } else {
    const psusOf = new Map<number, number[]>();
    for (let j = 0; j < totalPsu; j++) {
      const list = psusOf.get(psuStratum[j]!) ?? [];
      list.push(j);
      psusOf.set(psuStratum[j]!, list);
    }
    const presentStrata = stratumOrder.length;
    const lonely = opts.lonelyPsu ?? 'fail';
    for (const h of stratumOrder) {
      const list = psusOf.get(h) as number[];
      const nh = list.length;
      const label = opts.strata ? opts.strata.labels[h]! : '';
      const f = fpcFactor(opts.popSize?.[h], nh);
      if (f === 0) continue; // sampled in full: no replicate (R drops them)
      if (nh === 1) {
        if (lonely === 'fail') {
          throw new WeightingError('lonely_psu', `Stratum "${label}" has only one PSU (choose a lonely-PSU option).`);
        }
        if (lonely === 'adjust') {
          replicates.push({
            dropStratum: h,
            dropPsu: -1,
            inStratum: 0,
            elsewhere: presentStrata / (presentStrata - 1),
          });
          rscales.push((presentStrata - 1) / presentStrata);
        }
        continue;
      }
      for (const j of list) {
        replicates.push({ dropStratum: h, dropPsu: j, inStratum: nh / (nh - 1), elsewhere: 1 });
        rscales.push((f * (nh - 1)) / nh);
      }
    }
    if (replicates.length === 0) {
      throw new WeightingError('invalid_design', 'No stratum has two PSUs: no jackknife replicate can be formed.');
    }
    if (replicates.length < totalPsu && lonely === 'average') scale = totalPsu / replicates.length;
  }
  return {
    type,
    unit: rowPsu,
    count: replicates.length,
    scale,
    rscales: Float64Array.from(rscales),
    weights(r: number, into?: Float64Array): Float64Array {
      const rep = replicates[r];
      if (rep === undefined) throw new RangeError(`No replicate ${r}`);
      const out = into ?? new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let f: number;
        if (rep.dropPsu < 0) f = strataCodes[i]! === rep.dropStratum ? 0 : rep.elsewhere;
        else if (rowPsu[i]! === rep.dropPsu) f = 0;
        else if (rep.dropStratum < 0 || strataCodes[i]! === rep.dropStratum) f = rep.inStratum;
        else f = rep.elsewhere;
        out[i] = weights[i]! * f;
      }
      return out;
    },
  };
}

/** (N − n)/N for a stratum of n PSUs out of N; 1 without fpc. */
function fpcFactor(popSize: number | undefined, n: number): number {
  if (popSize === undefined || popSize === Number.POSITIVE_INFINITY) return 1;
  return (popSize - n) / popSize;
}
