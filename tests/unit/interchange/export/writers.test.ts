import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDta } from '../../../../src/interchange/export/dta.ts';
import { uniqueNames } from '../../../../src/interchange/export/names.ts';
import { writeSav } from '../../../../src/interchange/export/sav.ts';
import { SMALL, SMALL_DOCUMENTS } from '../../../fixtures/export/small.ts';
import { tempDir } from '../../../helpers/tmp.ts';

/**
 * The .sav and .dta writers on a small data set with every hard case: Chinese labels, a label longer than
 * Stata's 80 characters, the three user-missing roles, system missing, a 3,000-byte text (an SPSS very long
 * string, a Stata strL) and numbers that need all 17 digits. The committed files (tests/fixtures/export/small.*)
 * (made by scripts/export-fixtures.ts) were read back by R haven and PSPP when they were made; the writers must still produce them byte for byte,
 * and where R/PSPP are installed they are read back again here.
 */
const FIXTURES = join(import.meta.dirname, '../../../fixtures/export');
const READBACK = join(import.meta.dirname, '../../../../scripts/r/export/readback.R');

function available(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const haveHaven = available('Rscript', ['-e', 'suppressPackageStartupMessages({library(haven); library(jsonlite)})']);
const havePspp = available('pspp', ['--version']);
if (!haveHaven) console.log('notice: R with haven is not installed: the committed .sav/.dta were not read again.');
if (!havePspp) console.log('notice: PSPP is not installed: the committed .sav was not read again.');

describe('the .sav and .dta writers', () => {
  it('write the committed, reader-checked files byte for byte', () => {
    expect(Buffer.from(writeSav(SMALL, SMALL_DOCUMENTS))).toEqual(readFileSync(join(FIXTURES, 'small.sav')));
    expect(Buffer.from(writeDta(SMALL))).toEqual(readFileSync(join(FIXTURES, 'small.dta')));
  });

  it.runIf(haveHaven)('haven reads the committed files as written', () => {
    for (const file of ['small.sav', 'small.dta']) {
      const out = JSON.parse(execFileSync('Rscript', [READBACK, join(FIXTURES, file)], { encoding: 'utf8' }));
      const v = out.variables as { name: string; label: string; values: (string | null)[] }[];
      expect(out.label).toBe('科学素质调查 测试');
      expect(v.map((x) => x.name)).toEqual(SMALL.variables.map((x) => x.name));
      expect(v[5]!.values.map((s) => s?.length ?? 0)).toEqual([1, 400, 3000, 0]);
      expect(v[3]!.values.map(Number)).toEqual([1234.56789012345, 0.1, 1e6 / 3, 7]);
      if (file === 'small.dta') {
        expect(v[1]!.values).toEqual(['1', '2', '.a', '.b']);
        expect(v[2]!.values).toEqual(['1', '.d', '2', null]);
        expect(v[2]!.label).toHaveLength(80);
      } else {
        expect(v[1]!.values).toEqual(['1', '2', '-99', '-98']);
        expect(v[2]!.label).toBe(SMALL.variables[2]!.label.slice(0, 85));
      }
    }
  });

  it.runIf(havePspp)('PSPP reads the committed .sav without a warning', () => {
    const dir = tempDir('scilit-sav-');
    writeFileSync(
      join(dir, 'read.sps'),
      `GET FILE='${join(FIXTURES, 'small.sav')}'.\nSAVE TRANSLATE /OUTFILE='v.csv' /TYPE=CSV /FIELDNAMES /REPLACE.\n`,
    );
    const log = execFileSync('pspp', ['read.sps'], { cwd: dir, encoding: 'utf8' });
    expect(log).not.toMatch(/warning|error/i);
    const lines = readFileSync(join(dir, 'v.csv'), 'utf8').split(/\r?\n/);
    expect(lines[0]).toBe('instanceID,sex,q1,w_final,age,note_text');
    expect(lines[1]).toBe('a,1,1,1234.56789012345,18,短');
  });
});

describe('variable names valid in SPSS, Stata and R', () => {
  it('makes names valid and unique, regardless of case and reserved words', () => {
    expect(
      uniqueNames(['q/1', '1st', 'Age', 'age', 'by', 'long', 'x'.repeat(40), `${'x'.repeat(40)}y`, '性别']),
    ).toEqual(['q_1', 'v1st', 'Age', 'age_2', 'by_', 'long_', 'x'.repeat(32), `${'x'.repeat(30)}_2`, 'v__']);
  });
});
