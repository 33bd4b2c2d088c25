// Each weighting step on a handful of interviews, with the expected weights worked out by hand in the test,
// and the errors a survey office meets when its targets do not fit its sample.
import { describe, expect, it } from 'vitest';
import type { Factor } from '../../../../src/survey/types.ts';
import {
  baseWeights,
  calibrateLinear,
  factorFromStrings,
  nonResponseAdjust,
  postStratify,
  rake,
  runWeighting,
  trimWeights,
  weightDiagnostics,
  weightingData,
} from '../../../../src/survey/weighting/index.ts';

const f = (...values: string[]): Factor => factorFromStrings(values);
const w = (...values: number[]) => Float64Array.from(values);

describe('weighting steps on a few interviews (hand calculations)', () => {
  it('base weights are inverse selection probabilities', () => {
    expect(Array.from(baseWeights(w(0.5, 0.25, 0.1)).weights)).toEqual([2, 4, 10]);
    expect(() => baseWeights(w(0.5, 0))).toThrow(/Row 2: selection probability 0/);
  });

  it('non-response: respondents carry their class weight, non-respondents get 0', () => {
    // Class x: 10+10 sampled, 10 responded → factor 2; class y: everyone responded.
    const r = nonResponseAdjust(w(10, 10, 10, 10), f('x', 'x', 'y', 'y'), Uint8Array.from([1, 0, 1, 1]));
    expect(Array.from(r.weights)).toEqual([20, 0, 10, 10]);
    expect(r.diagnostics.sumW).toBe(40);
    expect(r.diagnostics.min).toBe(10); // the non-respondent's 0 is not a sample weight
  });

  it('non-response: a class where nobody answered is refused, by name', () => {
    expect(() => nonResponseAdjust(w(1, 1, 1), f('urban', 'rural', 'rural'), Uint8Array.from([0, 1, 1]))).toThrow(
      /class "urban" has no respondent/,
    );
  });

  it('post-stratification: w·N_g/Ŵ_g in every cell', () => {
    const r = postStratify(
      w(1, 1, 2, 2),
      f('a', 'a', 'b', 'b'),
      new Map([
        ['a', 10],
        ['b', 20],
      ]),
    );
    expect(Array.from(r.weights)).toEqual([5, 5, 10, 10]);
    // Variance adjustment: z minus its cell mean of z/w, times w (here w ∝ within each cell).
    const z = r.adjustment!.adjust(w(1, 3, 2, 6));
    // Cell a: Σz = 4, N = 10 → z − 5·0.4 = [-1, 1]; cell b: Σz = 8, N = 20 → z − 10·0.4 = [-2, 2].
    expect(Array.from(z)).toEqual([-1, 1, -2, 2]);
  });

  it('post-stratification: a sample cell without target is an error naming the cell', () => {
    const data = weightingData(3, { sex: ['male', 'female', 'male'], age_group: ['20-24', '20-24', '25-29'] });
    const cells = [
      { values: ['male', '20-24'], N: 100 },
      { values: ['female', '20-24'], N: 100 },
    ];
    expect(() => runWeighting(w(1, 1, 1), [{ step: 'poststratify', vars: ['sex', 'age_group'], cells }], data)).toThrow(
      /sample cell "male × 25-29" has no population target/,
    );
  });

  it('post-stratification: a target cell without respondents is an error unless partial', () => {
    const targets = new Map([
      ['a', 10],
      ['b', 20],
      ['c', 5],
    ]);
    expect(() => postStratify(w(1, 1), f('a', 'b'), targets)).toThrow(/target cell "c" has no respondent/);
    const r = postStratify(w(1, 1), f('a', 'b'), targets, { partial: true });
    expect(Array.from(r.weights)).toEqual([10, 20]);
    expect(r.diagnostics.warnings[0]).toMatchObject({ code: 'empty_cell', values: { cell: 'c' } });
    expect(r.diagnostics.warnings[0]?.message).toMatch(/"c" has no respondent: ignored/);
  });

  it('raking reaches both margins of a 2×2 table and reports convergence', () => {
    // Sample 1 per cell; margins sex 60/40 and residence 30/70: IPF converges to the independent table.
    const r = rake(w(1, 1, 1, 1), [
      {
        name: 'sex',
        factor: f('m', 'm', 'f', 'f'),
        targets: new Map([
          ['m', 60],
          ['f', 40],
        ]),
      },
      {
        name: 'residence',
        factor: f('u', 'r', 'u', 'r'),
        targets: new Map([
          ['u', 30],
          ['r', 70],
        ]),
      },
    ]);
    expect(r.diagnostics.converged).toBe(true);
    const expected = [18, 42, 12, 28]; // 60·0.3, 60·0.7, 40·0.3, 40·0.7
    r.weights.forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i] as number, 9);
    });
  });

  it('raking stopped by maxit before the table settles warns, as R', () => {
    // One pass moves the joint table from 1s to [18, 42, 12, 28]: a change far above epsilon = 1.
    const r = rake(
      w(1, 1, 1, 1),
      [
        {
          name: 'sex',
          factor: f('m', 'm', 'f', 'f'),
          targets: new Map([
            ['m', 60],
            ['f', 40],
          ]),
        },
        {
          name: 'residence',
          factor: f('u', 'r', 'u', 'r'),
          targets: new Map([
            ['u', 30],
            ['r', 70],
          ]),
        },
      ],
      { maxit: 1 },
    );
    expect(r.diagnostics.converged).toBe(false);
    expect(r.diagnostics.iterations).toBe(1);
    expect(r.diagnostics.warnings).toEqual([
      { code: 'not_converged', values: { passes: 1 }, message: 'Raking did not converge after 1 iterations.' },
    ]);
  });

  it('raking with epsilon below 1 compares changes with epsilon · Σw', () => {
    // Σw = 4, epsilon 0.3 → threshold 1.2; the second pass changes nothing, so two passes.
    const margins = [
      {
        name: 'sex',
        factor: f('m', 'm', 'f', 'f'),
        targets: new Map([
          ['m', 60],
          ['f', 40],
        ]),
      },
      {
        name: 'residence',
        factor: f('u', 'r', 'u', 'r'),
        targets: new Map([
          ['u', 30],
          ['r', 70],
        ]),
      },
    ];
    const r = rake(w(1, 1, 1, 1), margins, { epsilon: 0.3 });
    expect(r.diagnostics.converged).toBe(true);
    expect(r.diagnostics.iterations).toBe(2);
  });

  it('linear calibration meets the totals: g = 1 + x′λ', () => {
    // Intercept and x; sample Σw = 4, Σwx = 10; targets N = 8, X = 24.
    // λ solves [[4,10],[10,30]] λ = [4, 14] → λ = [-1, 0.8]; g = 0.8·x, so Σg = 8 and Σgx = 0.8·30 = 24.
    const x = w(1, 2, 3, 4);
    const r = calibrateLinear(w(1, 1, 1, 1), [w(1, 1, 1, 1), x], [8, 24]);
    const g = [0.8, 1.6, 2.4, 3.2];
    r.weights.forEach((v, i) => {
      expect(v).toBeCloseTo(g[i] as number, 12);
    });
    expect(() => calibrateLinear(w(1, 1), [w(1, 1), w(2, 2)], [2, 4])).toThrow(/collinear/);
  });

  it('trimming clips and shares the excess equally among the other weights', () => {
    const r = trimWeights(w(1, 2, 3, 10), 0, 5);
    // 10 → 5; the excess 5 is split over three weights: +5/3 each.
    const expected = [1 + 5 / 3, 2 + 5 / 3, 3 + 5 / 3, 5];
    r.weights.forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i] as number, 12);
    });
    // One weight was outside: the screen says so in its own language from the code and count.
    expect(r.diagnostics.warnings).toEqual([
      { code: 'trimmed', values: { count: 1 }, message: '1 weights were trimmed.' },
    ]);
    // Strict with bound 4.5: the first round leaves 3 + 5/3 ≈ 4.67 above it, so a second round is needed.
    const strict = trimWeights(w(1, 2, 3, 10), 0, 4.5, { strict: true });
    expect(Math.max(...strict.weights)).toBeLessThanOrEqual(4.5 + 1e-12);
    expect(strict.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(16, 12);
    expect(strict.diagnostics.iterations).toBeGreaterThan(1);
    expect(() => trimWeights(w(1, 1, 1, 10), 0, 3, { strict: true })).toThrow(/cannot all lie within \[0, 3\]/);
  });

  it('diagnostics: CV and Kish effective n', () => {
    const d = weightDiagnostics('x', w(1, 1, 2, 2));
    expect(d.cv).toBeCloseTo(1 / 3, 12); // sd 0.5 / mean 1.5
    expect(d.nKish).toBeCloseTo(36 / 10, 12); // (Σw)²/Σw²
  });

  it('a recipe that names a column the data lacks is refused with the column', () => {
    const data = weightingData(2, { sex: ['male', 'female'] });
    expect(() =>
      runWeighting(w(1, 1), [{ step: 'rake', margins: [{ vars: ['residence'], cells: [] }] }], data),
    ).toThrow(/no column "residence"/);
  });
});
