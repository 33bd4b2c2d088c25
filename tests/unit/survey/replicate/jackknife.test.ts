// Jackknife replicates and their variance on a few PSUs, worked out by hand (methodology.md §2.6).
import { describe, expect, it } from 'vitest';
import { jackknifeWeights, replicateVariance } from '../../../../src/survey/replicate/index.ts';
import { factorFromStrings } from '../../../../src/survey/weighting/index.ts';

const f = (...v: string[]) => factorFromStrings(v);

describe('jackknife replicates', () => {
  it('JK1 drops one PSU and scales the others by n/(n−1)', () => {
    const d = jackknifeWeights({ weights: Float64Array.from([2, 2, 4]), psu: f('a', 'b', 'c'), type: 'jk1' });
    expect(d.count).toBe(3);
    expect(d.scale).toBeCloseTo(2 / 3, 15);
    expect(Array.from(d.weights(0))).toEqual([0, 3, 6]);
    expect(Array.from(d.weights(2))).toEqual([3, 3, 0]);
  });

  it('JKn re-scales only the dropped PSU’s stratum', () => {
    const d = jackknifeWeights({
      weights: Float64Array.from([1, 1, 1, 1, 1]),
      strata: f('A', 'A', 'B', 'B', 'B'),
      psu: f('1', '2', '1', '2', '3'),
      type: 'jkn',
    });
    expect(d.count).toBe(5);
    expect(Array.from(d.rscales)).toEqual([0.5, 0.5, 2 / 3, 2 / 3, 2 / 3]);
    expect(Array.from(d.weights(0))).toEqual([0, 2, 1, 1, 1]);
    expect(Array.from(d.weights(4))).toEqual([1, 1, 1.5, 1.5, 0]);
  });

  it('refuses JK1 on a stratified design and a lonely PSU under "fail", naming the stratum', () => {
    expect(() =>
      jackknifeWeights({ weights: new Float64Array(2).fill(1), strata: f('A', 'B'), psu: f('1', '2'), type: 'jk1' }),
    ).toThrow(/JK1 replicates are for unstratified designs/);
    expect(() =>
      jackknifeWeights({
        weights: new Float64Array(3).fill(1),
        strata: f('A', 'A', 'B'),
        psu: f('1', '2', '1'),
        type: 'jkn',
      }),
    ).toThrow(/Stratum "B" has only one PSU/);
  });

  it('replicate variance as svrVar: centred on the replicate mean, or on θ with mse', () => {
    const thetas = Float64Array.from([1, 2, 3]);
    const ones = Float64Array.from([1, 1, 1]);
    // Mean 2: squares 1 + 0 + 1 = 2, × scale 2/3.
    expect(replicateVariance(2.5, thetas, 2 / 3, ones)).toBeCloseTo(4 / 3, 15);
    // Around θ = 2.5: 2.25 + 0.25 + 0.25 = 2.75, × 2/3.
    expect(replicateVariance(2.5, thetas, 2 / 3, ones, true)).toBeCloseTo(2.75 * (2 / 3), 15);
    // A replicate where the domain was empty (NaN) is left out, as R's na.omit.
    expect(replicateVariance(2, Float64Array.from([1, Number.NaN, 3]), 1, ones)).toBeCloseTo(2, 15);
  });
});
