import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { fixtureDir, type RNumber, readFixture, relClose } from './r-fixtures.ts';

interface RRow {
  domain: Record<string, string>;
  estimate: number;
  se: number;
  df: number;
  ci: [RNumber, RNumber];
}
// scripts/r/core/groups.R: each overlapping group is design[group == 1, ] in R survey 4.1.
const fixture = readFixture<{ data: string; cases: { id: string; args: string[]; rake?: unknown; results: RRow[] }[] }>(
  'groups.json',
);

describe('scilit estimate --groups: overlapping 0/1 groups in one run, as R', () => {
  for (const c of fixture.cases) {
    it(c.id, async () => {
      const args = ['estimate', '--data', join(fixtureDir, 'data', fixture.data), ...c.args, '--format', 'json'];
      if (c.rake) {
        const f = join(tempDir(), 'rake.json');
        writeFileSync(f, JSON.stringify(c.rake));
        args.push('--rake', f);
      }
      const res = await runCli(...args);
      expect(res.err).toBe('');
      const out = JSON.parse(res.out);
      expect(out.estimates.map((e: RRow) => e.domain)).toEqual(c.results.map((r) => r.domain));
      c.results.forEach((r, k) => {
        const e = out.estimates[k] as { estimate: number; se: number; df: number; ci: [number, number] };
        const where = `${c.id} ${JSON.stringify(r.domain)}`;
        expect(relClose(e.estimate, r.estimate, 1e-8), where).toBe(true);
        expect(relClose(e.se, r.se, 1e-8), `${where} SE ${e.se} vs R ${r.se}`).toBe(true);
        expect(e.df, where).toBe(r.df);
        expect(relClose(e.ci[0], r.ci[0], 1e-6) && relClose(e.ci[1], r.ci[1], 1e-6), where).toBe(true);
      });
    });
  }
  it('a group column with a value other than 0/1 is refused with its row', async () => {
    const f = join(tempDir(), 'g.csv');
    writeFileSync(f, 'y,g\n1,1\n0,0\n1,2\n');
    const r = await runCli('estimate', '--data', f, '--var', 'y', '--groups', 'g');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/group column "g" has the value 2 at data row 3/);
  });
});
