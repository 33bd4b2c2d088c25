import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type FhMethod, type FhMse, fitFayHerriot } from '../../../../src/survey/sae/fay-herriot.ts';
import { smallAreaEstimates } from '../../../../src/survey/sae/small-area.ts';

const dir = join(import.meta.dirname, '../../../fixtures/survey/sae');

// The milk data of R's sae package (fresh-milk expenditure, Arora & Lahiri 1997; 43 areas in 4 major areas), as
// used in Molina & Marhuenda, "sae: An R package for small area estimation", The R Journal 7(1), 2015:
// FH <- mseFH(yi ~ as.factor(MajorArea), SD^2). Expected values: sae's eblupFH/mseFH output to the 7 digits it
// prints (REML, the default; and method = "ML"), with sae's stopping rule (PRECISION = 1e-4).
const milk = readFileSync(join(dir, 'milk.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split(',').map(Number));
function milkInput() {
  const D = milk.length;
  const x = new Float64Array(D * 4);
  milk.forEach((r, d) => {
    x[d * 4] = 1;
    if (r[5]! > 1) x[d * 4 + r[5]! - 1] = 1;
  });
  return {
    y: Float64Array.from(milk, (r) => r[2]!),
    psi: Float64Array.from(milk, (r) => r[3]! ** 2),
    x,
    p: 4,
    precision: 1e-4,
  };
}
const SAE_REML = {
  beta: [0.968189, 0.1327801, 0.2269462, -0.2413011],
  eblup: [1.0219703, 1.0476018, 1.0679513, 0.760817, 0.8461574, 0.9743727, 1.0584523, 1.0977762, 1.2215449],
  mse: [0.01346022, 0.005372876, 0.00570199, 0.00854174, 0.009579594, 0.011670632, 0.015926137, 0.010586518],
  last: { eblup: 0.681087, mse: 0.009903626 },
};
const SAE_ML = {
  beta: [0.9677986, 0.1278756, 0.2266909, -0.2425804],
  eblup: [1.0161733, 1.0436968, 1.0628168, 0.7753489, 0.8554903, 0.9735857, 1.0474786, 1.0953436, 1.2054092],
  mse: [0.013579953, 0.005512868, 0.005850584, 0.008735454, 0.009774528, 0.011840745, 0.015934511, 0.010821811],
  last: { eblup: 0.6840976, mse: 0.01003714 },
};

describe('Fay–Herriot EBLUP and MSE on the milk example (sae)', () => {
  for (const [method, mse, want] of [
    ['REML', 'prasad-rao', SAE_REML],
    ['ML', 'datta-lahiri', SAE_ML],
  ] as const) {
    it(`${method}, MSE ${mse}: estimates and MSEs as printed`, () => {
      const f = fitFayHerriot({ ...milkInput(), method, mse });
      want.beta.forEach((b, a) => {
        expect(Math.abs(f.beta[a]! - b)).toBeLessThan(5e-8);
      });
      want.eblup.forEach((e, d) => {
        expect(Math.abs(f.eblup[d]! - e), `area ${d + 1}`).toBeLessThan(5e-8);
      });
      want.mse.forEach((m, d) => {
        expect(Math.abs(f.mse[d]! - m), `area ${d + 1}`).toBeLessThan(5e-10);
      });
      expect(Math.abs(f.eblup[42]! - want.last.eblup)).toBeLessThan(5e-8);
      expect(Math.abs(f.mse[42]! - want.last.mse)).toBeLessThan(5e-10);
    });
  }
  it('REML and Datta–Lahiri agree (the REML bias is of lower order)', () => {
    const a = fitFayHerriot({ ...milkInput(), method: 'REML', mse: 'prasad-rao' });
    const b = fitFayHerriot({ ...milkInput(), method: 'REML', mse: 'datta-lahiri' });
    expect(Array.from(b.mse)).toEqual(Array.from(a.mse));
  });
});

interface RCase {
  seed: number;
  method: FhMethod;
  mse: FhMse;
  p: number;
  y: number[];
  psi: number[];
  x: number[];
  A: number;
  beta: number[];
  eblup: number[];
  mse_values: number[];
}
// scripts/r/sae/fay-herriot.R: an independent base-R implementation (the likelihood maximized by optimize()).
const rCases = (JSON.parse(readFileSync(join(dir, 'fh-cases.json'), 'utf8')) as { cases: RCase[] }).cases;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

describe('Fay–Herriot against an independent R implementation (1e-6)', () => {
  for (const c of rCases) {
    it(`seed ${c.seed}, ${c.method}, ${c.y.length} areas`, () => {
      const f = fitFayHerriot({
        y: Float64Array.from(c.y),
        psi: Float64Array.from(c.psi),
        x: Float64Array.from(c.x),
        p: c.p,
        method: c.method,
        mse: c.mse,
      });
      expect(rel(f.A, c.A)).toBeLessThan(1e-6);
      c.beta.forEach((b, a) => {
        expect(rel(f.beta[a]!, b)).toBeLessThan(1e-6);
      });
      c.eblup.forEach((e, d) => {
        expect(rel(f.eblup[d]!, e), `area ${d + 1}`).toBeLessThan(1e-6);
      });
      c.mse_values.forEach((m, d) => {
        expect(rel(f.mse[d]!, m), `area ${d + 1}`).toBeLessThan(1e-6);
      });
    });
  }
});

describe('district estimates: logit scale, synthetic areas, benchmarking', () => {
  const direct = [
    { area: 'A', estimate: 0.2, variance: 0.0016, n: 300, sumW: 1000 },
    { area: 'B', estimate: 0.3, variance: 0.0025, n: 250, sumW: 2000 },
    { area: 'C', estimate: 0.15, variance: 0.0009, n: 400, sumW: 1500 },
    { area: 'D', estimate: 0.25, variance: 0.0036, n: 120, sumW: 500 },
    { area: 'E', estimate: 0.35, variance: 0.003, n: 200, sumW: 800 },
    { area: 'F', estimate: 0, variance: 0, n: 12, sumW: 60 },
  ];
  const covariates = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((area, k) => ({
    area,
    values: { college: [0.2, 0.35, 0.1, 0.25, 0.4, 0.15, 0.3][k]! },
    population: [1000, 2000, 1500, 500, 800, 60, 700][k]!,
  }));
  it('a district without a usable direct estimate (no sample, or 0 %) gets the synthetic estimate', () => {
    const r = smallAreaEstimates(direct, covariates, { benchmark: 0.26 });
    const f = r.areas.find((a) => a.area === 'F')!;
    const g = r.areas.find((a) => a.area === 'G')!;
    expect(f.synthetic && g.synthetic).toBe(true);
    expect(g.direct).toBeNull();
    expect(r.fit.areasInModel).toBe(5);
    // Synthetic on the logit scale: expit(β0 + β1 x).
    const [b0, b1] = r.fit.coefficients.map((c) => c.estimate);
    expect(g.estimate).toBeCloseTo(1 / (1 + Math.exp(-(b0! + b1! * 0.3))), 12);
    expect(r.warnings.join('\n')).toMatch(/"F"/);
  });
  it('benchmarked districts add up (by population) to the city’s direct estimate', () => {
    const r = smallAreaEstimates(direct, covariates, { benchmark: 0.26 });
    let num = 0;
    let den = 0;
    for (const a of r.areas) {
      const pop = covariates.find((c) => c.area === a.area)!.population;
      num += pop * a.benchmarked;
      den += pop;
    }
    expect(num / den).toBeCloseTo(0.26, 12);
    expect(r.areas.every((a) => a.label === 'model-based')).toBe(true);
  });
  it('the logit-scale model maps back: interval inside (0, 1) and containing the estimate', () => {
    const r = smallAreaEstimates(direct, covariates);
    for (const a of r.areas) {
      expect(a.ci[0]).toBeGreaterThan(0);
      expect(a.ci[1]).toBeLessThan(1);
      expect(a.ci[0]).toBeLessThan(a.estimate);
      expect(a.ci[1]).toBeGreaterThan(a.estimate);
    }
  });
});
