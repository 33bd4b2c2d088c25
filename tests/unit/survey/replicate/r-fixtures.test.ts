// Jackknife replicate SEs with the weighting recipe re-applied to every replicate, against R survey 4.1:
// as.svrepdesign(type = "JK1" | "JKn") on the base design, then the same postStratify/rake/calibrate calls.
import { describe, expect, it } from 'vitest';
import { replicateMeans, replicateWeighting } from '../../../../src/survey/replicate/index.ts';
import { closeTo, loadCases, loadSample } from '../weighting/fixture.ts';

const cases = loadCases().filter((c) => c.replicates);

describe('jackknife replicate variance matches R survey 4.1', () => {
  it('covers JK1 and JKn with post-stratification, raking and calibration re-applied', () => {
    expect(new Set(cases.map((c) => c.replicates))).toEqual(new Set(['JK1', 'JKn']));
    const kinds = new Set(cases.flatMap((c) => c.steps.map((s) => s.step)));
    expect(kinds).toEqual(new Set(['poststratify', 'rake', 'calibrate']));
  });

  for (const c of cases) {
    it(c.name, () => {
      const sample = loadSample(c);
      const rep = c.expected.replicate!;
      const domain = c.by ? sample.data.factor(c.by) : undefined;
      for (const yName of c.y) {
        const result = replicateMeans({
          base: sample.base,
          psu: sample.psu,
          strata: c.replicates === 'JKn' ? sample.strata : undefined,
          type: c.replicates === 'JK1' ? 'jk1' : 'jkn',
          steps: c.steps,
          data: sample.data,
          y: sample.numeric(yName),
          domain,
          lonelyPsu: c.lonely,
          mse: c.mse ?? false,
        });
        expect(closeTo(result.design.scale, rep.scale)).toBe(true);
        expect(result.design.count).toBe(rep.rscales.length);
        // Replicates are ordered as R's (strata and PSUs by first appearance), so the scales line up.
        rep.rscales.forEach((s, r) => {
          expect(closeTo(result.design.rscales[r] as number, s)).toBe(true);
        });
        for (const e of rep.estimates.filter((x) => x.var === yName)) {
          const got = result.estimates.find((x) => x.domain === e.domain);
          const label = `${yName}${e.domain === null ? '' : ` in ${c.by}=${e.domain}`}`;
          expect(got, label).toBeDefined();
          expect(closeTo(got!.estimate, e.mean), `${label}: mean ${got!.estimate} vs R ${e.mean}`).toBe(true);
          expect(closeTo(got!.se, e.se as number), `${label}: SE ${got!.se} vs R ${e.se}`).toBe(true);
        }
      }
      if (rep.analysis) {
        const reweighted = replicateWeighting({
          base: sample.base,
          psu: sample.psu,
          strata: c.replicates === 'JKn' ? sample.strata : undefined,
          type: c.replicates === 'JK1' ? 'jk1' : 'jkn',
          steps: c.steps,
          data: sample.data,
        });
        rep.analysis.forEach((expected, r) => {
          const got = reweighted.replicateWeights(r);
          expected.forEach((e, i) => {
            if (!closeTo(got[i] as number, e)) throw new Error(`replicate ${r + 1} row ${i + 1}: ${got[i]} vs R ${e}`);
          });
        });
      }
    });
  }
});
