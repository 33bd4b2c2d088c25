// Rao–Wu bootstrap and BRR replicate weights, checked by hand (R comparisons of estimates from these kinds of
// weights are in tests/unit/survey/replicates-vs-r.test.ts).
import { describe, expect, it } from 'vitest';
import { bootstrapWeights } from '../../../../src/survey/replicate/bootstrap.ts';
import { brrWeights, sylvester } from '../../../../src/survey/replicate/brr.ts';
import { factorFromStrings } from '../../../../src/survey/weighting/index.ts';

const f = (...v: string[]) => factorFromStrings(v);
const strata = f('A', 'A', 'A', 'A', 'B', 'B', 'B');
const psu = f('1', '1', '2', '3', '1', '2', '3');
const w = Float64Array.from([1, 2, 3, 4, 5, 6, 7]);

describe('Rao–Wu bootstrap with a seed', () => {
  it('the same seed gives the same replicates, another seed others', () => {
    const a = bootstrapWeights({ weights: w, strata, psu, replicates: 20, seed: 7 });
    const b = bootstrapWeights({ weights: w, strata, psu, replicates: 20, seed: 7 });
    const c = bootstrapWeights({ weights: w, strata, psu, replicates: 20, seed: 8 });
    const all = (d: typeof a) => Array.from({ length: 20 }, (_, r) => Array.from(d.weights(r))).flat();
    expect(all(a)).toEqual(all(b));
    expect(all(a)).not.toEqual(all(c));
  });
  it('each replicate draws n_h − 1 PSUs per stratum and rescales by n_h/(n_h − 1): factors sum to n_h', () => {
    const d = bootstrapWeights({ weights: new Float64Array(7).fill(1), strata, psu, replicates: 30, seed: 3 });
    expect(d.scale).toBeCloseTo(1 / 29, 15);
    for (let r = 0; r < 30; r++) {
      const x = d.weights(r);
      // Rows of one PSU share its factor; one row per PSU: stratum A rows 0, 2, 3; stratum B rows 4, 5, 6.
      expect(x[0]).toBe(x[1]);
      expect(x[0]! + x[2]! + x[3]!).toBeCloseTo(3, 12);
      expect(x[4]! + x[5]! + x[6]!).toBeCloseTo(3, 12);
      for (const v of x) expect([0, 1.5, 3]).toContain(v); // 0, 1 or 2 draws × 3/2
    }
  });
  it('a stratum with one PSU cannot be resampled: refused with its name', () => {
    expect(() =>
      bootstrapWeights({
        weights: w.subarray(0, 5),
        strata: f('A', 'A', 'A', 'A', 'B'),
        psu: f('1', '1', '2', '3', '1'),
      }),
    ).toThrow(/stratum "B" has only one PSU/);
  });
});

describe('BRR and Fay', () => {
  it('Sylvester’s matrix in R’s 0/1 form is orthogonal (balanced half-samples)', () => {
    for (let i = 1; i < 8; i++) {
      for (let j = 0; j < i; j++) {
        let dot = 0;
        for (let r = 0; r < 8; r++) dot += (2 * sylvester(i, r) - 1) * (2 * sylvester(j, r) - 1);
        expect(dot).toBe(0);
      }
    }
  });
  it('each replicate keeps one PSU of every pair (× 2) and drops the other; Fay keeps ρ of it', () => {
    const s2 = f('A', 'A', 'B', 'B', 'C', 'C');
    const p2 = f('1', '2', '1', '2', '1', '2');
    const ones = new Float64Array(6).fill(1);
    const brr = brrWeights({ weights: ones, strata: s2, psu: p2 });
    expect(brr.count).toBe(4); // 3 pairs: order 4, as R's hadamard(3)
    expect(brr.scale).toBeCloseTo(1 / 4, 15);
    const fay = brrWeights({ weights: ones, strata: s2, psu: p2, rho: 0.5 });
    expect(fay.scale).toBeCloseTo(1 / (4 * 0.25), 15);
    for (let r = 0; r < 4; r++) {
      const x = brr.weights(r);
      const y = fay.weights(r);
      for (let k = 0; k < 6; k += 2) {
        expect([x[k], x[k + 1]].sort()).toEqual([0, 2]);
        expect([y[k], y[k + 1]].sort()).toEqual([0.5, 1.5]);
      }
    }
  });
  it('a stratum without a partner PSU is refused (R: "Some strata have fewer than 2 PSUs")', () => {
    expect(() =>
      brrWeights({ weights: new Float64Array(3).fill(1), strata: f('A', 'A', 'B'), psu: f('1', '2', '1') }),
    ).toThrow(/stratum "B" has fewer than 2 PSUs/);
  });
});
