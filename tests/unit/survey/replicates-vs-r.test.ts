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
  n: number;
  ci: [RNumber, RNumber];
}
interface Case {
  id: string;
  args: string[];
  rake?: unknown;
  results: RRow[];
}
interface Fixture {
  data: string;
  cases: Case[];
  defects: {
    nhanes_missing: { args: string[]; results: RRow[] };
    apiclus1_jk1_h: { args: string[]; h: RRow; h_logit: RRow };
    by_na: { args: string[]; domains: string[]; estimate: number[]; se: number[]; dropped: number };
  };
}

// scripts/r/core/replicates.R: R survey 4.1 (as.svrepdesign / svrepdesign, rake, svymean, svyciprop, degf).
const fixture = readFixture<Fixture>('replicates.json');
const data = (name: string) => join(fixtureDir, 'data', name);

async function run(file: string, args: string[], rake?: unknown) {
  const all = ['estimate', '--data', data(file), ...args, '--format', 'json'];
  if (rake) {
    const f = join(tempDir(), 'rake.json');
    writeFileSync(f, JSON.stringify(rake));
    all.push('--rake', f);
  }
  const res = await runCli(...all);
  expect(res.err).toBe('');
  expect(res.code).toBe(0);
  return JSON.parse(res.out) as {
    estimates: {
      domain: Record<string, string>;
      estimate: number;
      se: number;
      df: number;
      n: number;
      ci: [number, number];
    }[];
    warnings?: string[];
  };
}

function expectAsR(
  got: { estimate: number; se: number; df: number; n: number; ci: [number, number] },
  r: RRow,
  where: string,
) {
  expect(relClose(got.estimate, r.estimate, 1e-8), `${where} estimate ${got.estimate} vs R ${r.estimate}`).toBe(true);
  expect(relClose(got.se, r.se, 1e-8), `${where} SE ${got.se} vs R ${r.se}`).toBe(true);
  expect(got.df, `${where} df`).toBe(r.df);
  expect(got.n, `${where} n`).toBe(r.n);
  // JSON writes an interval that does not exist (R's NA) as null.
  const end = (x: number | null) => x ?? Number.NaN;
  expect(relClose(end(got.ci[0]), r.ci[0], 1e-6), `${where} CI low ${got.ci[0]} vs R ${r.ci[0]}`).toBe(true);
  expect(relClose(end(got.ci[1]), r.ci[1], 1e-6), `${where} CI high ${got.ci[1]} vs R ${r.ci[1]}`).toBe(true);
}

describe('replicate designs give R survey’s estimates, SEs, df and intervals', () => {
  it('covers every replicate type × interval method × scenario', () => {
    const ids = new Set(fixture.cases.map((c) => c.id.split(' ').slice(0, 2).join(' ')));
    for (const t of ['JK1', 'JKn', 'BRR', 'Fay', 'bootstrap']) {
      for (const s of ['complete', 'missing', 'domains', 'raked']) expect(ids.has(`${t} ${s}`), `${t} ${s}`).toBe(true);
    }
    for (const t of ['JK1', 'JKn', 'BRR', 'Fay']) expect(ids.has(`${t} fpc`)).toBe(true);
    for (const s of ['complete', 'domains', 'raked']) expect(ids.has(`Taylor ${s}`)).toBe(true);
  });
  for (const c of fixture.cases) {
    it(c.id, async () => {
      const out = await run(fixture.data, c.args, c.rake);
      expect(out.estimates.map((e) => e.domain)).toEqual(c.results.map((r) => r.domain));
      c.results.forEach((r, k) => {
        expectAsR(out.estimates[k]!, r, `${c.id} ${JSON.stringify(r.domain)}`);
      });
    });
  }
});

describe('issue 20 defects found against R', () => {
  it('1: replicates with missing values estimate on the rows with a value (R na.rm: nhanes HI_CHOL 0.11214)', async () => {
    const d = fixture.defects.nhanes_missing;
    const out = await run('nhanes.csv', d.args);
    expectAsR(out.estimates[0]!, d.results[0]!, 'nhanes HI_CHOL');
    expect(out.estimates[0]!.estimate.toFixed(5)).toBe('0.11214');
  });
  it('2: a domain’s replicate df is the rank of its replicate weights − 1 (apiclus1 JK1, stype H: df 7)', async () => {
    const d = fixture.defects.apiclus1_jk1_h;
    const out = await run('apiclus1.csv', d.args);
    const h = out.estimates.find((e) => e.domain.stype === 'H')!;
    expectAsR(h, d.h, 'stype H');
    expect(h.df).toBe(7);
  });
  it('3: the logit interval with replicates uses the replicate variance of the logit, as svyglm', async () => {
    const d = fixture.defects.apiclus1_jk1_h;
    const out = await run('apiclus1.csv', [...d.args.slice(0, -2), '--ci', 'logit']);
    expectAsR(out.estimates.find((e) => e.domain.stype === 'H')!, d.h_logit, 'stype H logit');
  });
  it('8: rows with NA in a by-column are in no domain (as svyby) and the run says so', async () => {
    const d = fixture.defects.by_na;
    const out = await run(fixture.data, d.args);
    expect(out.estimates.slice(1).map((e) => e.domain.grp_na)).toEqual(d.domains);
    out.estimates.slice(1).forEach((e, k) => {
      expect(relClose(e.estimate, d.estimate[k]!, 1e-8)).toBe(true);
      expect(relClose(e.se, d.se[k]!, 1e-8)).toBe(true);
    });
    expect(out.warnings?.join('\n')).toContain(`${d.dropped} rows have no value`);
  });
});
