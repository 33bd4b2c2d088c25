// A small, independent Taylor variance written from methodology.md §2.2 (with replacement, no fpc), used to
// turn linearized values into SEs until the engine's own variance module is wired in.
import type { Factor, VarianceAdjustment } from '../../../../src/survey/types.ts';

/** V = Σ_h n_h/(n_h − 1) Σ_j (t_hj − t̄_h)², n_h counting every PSU of the stratum in the whole sample. */
export function taylorVariance(z: Float64Array, psu: Factor, strata?: Factor): number {
  const psuTotals = new Map<number, number>();
  const psuStratum = new Map<number, number>();
  for (let i = 0; i < z.length; i++) {
    const j = psu.codes[i] as number;
    psuTotals.set(j, (psuTotals.get(j) ?? 0) + (z[i] as number));
    psuStratum.set(j, strata ? (strata.codes[i] as number) : 0);
  }
  const byStratum = new Map<number, number[]>();
  for (const [j, t] of psuTotals) {
    const h = psuStratum.get(j) as number;
    const list = byStratum.get(h) ?? [];
    list.push(t);
    byStratum.set(h, list);
  }
  let v = 0;
  for (const totals of byStratum.values()) {
    const n = totals.length;
    const mean = totals.reduce((a, b) => a + b, 0) / n;
    v += (n / (n - 1)) * totals.reduce((a, t) => a + (t - mean) ** 2, 0);
  }
  return v;
}

/** Mean of y over the rows where `inDomain`, and its SE with the weighting steps' adjustments applied in order. */
export function meanAndSe(
  w: Float64Array,
  y: Float64Array,
  inDomain: (i: number) => boolean,
  adjustments: readonly VarianceAdjustment[],
  psu: Factor,
  strata?: Factor,
): { mean: number; se: number } {
  let sw = 0;
  let swy = 0;
  for (let i = 0; i < w.length; i++) {
    if (!inDomain(i)) continue;
    sw += w[i] as number;
    swy += (w[i] as number) * (y[i] as number);
  }
  const mean = swy / sw;
  let z = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) {
    if (inDomain(i)) z[i] = ((w[i] as number) * ((y[i] as number) - mean)) / sw;
  }
  for (const a of adjustments) z = a.adjust(z) as Float64Array<ArrayBuffer>;
  return { mean, se: Math.sqrt(taylorVariance(z, psu, strata)) };
}
