// The statistician's check: every weighting recipe of the R survey fixtures gives R's weights, and the means
// and SEs (overall and by domain) that R's svymean/svyby give on the re-weighted design.
import { describe, expect, it } from 'vitest';
import { createDesign } from '../../../../src/survey/design.ts';
import { estimateMean } from '../../../../src/survey/estimate.ts';
import { rakePassesOf, runWeighting } from '../../../../src/survey/weighting/index.ts';
import { closeTo, loadCases, loadSample } from './fixture.ts';

const cases = loadCases();

describe('weighting recipes match R survey 4.1', () => {
  it('has the fixtures of every step kind', () => {
    const kinds = new Set(cases.flatMap((c) => c.steps.map((s) => s.step)));
    expect([...kinds].sort()).toEqual(['calibrate', 'nonresponse', 'poststratify', 'rake', 'trim']);
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });

  for (const c of cases) {
    it(c.name, () => {
      const sample = loadSample(c);
      const run = runWeighting(sample.base, c.steps, sample.data);
      const expectedW = c.expected.weights;
      expect(run.weights.length).toBe(expectedW.length);
      let worst = 0;
      for (let i = 0; i < expectedW.length; i++) {
        const e = expectedW[i] as number;
        worst = Math.max(worst, Math.abs((run.weights[i] as number) - e) / Math.max(Math.abs(e), 1e-300));
        if (!closeTo(run.weights[i] as number, e)) {
          throw new Error(`row ${i + 1}: weight ${run.weights[i]} but R gives ${e}`);
        }
      }
      expect(worst).toBeLessThan(1e-8);

      const rNotConverged = c.expected.warnings.some((w) => w.includes('did not converge'));
      const rakes = run.diagnostics.filter((d) => d.step === 'rake');
      for (const d of rakes) expect(d.converged).toBe(!rNotConverged);
      if (rNotConverged) {
        expect(rakes[0]?.warnings.map((w) => w.message).join(' ')).toMatch(/did not converge after 2 iterations/);
        expect(rakes[0]?.warnings[0]).toMatchObject({ code: 'not_converged', values: { passes: 2 } });
        expect(rakePassesOf(run)).toEqual([2]);
      }

      // The engine's Taylor variance (src/survey/variance.ts) on the re-weighted design.
      const design = createDesign({
        n: sample.rows,
        weights: run.weights,
        strata: sample.strata,
        psu: sample.psu,
        nest: true,
        lonelyPsu: c.lonely ?? 'fail',
        adjustments: run.adjustments,
      });
      const domain = c.by ? sample.columns[c.by] : undefined;
      for (const e of c.expected.estimates) {
        const y = sample.numeric(e.var);
        const mask = e.domain === null ? undefined : Uint8Array.from(domain ?? [], (v) => (v === e.domain ? 1 : 0));
        const m = estimateMean(design, y, mask);
        const got = { mean: m.estimate, se: m.se };
        const label = `${e.var}${e.domain === null ? '' : ` in ${c.by}=${e.domain}`}`;
        expect(closeTo(got.mean, e.mean), `${label}: mean ${got.mean} vs R ${e.mean}`).toBe(true);
        expect(closeTo(got.se, e.se as number), `${label}: SE ${got.se} vs R ${e.se}`).toBe(true);
      }
    });
  }
});
