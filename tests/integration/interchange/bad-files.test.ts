// Forty-odd bad files an office might send. Each is refused with a message a clerk can act on (where, what,
// what to do), and the database content is exactly what it was before.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importResponses } from '../../../src/interchange/responses/index.ts';
import type { SqlDriver } from '../../../src/store/driver.ts';
import { concatBytes, gb18030, sheet, utf8, workbook } from '../../fixtures/interchange/files.ts';
import { databaseFingerprint, newDatabase } from '../../fixtures/interchange/forms.ts';
import { tempDir } from '../../helpers/tmp.ts';

let db: SqlDriver;
let before: string;
beforeAll(async () => {
  db = newDatabase(join(tempDir(), 'survey.db'));
  await importResponses(db, utf8('instanceID,age,sex\nkept-1,30,male\n'), {
    fileName: 'seed.csv',
    formId: 'office_test',
  });
  before = databaseFingerprint(db);
});
afterAll(() => db.close());

const ok = ['age', 'sex'];
const rowsOf = (...rows: unknown[][]) => sheet([ok, ...rows] as never);

async function withFormulaWithoutValue(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('data');
  ws.addRow(['age', 'sex']);
  ws.addRow([{ formula: 'A3+1' }, 'male']);
  ws.addRow([30, 'female']);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

interface Case {
  what: string;
  file: () => Promise<Uint8Array> | Uint8Array;
  name?: string;
  code: string;
}

const big = 'x'.repeat(40_000);
const cases: Case[] = [
  { what: 'an empty file (0 bytes)', file: () => new Uint8Array(0), name: 'empty.csv', code: 'empty_file' },
  { what: 'a CSV of blank lines', file: () => utf8('\n\n,,\n'), name: 'blank.csv', code: 'no_data' },
  { what: 'a workbook with a header only', file: () => sheet([ok]), code: 'header_only' },
  { what: 'a CSV with a header only', file: () => utf8('age,sex\n'), name: 'h.csv', code: 'header_only' },
  {
    what: 'a file of another questionnaire',
    file: () =>
      sheet([
        ['name', 'salary'],
        ['Li', 3000],
      ]),
    code: 'wrong_form',
  },
  {
    what: 'an unknown column',
    file: () =>
      sheet([
        ['age', 'sex', 'favourite_colour'],
        [30, 'male', 'red'],
      ]),
    code: 'unknown_column',
  },
  {
    what: 'a misspelt label',
    file: () =>
      sheet([
        ['年令', '性别'],
        [30, '男'],
      ]),
    code: 'unknown_column',
  },
  {
    what: 'an unknown 0/1 choice column',
    file: () =>
      sheet([
        ['age', 'sex', 'sources/radio'],
        [30, 'male', 1],
      ]),
    code: 'unknown_column',
  },
  {
    what: 'duplicate columns',
    file: () =>
      sheet([
        ['age', 'sex', 'age'],
        [30, 'male', 31],
      ]),
    code: 'duplicate_column',
  },
  {
    what: 'a name and its label both present',
    file: () =>
      sheet([
        ['age', '年龄', 'sex'],
        [30, 30, 'male'],
      ]),
    code: 'duplicate_column',
  },
  {
    what: 'data in a column without header',
    file: () =>
      sheet([
        ['age', 'sex', null],
        [30, 'male', 'note'],
      ]),
    code: 'column_without_header',
  },
  {
    what: 'merged cells in the data',
    file: () => workbook({ rows: [ok, [30, 'male'], [null, 'female']], merges: ['A2:A3'] }),
    code: 'merged_cells',
  },
  { what: 'a formula without a computed value', file: withFormulaWithoutValue, code: 'formula_without_value' },
  {
    what: 'data only on a hidden sheet',
    file: () =>
      workbook({ name: 'cover', rows: [['说明']] }, { name: 'data', rows: [ok, [30, 'male']], state: 'hidden' }),
    code: 'wrong_form',
  },
  {
    what: 'an impossible date (30 February)',
    file: () => sheet([['interview_date'], ['2024-02-30']]),
    code: 'bad_date',
  },
  {
    what: 'a day/month order that cannot be told',
    file: () => sheet([['interview_date'], ['05/03/2024']]),
    code: 'ambiguous_date',
  },
  { what: 'month 13 in a Chinese date', file: () => sheet([['interview_date'], ['2024年13月1日']]), code: 'bad_date' },
  { what: 'a date in words', file: () => sheet([['interview_date'], ['March 5']]), code: 'bad_date' },
  { what: 'a two-digit year', file: () => sheet([['interview_date'], ['24-3-5']]), code: 'bad_date' },
  { what: 'a date serial far out of range', file: () => sheet([['interview_date'], [9_999_999]]), code: 'bad_date' },
  {
    what: 'a binary file named .xlsx',
    file: () => new Uint8Array(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251)),
    code: 'not_xlsx',
  },
  {
    what: 'a truncated .xlsx',
    file: async () => (await rowsOf([30, 'male'])).subarray(0, 2000),
    code: 'truncated_xlsx',
  },
  { what: 'a ZIP that is not a workbook', file: () => zipSync({ 'a.txt': utf8('hello') }), code: 'not_xlsx' },
  {
    what: 'an old Excel 97-2003 file',
    file: () => concatBytes(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), new Uint8Array(600)),
    name: 'old.xls',
    code: 'old_xls',
  },
  {
    what: 'a picture named .csv',
    file: () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3]),
    name: 'p.csv',
    code: 'binary_file',
  },
  {
    what: 'a huge cell',
    file: () =>
      sheet([
        ['age', 'sex', 'region'],
        [30, 'male', big],
      ]),
    code: 'cell_too_long',
  },
  {
    what: 'mixed encodings (UTF-8 and GB18030 lines)',
    file: () => concatBytes(utf8('年龄,性别\n30,男\n'), gb18030('40,男\n')),
    name: 'mixed.csv',
    code: 'mixed_encoding',
  },
  {
    what: 'an Excel error value',
    file: () => sheet([ok, [{ formula: '1/0', result: { error: '#DIV/0!' } } as never, 'male']]),
    code: 'excel_error',
  },
  { what: 'an age in words', file: () => rowsOf(['三十五', 'male']), code: 'not_a_number' },
  {
    what: 'an age with a unit in full-width digits',
    file: () => gb18030('年龄,性别\n３５岁,男\n'),
    name: 'gb.csv',
    code: 'not_a_number',
  },
  { what: 'a fractional age', file: () => rowsOf([35.5, 'male']), code: 'not_an_integer' },
  { what: 'an age outside 18–69', file: () => rowsOf([80, 'male']), code: 'constraint' },
  { what: 'a negative age', file: () => rowsOf([-5, 'male']), code: 'constraint' },
  { what: 'TRUE typed as an age', file: () => rowsOf([true, 'male']), code: 'constraint' },
  { what: 'an answer that is not a choice', file: () => rowsOf([30, '不详']), code: 'unknown_choice' },
  {
    what: 'a select_multiple with an unknown choice',
    file: () =>
      sheet([
        ['age', 'sex', 'sources'],
        [30, 'male', 'tv radio'],
      ]),
    code: 'unknown_choice',
  },
  {
    what: 'a 0/1 column holding a word',
    file: () =>
      sheet([
        ['age', 'sex', 'sources/tv'],
        [30, 'male', 'maybe'],
      ]),
    code: 'bad_choice_flag',
  },
  { what: 'a required question without its column', file: () => sheet([['age'], [30]]), code: 'required' },
  { what: 'a required answer left blank', file: () => rowsOf([30, null], [31, 'male']), code: 'required' },
  {
    what: 'an answer to a skipped question',
    file: () =>
      sheet([
        ['age', 'sex', 'employed', 'job_years'],
        [30, 'male', 'no', 5],
      ]),
    code: 'not_relevant',
  },
  {
    what: 'the same instanceID twice',
    file: () =>
      sheet([
        ['instanceID', ...ok],
        ['d1', 30, 'male'],
        ['d1', 31, 'female'],
      ]),
    code: 'duplicate_id',
  },
  {
    what: 'semicolon-separated CSV with a bad value',
    file: () => utf8('age;sex\n30;unknown\n'),
    name: 's.csv',
    code: 'unknown_choice',
  },
];

describe('bad files are refused with a message a clerk understands, and the database is unchanged', () => {
  it(`has at least 40 bad files (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });
  for (const c of cases) {
    it(c.what, async () => {
      const bytes = await c.file();
      let codes: string[] = [];
      let message = '';
      try {
        const r = await importResponses(db, bytes, { fileName: c.name ?? 'office.xlsx', formId: 'office_test' });
        expect(r.status).toBe('refused');
        const errors = r.problems.filter((p) => p.severity === 'error');
        codes = errors.map((p) => p.code);
        const p = errors.find((x) => x.code === c.code);
        message = p?.reason.zh ?? '';
        // a row-level problem says where
        if (p && !['merged_cells'].includes(p.code)) expect(p.row ?? p.column).toBeDefined();
      } catch (e) {
        const err = e as { code?: string; message: string; userFacing?: boolean };
        expect(err.userFacing).toBe(true);
        codes = [err.code ?? 'thrown'];
        message = err.message;
      }
      expect(codes).toContain(c.code);
      expect(message).toMatch(/[\u4e00-\u9fff]/);
      expect(databaseFingerprint(db)).toBe(before);
    });
  }
});

describe('dates offices type are read in five formats and as Excel serials', () => {
  it('stores every one as the same ISO date', async () => {
    const r = await importResponses(
      db,
      await sheet([
        ['instanceID', 'age', 'sex', 'interview_date'],
        ['dt-1', 30, 'male', '2024-03-15'],
        ['dt-2', 30, 'male', '2024/3/15'],
        ['dt-3', 30, 'male', '2024.3.15'],
        ['dt-4', 30, 'male', '2024年3月15日'],
        ['dt-5', 30, 'male', '15/03/2024'],
        ['dt-6', 30, 'male', '20240315'],
        ['dt-7', 30, 'male', 45366], // Excel serial of 2024-03-15
        ['dt-8', 30, 'male', new Date(Date.UTC(2024, 2, 15))],
      ]),
      { fileName: 'dates.xlsx', formId: 'office_test' },
    );
    expect(r.problems).toEqual([]);
    const dates = db.all<{ value: string }>(
      "SELECT value FROM answers WHERE field = 'interview_date' AND interview_id LIKE 'dt-%'",
    );
    expect(dates.map((d) => d.value)).toEqual(Array(8).fill('2024-03-15'));
  });
});
