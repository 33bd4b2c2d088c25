import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { fixtureDir, readFixture, relClose } from './r-fixtures.ts';

interface RRow {
  domain: Record<string, string>;
  estimate: number;
  se: number;
  n: number;
  sum_w: number;
}
interface CliCase {
  id: string;
  args: string[];
  poststratify?: unknown;
  rake?: unknown;
  results: RRow[];
}

// scripts/r/core/cli-replicates.R: as.svrepdesign(JKn | JK1) on the same CSV, then rake / postStratify, which R
// re-applies on every replicate. (R's replicate df is the rank of the domain's replicate weights, a quirk the CLI
// does not copy, so intervals are not compared here.)
const fixture = readFixture<{ data: string; cases: CliCase[] }>('cli-replicates.json');

describe('scilit estimate --replicates with raking or post-stratification gives R survey’s numbers', () => {
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
      expect(out.design.variance).toBe(c.args[c.args.indexOf('--replicates') + 1]);
      expect(out.estimates.map((e: { domain: object }) => e.domain)).toEqual(c.results.map((r) => r.domain));
      c.results.forEach((r, k) => {
        const e = out.estimates[k];
        const where = `${c.id} ${JSON.stringify(r.domain)}`;
        expect(relClose(e.estimate, r.estimate, 1e-8), `${where} estimate ${e.estimate} vs ${r.estimate}`).toBe(true);
        expect(relClose(e.se, r.se, 1e-7), `${where} se ${e.se} vs ${r.se}`).toBe(true);
        expect(e.n, where).toBe(r.n);
        expect(relClose(e.sum_w, r.sum_w, 1e-9), `${where} sum_w ${e.sum_w} vs ${r.sum_w}`).toBe(true);
      });
    });
  }
});
