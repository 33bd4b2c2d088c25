// Jackknife replicate SEs with the weighting recipe re-applied to every replicate, against R survey 4.1:
// as.svrepdesign(type = "JK1" | "JKn") on the base design, then the same postStratify/rake/calibrate calls.
import { describe, expect, it } from 'vitest';
import { replicateMeans } from '../../../../src/survey/replicate/index.ts';
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
        });
        expect(closeTo(result.design.scale, rep.scale)).toBe(true);
        const rscales = Array.isArray(rep.rscales) ? rep.rscales : [rep.rscales];
        expect(result.design.count).toBe(rscales.length);
        for (const e of rep.estimates.filter((x) => x.var === yName)) {
          const got = result.estimates.find((x) => x.domain === e.domain);
          const label = `${yName}${e.domain === null ? '' : ` in ${c.by}=${e.domain}`}`;
          expect(got, label).toBeDefined();
          expect(closeTo(got!.estimate, e.mean), `${label}: mean ${got!.estimate} vs R ${e.mean}`).toBe(true);
          expect(closeTo(got!.se, e.se as number), `${label}: SE ${got!.se} vs R ${e.se}`).toBe(true);
        }
      }
    });
  }
});
