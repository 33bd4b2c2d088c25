// Issue 20's defects of `scilit estimate` that are not about numbers against an R fixture (those are in
// replicates-vs-r and multistage-vs-r): refusals where R refuses, one decoder for every file, messages instead
// of stack traces, warnings in every format, 0/1 variables and NA as R's read.csv.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { fixtureDir } from './r-fixtures.ts';

const pairs = join(fixtureDir, 'data', 'synth_pairs.csv');
const strat = ['--weight', 'w', '--strata', 'stratum', '--psu', 'psu', '--nest'];

function noStack(r: { err: string }) {
  expect(r.err).not.toMatch(/unexpected error|\n\s+at /);
}

describe('4: replicates use the fpc and refuse what R refuses', () => {
  it('JK1 on a stratified design is refused (R: "Can\'t use JK1 for a stratified design")', async () => {
    const r = await runCli('estimate', '--data', pairs, '--var', 'literate', ...strat, '--replicates', 'jk1');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/JK1 replicates can't be used for a stratified design/);
  });
  it('JKn, BRR and Fay without strata are refused (R: "Must use JK1 or bootstrap")', async () => {
    for (const kind of ['jkn', 'brr', 'fay']) {
      const r = await runCli('estimate', '--data', pairs, '--var', 'literate', '--psu', 'psu', '--replicates', kind);
      expect(r.code, kind).toBe(1);
      expect(r.err).toMatch(/needs --strata: use jk1 or bootstrap/);
    }
  });
  it('an fpc changes the jackknife SE (R: rscales × (N_h − n_h)/N_h); BRR says it drops it', async () => {
    const base = ['estimate', '--data', pairs, '--var', 'literate', ...strat, '--format', 'json'];
    const without = JSON.parse((await runCli(...base, '--replicates', 'jkn')).out).estimates[0].se;
    const withFpc = JSON.parse((await runCli(...base, '--replicates', 'jkn', '--fpc', 'N_h')).out).estimates[0].se;
    expect(withFpc).toBeLessThan(without);
    const brr = JSON.parse((await runCli(...base, '--replicates', 'brr', '--fpc', 'N_h')).out);
    expect(brr.warnings.join('\n')).toMatch(/finite population correction dropped/);
  });
});

describe('the likelihood interval', () => {
  it('is refused with replicate weights, where R survey gives NA', async () => {
    const r = await runCli(
      'estimate',
      '--data',
      pairs,
      '--var',
      'literate',
      ...strat,
      '--replicates',
      'jkn',
      '--ci',
      'likelihood',
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/likelihood interval is not defined for replicate weights/);
  });
});

describe('6: one decoder for every file path', () => {
  it('a GB18030 CSV keeps 初中 and 高中 apart (hand count: 2/4 and 3/5)', async () => {
    const dir = tempDir();
    // 学历,y / 初中 ×4 / 高中 ×5 in GB18030 bytes (学历 d1a7 c0fa, 初中 b3f5 d6d0, 高中 b8df d6d0).
    const hex = (h: string) => Buffer.from(h, 'hex');
    const line = (label: string, y: number) => Buffer.concat([hex(label), Buffer.from(`,${y}\r\n`)]);
    const bytes = Buffer.concat([
      hex('d1a7c0fa'),
      Buffer.from(',y\r\n'),
      ...[1, 0, 0, 1].map((y) => line('b3f5d6d0', y)),
      ...[1, 1, 1, 0, 0].map((y) => line('b8dfd6d0', y)),
    ]);
    const file = join(dir, 'gb.csv');
    writeFileSync(file, bytes);
    const r = await runCli(
      'estimate',
      '--data',
      file,
      '--var',
      'y',
      '--by',
      '学历',
      '--ci',
      'mean',
      '--format',
      'json',
    );
    expect(r.err).toBe('');
    const out = JSON.parse(r.out);
    expect(out.estimates.map((e: { domain: object }) => e.domain)).toEqual([{}, { 学历: '初中' }, { 学历: '高中' }]);
    expect(out.estimates[1].estimate).toBeCloseTo(2 / 4, 12);
    expect(out.estimates[2].estimate).toBeCloseTo(3 / 5, 12);
  });
});

describe('7: a message naming the file, never a stack trace', () => {
  it('a path that does not exist', async () => {
    const r = await runCli('estimate', '--data', '/nonexistent/data.csv', '--var', 'y');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\/nonexistent\/data\.csv: no such file/);
    noStack(r);
  });
  it('a folder', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    const r = await runCli('estimate', '--data', join(dir, 'sub'), '--var', 'y');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/is a folder, not a data file/);
    noStack(r);
  });
  it('a rake file without margins', async () => {
    const f = join(tempDir(), 'rake.json');
    writeFileSync(f, JSON.stringify({ sex: { male: 1 } }));
    const r = await runCli('estimate', '--data', pairs, '--var', 'literate', ...strat, '--rake', f);
    expect(r.code).toBe(1);
    expect(r.err).toContain(f);
    expect(r.err).toMatch(/"margins"/);
    noStack(r);
  });
});

describe('8: warnings in every format, 0/1 variables, NA as R', () => {
  const rake = () => {
    const f = join(tempDir(), 'rake.json');
    writeFileSync(
      f,
      JSON.stringify({
        margins: [
          { var: 'sex', targets: { female: 16000, male: 15500 } },
          { var: 'age', targets: { '18-39': 12500, '40-59': 11000, '60-69': 8000 } },
        ],
        maxit: 1,
        epsilon: 1e-9,
      }),
    );
    return f;
  };
  it('raking that does not converge is said in the table and on stderr for CSV', async () => {
    const t = await runCli('estimate', '--data', pairs, '--var', 'literate', ...strat, '--rake', rake());
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/warning: Raking did not converge after 1 iterations/);
    const c = await runCli(
      'estimate',
      '--data',
      pairs,
      '--var',
      'literate',
      ...strat,
      '--rake',
      rake(),
      '--format',
      'csv',
    );
    expect(c.code).toBe(0);
    expect(c.out).not.toMatch(/warning/);
    expect(c.err).toMatch(/warning: Raking did not converge/);
  });
  it('a value 2 in a 0/1 variable is refused unless --mean is asked for', async () => {
    const dir = tempDir();
    const file = join(dir, 'd.csv');
    writeFileSync(file, 'y,g\n1,a\n0,a\n2,b\n1,b\n');
    const r = await runCli('estimate', '--data', file, '--var', 'y');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/variable "y" has the value 2 at data row 3.*--mean/);
    const m = await runCli('estimate', '--data', file, '--var', 'y', '--mean', '--format', 'json');
    expect(m.code).toBe(0);
    const e = JSON.parse(m.out).estimates[0];
    expect(e.estimate).toBe(1); // (1 + 0 + 2 + 1)/4
    expect(e.proportion).toBe(false);
  });
  it('NA in a strata column is refused with its row (R: missing values in strata)', async () => {
    const dir = tempDir();
    const file = join(dir, 'd.csv');
    writeFileSync(file, 's,p,y\nA,1,1\nA,2,0\nNA,3,1\nB,4,0\n');
    const r = await runCli('estimate', '--data', file, '--var', 'y', '--strata', 's', '--psu', 'p');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/strata column "s" is empty at data row 3/);
  });
});
