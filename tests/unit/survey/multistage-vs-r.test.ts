import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { fixtureDir, type RNumber, readFixture, relClose } from './r-fixtures.ts';

interface RRow {
  domain: Record<string, string>;
  estimate: number;
  se: number;
  df: number;
  ci: [RNumber, RNumber];
}
interface Case {
  id: string;
  data: string;
  args: string[];
  results: RRow[];
  first_stage_se?: number;
}

// scripts/r/core/multistage.R: svydesign(id = ~psu + ssu (+ ...), fpc = ~fpc1 + fpc2 (+ ...)), svymean, svyciprop.
const fixture = readFixture<{ cases: Case[] }>('multistage.json');

describe('multistage designs give R survey’s multistage variance', () => {
  for (const c of fixture.cases) {
    it(c.id, async () => {
      const res = await runCli('estimate', '--data', join(fixtureDir, 'data', c.data), ...c.args, '--format', 'json');
      expect(res.err).toBe('');
      expect(res.code).toBe(0);
      const out = JSON.parse(res.out);
      expect(out.design.stages).toBe(c.args[c.args.indexOf('--psu') + 1]!.split(',').length);
      expect(out.estimates.map((e: RRow) => e.domain)).toEqual(c.results.map((r) => r.domain));
      c.results.forEach((r, k) => {
        const e = out.estimates[k] as { estimate: number; se: number; df: number; ci: [number, number] };
        const where = `${c.id} ${JSON.stringify(r.domain)}`;
        expect(relClose(e.estimate, r.estimate, 1e-8), `${where} estimate ${e.estimate} vs R ${r.estimate}`).toBe(true);
        expect(relClose(e.se, r.se, 1e-8), `${where} SE ${e.se} vs R ${r.se}`).toBe(true);
        expect(e.df, where).toBe(r.df);
        expect(relClose(e.ci[0], r.ci[0], 1e-6), `${where} CI low ${e.ci[0]} vs R ${r.ci[0]}`).toBe(true);
        expect(relClose(e.ci[1], r.ci[1], 1e-6), `${where} CI high ${e.ci[1]} vs R ${r.ci[1]}`).toBe(true);
      });
    });
  }

  it('5: apiclus2 with fpc1 + fpc2 gives SE 0.06639, not the first stage’s 0.06493', async () => {
    const c = fixture.cases[0]!;
    const res = await runCli('estimate', '--data', join(fixtureDir, 'data', c.data), ...c.args, '--format', 'json');
    const se = JSON.parse(res.out).estimates[0].se as number;
    expect(se.toFixed(5)).toBe('0.06639');
    expect(c.first_stage_se!.toFixed(5)).toBe('0.06493');
  });
});
