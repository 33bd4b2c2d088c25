import { describe, expect, it } from 'vitest';
import { compareDomains, compareWaves, compareWithTarget } from '../../../src/survey/compare.ts';
import { estimateMean } from '../../../src/survey/estimate.ts';
import { proportionInterval } from '../../../src/survey/intervals.ts';
import { qbeta, qt } from '../../../src/survey/quantiles.ts';
import { designFrom, domainMask, loadCsv, readFixture, relClose } from './r-fixtures.ts';

interface Fixture {
  qt: { p: number; df: number; q: number }[];
  qbeta: { p: number; a: number; b: number; q: number }[];
  domains: { first: string; second: string; difference: number; se: number; df: number; ci: [number, number] }[];
  target: { target: number; estimate: number; ci: [number, number] };
}
// scripts/r/core/quantiles-compare.R
const fx = readFixture<Fixture>('quantiles-compare.json');

describe('t and beta quantiles (jstat, polished) agree with R', () => {
  it(`qt at ${fx.qt.length} (p, df) pairs within 1e-10, from df 1 to 99,999`, () => {
    for (const c of fx.qt) expect(relClose(qt(c.p, c.df), c.q, 1e-10), `qt(${c.p}, ${c.df})`).toBe(true);
  });
  it(`qbeta at ${fx.qbeta.length} points within 1e-8`, () => {
    for (const c of fx.qbeta) {
      expect(relClose(qbeta(c.p, c.a, c.b), c.q, 1e-8), `qbeta(${c.p}, ${c.a}, ${c.b})`).toBe(true);
    }
  });
  it('uses the normal quantile for infinite df and refuses df ≤ 0', () => {
    expect(qt(0.975, Number.POSITIVE_INFINITY)).toBeCloseTo(1.959963984540054, 12); // R: qnorm(0.975)
    expect(qt(0.975, 0)).toBeNaN();
  });
});

describe('comparisons (methodology.md §2.8)', () => {
  it('two groups of one design: the difference and its SE equal R’s svycontrast over svyratio(covmat = TRUE)', async () => {
    const data = await loadCsv('synth_strat.csv', ['w', 'literate'], ['stratum', 'psu', 'grp', 'sex']);
    const design = designFrom(data, { weights: 'w', strata: 'stratum', psu: 'psu' });
    const y = data.number('literate');
    const mask = (name: string) =>
      name === 'female'
        ? (domainMask(data, { sex: 'female' }) as Uint8Array)
        : (domainMask(data, { grp: name }) as Uint8Array);
    for (const r of fx.domains) {
      const d = compareDomains(design, y, mask(r.first), mask(r.second));
      expect(relClose(d.difference, r.difference, 1e-8)).toBe(true);
      expect(relClose(d.se, r.se, 1e-8), `${r.first}-${r.second} se ${d.se} vs ${r.se}`).toBe(true);
      expect(d.df).toBe(r.df);
      expect(relClose(d.ci[0], r.ci[0], 1e-6) && relClose(d.ci[1], r.ci[1], 1e-6)).toBe(true);
    }
  });

  it('a city against its plan target of 15 %: the interval of p̂ − T, and whether it clears the target', async () => {
    const data = await loadCsv('synth_strat.csv', ['w', 'literate'], ['stratum', 'psu']);
    const design = designFrom(data, { weights: 'w', strata: 'stratum', psu: 'psu' });
    const e = estimateMean(design, data.number('literate'));
    const ci = proportionInterval('logit', {
      p: e.estimate,
      variance: e.variance,
      df: e.df,
      level: 0.95,
      nRows: e.nRows,
      n: e.n,
    });
    const c = compareWithTarget({ ...e, ci }, fx.target.target);
    expect(relClose(c.ci[0], fx.target.ci[0], 1e-6) && relClose(c.ci[1], fx.target.ci[1], 1e-6)).toBe(true);
    expect(c.above || c.below).toBe(false); // R's interval [-0.030, 0.041] straddles 0
  });

  it('two independent waves add their variances (hand calculation)', () => {
    // 2020: 12.7 % (SE 0.9 %, df 40); 2015: 8.2 % (SE 0.8 %, df 35): diff 4.5 %, SE √(0.81 + 0.64) % = 1.2042 %.
    const d = compareWaves(
      { estimate: 0.127, variance: 0.009 ** 2, df: 40 },
      { estimate: 0.082, variance: 0.008 ** 2, df: 35 },
    );
    expect(d.difference).toBeCloseTo(0.045, 12);
    expect(d.se).toBeCloseTo(Math.sqrt(0.000145), 12);
    expect(d.df).toBe(35);
    // qt(0.975, 35) = 2.030107928 (R)
    expect(d.ci[0]).toBeCloseTo(0.045 - 2.030107928 * Math.sqrt(0.000145), 8);
    expect(d.above).toBe(true);
  });
});
