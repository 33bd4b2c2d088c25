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
  deff: RNumber;
  df: number;
  n: number;
  sum_w: number;
  ci: [RNumber, RNumber];
}
interface CliCase {
  id: string;
  args: string[];
  poststratify?: unknown;
  rake?: unknown;
  results: RRow[];
}

// scripts/r/core/cli.R: R survey on the same CSV, with postStratify / rake / trimWeights where the case says.
const fixture = readFixture<{ data: string; cases: CliCase[] }>('cli.json');

describe('scilit estimate --format json gives R survey’s numbers', () => {
  for (const c of fixture.cases) {
    it(c.id, async () => {
      const dir = tempDir();
      const args = ['estimate', '--data', join(fixtureDir, 'data', fixture.data), ...c.args, '--format', 'json'];
      for (const kind of ['poststratify', 'rake'] as const) {
        if (!c[kind]) continue;
        const file = join(dir, `${kind}.json`);
        writeFileSync(file, JSON.stringify(c[kind]));
        args.push(`--${kind}`, file);
      }
      const res = await runCli(...args);
      expect(res.err).toBe('');
      expect(res.code).toBe(0);
      const out = JSON.parse(res.out);
      expect(out.estimates.map((e: { domain: object }) => e.domain)).toEqual(c.results.map((r) => r.domain));
      c.results.forEach((r, k) => {
        const e = out.estimates[k];
        const where = `${c.id} ${JSON.stringify(r.domain)}`;
        expect(relClose(e.estimate, r.estimate, 1e-8), `${where} estimate ${e.estimate} vs ${r.estimate}`).toBe(true);
        expect(relClose(e.se, r.se, 1e-8), `${where} se ${e.se} vs ${r.se}`).toBe(true);
        expect(relClose(e.deff, r.deff, 1e-8), `${where} deff ${e.deff} vs ${r.deff}`).toBe(true);
        expect([e.df, e.n], where).toEqual([r.df, r.n]);
        expect(relClose(e.sum_w, r.sum_w, 1e-10), where).toBe(true);
        expect(relClose(e.ci[0], r.ci[0], 1e-6), `${where} ci ${e.ci} vs ${r.ci}`).toBe(true);
        expect(relClose(e.ci[1], r.ci[1], 1e-6), `${where} ci ${e.ci} vs ${r.ci}`).toBe(true);
      });
    });
  }
});
