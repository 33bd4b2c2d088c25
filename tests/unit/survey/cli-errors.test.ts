import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { fixtureDir } from './r-fixtures.ts';

const lonely = join(fixtureDir, 'data', 'synth_lonely.csv');
const strat = join(fixtureDir, 'data', 'synth_strat.csv');
const design = ['--weight', 'w', '--strata', 'stratum', '--psu', 'psu'];

describe('scilit estimate tells the user what is wrong and where', () => {
  it('an unknown column is named', async () => {
    const r = await runCli('estimate', '--data', strat, '--var', 'literacy', ...design);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no column "literacy"/);
  });
  it('a lonely PSU under the default fail names the stratum', async () => {
    const r = await runCli('estimate', '--data', lonely, '--var', 'literate', ...design);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/stratum "S9" has only one PSU/);
    const ok = await runCli('estimate', '--data', lonely, '--var', 'literate', ...design, '--lonely-psu', 'adjust');
    expect(ok.code).toBe(0);
  });
  it('a sample cell without a population target is named', async () => {
    const file = join(tempDir(), 'ps.json');
    writeFileSync(file, JSON.stringify({ vars: ['sex'], cells: [{ sex: 'male', N: 1000 }] }));
    const r = await runCli('estimate', '--data', strat, '--var', 'literate', ...design, '--poststratify', file);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/female/);
  });
  it('a non-numeric variable is refused with its row', async () => {
    const r = await runCli('estimate', '--data', strat, '--var', 'grp', ...design);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/column "grp" is not numeric: row 1/);
  });
  it('a plain (unquoted) CSV and a quoted one give the same JSON', async () => {
    const dir = tempDir();
    const rows = [
      ['s', 'p', 'w', 'y', 'g'],
      ...Array.from({ length: 40 }, (_, i) => [
        `S${i % 3}`,
        `P${i % 9}`,
        String(1 + (i % 5) * 0.25),
        String(i % 3 === 0 ? 1 : 0),
        i % 2 ? 'a' : 'b',
      ]),
    ];
    writeFileSync(join(dir, 'plain.csv'), rows.map((r) => r.join(',')).join('\r\n'));
    writeFileSync(join(dir, 'quoted.csv'), rows.map((r) => r.map((c) => `"${c}"`).join(',')).join('\n'));
    const run = (f: string) =>
      runCli(
        'estimate',
        '--data',
        join(dir, f),
        '--var',
        'y',
        '--weight',
        'w',
        '--strata',
        's',
        '--psu',
        'p',
        '--by',
        'g',
        '--format',
        'json',
      );
    const a = await run('plain.csv');
    const b = await run('quoted.csv');
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    expect(JSON.parse(a.out).estimates).toHaveLength(3);
  });
  it('table and CSV formats print every domain, overall first', async () => {
    const t = await runCli('estimate', '--data', strat, '--var', 'literate', ...design, '--by', 'sex');
    expect(t.code).toBe(0);
    expect(t.out.split('\n').map((l) => l.split(' ')[0])).toEqual(['domain', '(all)', 'sex=female', 'sex=male']);
    const c = await runCli(
      'estimate',
      '--data',
      strat,
      '--var',
      'literate',
      ...design,
      '--by',
      'sex',
      '--format',
      'csv',
    );
    expect(c.out.split('\n')[0]).toMatch(/^sex,estimate,se,ci_low,ci_high,df/);
  });
});
