import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitFayHerriot } from '../../../../src/survey/sae/fay-herriot.ts';
import { runCli } from '../../../helpers/cli.ts';
import { tempDir } from '../../../helpers/tmp.ts';
import { fixtureDir } from '../r-fixtures.ts';

const strat = join(fixtureDir, 'data', 'synth_strat.csv');
const design = ['--var', 'literate', '--weight', 'w', '--strata', 'stratum', '--psu', 'psu'];

function covariates(): string {
  const file = join(tempDir(), 'districts.csv');
  const rows = ['stratum,college,urban,population'];
  for (let h = 1; h <= 8; h++) rows.push(`S${h},${(0.1 + 0.05 * h).toFixed(2)},${h % 2},${10000 + 1000 * h}`);
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

describe('scilit estimate --small-area: Fay–Herriot districts beside the direct estimates', () => {
  it('uses the design-based direct estimates and variances of the districts, and the model fit on them', async () => {
    const cov = covariates();
    const res = await runCli(
      'estimate',
      '--data',
      strat,
      ...design,
      '--small-area',
      'stratum',
      '--covariates',
      cov,
      '--fh-scale',
      'linear',
      '--format',
      'json',
    );
    expect(res.code).toBe(0);
    const out = JSON.parse(res.out);
    const byStratum = JSON.parse(
      (await runCli('estimate', '--data', strat, ...design, '--by', 'stratum', '--format', 'json')).out,
    );
    const sa = out.small_area;
    expect(sa.areas).toHaveLength(8);
    // Direct estimates are the Taylor domain estimates of the same design.
    sa.areas.forEach((a: { area: string; direct: { estimate: number; se: number } }) => {
      const d = byStratum.estimates.find((e: { domain: { stratum?: string } }) => e.domain.stratum === a.area);
      expect(a.direct.estimate).toBe(d.estimate);
      expect(a.direct.se).toBe(d.se);
    });
    // The model is fitFayHerriot on those (linear scale, intercept + college + urban).
    const y = Float64Array.from(sa.areas, (a: { direct: { estimate: number } }) => a.direct.estimate);
    const psi = Float64Array.from(sa.areas, (a: { direct: { se: number } }) => a.direct.se ** 2);
    const x = new Float64Array(8 * 3);
    for (let h = 1; h <= 8; h++) x.set([1, 0.1 + 0.05 * h, h % 2], (h - 1) * 3);
    const f = fitFayHerriot({ y, psi, x, p: 3 });
    sa.areas.forEach((a: { estimate: number; mse: number }, d: number) => {
      expect(a.estimate).toBeCloseTo(f.eblup[d]!, 12);
      expect(a.mse).toBeCloseTo(f.mse[d]!, 14);
    });
    // Benchmarked by population to the overall direct estimate.
    let num = 0;
    let den = 0;
    sa.areas.forEach((a: { benchmarked: number }, d: number) => {
      num += (10000 + 1000 * (d + 1)) * a.benchmarked;
      den += 10000 + 1000 * (d + 1);
    });
    expect(num / den).toBeCloseTo(out.estimates[0].estimate, 12);
  });
  it('the table labels the district figures model-based and prints the fit', async () => {
    const res = await runCli(
      'estimate',
      '--data',
      strat,
      ...design,
      '--small-area',
      'stratum',
      '--covariates',
      covariates(),
    );
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/small-area estimates \(model-based: Fay–Herriot, REML, logit scale/);
    expect(res.out).toMatch(/AIC/);
  });
  it('a covariate that is not a number is named with its row and column', async () => {
    const file = join(tempDir(), 'bad.csv');
    writeFileSync(file, 'stratum,college\nS1,0.2\nS2,abc\n');
    const res = await runCli('estimate', '--data', strat, ...design, '--small-area', 'stratum', '--covariates', file);
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/row 3, column "college" is not a number: "abc"/);
  });
});
