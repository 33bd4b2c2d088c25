// Findings 8, 9 and 12 of the attack review (issue 21): files that ended in a stack trace or a misleading
// message. Each is refused in words that say what is wrong and where (sheet, row, column), and the database is
// unchanged; a UTF-32 file is read instead of being called "no column matches".
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dispatch } from '../../../src/api/dispatch.ts';
import { importResponses } from '../../../src/interchange/responses/index.ts';
import type { SqlDriver } from '../../../src/store/driver.ts';
import { databaseFingerprint, newDatabase } from '../../fixtures/interchange/forms.ts';
import { workbookWith } from '../../helpers/bombs.ts';
import { tempDir } from '../../helpers/tmp.ts';

let db: SqlDriver;
let before: string;
beforeAll(() => {
  db = newDatabase(join(tempDir(), 'office.sqlite'));
  before = databaseFingerprint(db);
});
afterAll(() => db.close());

const enc = (s: string) => new TextEncoder().encode(s);
const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>';
const sheetXml = (rows: string) => enc(`${SHEET_HEAD}${rows}</sheetData></worksheet>`);

/** A refusal: its code, and its message (Chinese first). */
async function refusal(bytes: Uint8Array, fileName = 'office.xlsx'): Promise<{ code: string; message: string }> {
  try {
    const r = await importResponses(db, bytes, { fileName, formId: 'office_test' });
    const p = r.problems.find((x) => x.severity === 'error');
    return { code: p?.code ?? r.status, message: p?.reason.zh ?? '' };
  } catch (e) {
    const err = e as { code?: string; message: string; userFacing?: boolean };
    expect(err.userFacing, `${err.message}`).toBe(true);
    return { code: err.code ?? 'thrown', message: err.message };
  } finally {
    expect(databaseFingerprint(db)).toBe(before);
  }
}

/**
 * An OLE2 compound file as Office writes a password-protected .xlsx (MS-OFFCRYPTO): the header, and a directory
 * sector naming the streams EncryptionInfo and EncryptedPackage in UTF-16.
 */
function passwordProtectedXlsx(): Uint8Array {
  const file = new Uint8Array(512 * 4);
  file.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  const names = ['Root Entry', 'EncryptionInfo', 'EncryptedPackage', '\u0006DataSpaces'];
  names.forEach((name, i) => {
    const at = 512 + i * 128;
    for (let k = 0; k < name.length; k++) file[at + k * 2] = name.charCodeAt(k);
    file[at + 64] = (name.length + 1) * 2;
  });
  return file;
}

describe('hostile and odd files get a message, not a stack trace', () => {
  test('finding 8: a character reference that names no character (&#99999999;) in a shared string', async () => {
    const bytes = workbookWith({
      'xl/sharedStrings.xml': enc('<sst><si><t>age</t></si><si><t>sex</t></si><si><t>&#99999999;</t></si></sst>'),
      'xl/worksheets/sheet1.xml': sheetXml('<row r="2"><c r="A2"><v>30</v></c><c r="B2" t="s"><v>2</v></c></row>'),
    });
    const r = await refusal(bytes);
    expect(r.code).toBe('bad_character');
    expect(r.message).toContain('工作表“data”第 2 行 B 列');
    expect(r.message).toContain('&#99999999;');
  });

  test('finding 8: the same in an inline string, and a lone surrogate (&#xD800;)', async () => {
    for (const ref of ['&#99999999;', '&#xD800;']) {
      const bytes = workbookWith({
        'xl/worksheets/sheet1.xml': sheetXml(
          `<row r="2"><c r="A2"><v>30</v></c><c r="B2" t="inlineStr"><is><t>ma${ref}le</t></is></c></row>`,
        ),
      });
      const r = await refusal(bytes);
      expect(r.code).toBe('bad_character');
      expect(r.message).toContain('第 2 行 B 列');
    }
  });

  test('finding 9: a password-protected .xlsx is called encrypted, not "an old .xls"', async () => {
    const r = await refusal(passwordProtectedXlsx());
    expect(r.code).toBe('password_protected');
    expect(r.message).toMatch(/密码/);
    expect(r.message).not.toMatch(/97-2003/);
    // (The form reader's own .xls path says the same of real encrypted files: tests of src/interchange/xls.)
  });

  test('finding 12: a broken workbook relationship is said as such, not "all sheets hidden"', async () => {
    const bytes = workbookWith({
      'xl/_rels/workbook.xml.rels': enc(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
    });
    const r = await refusal(bytes);
    expect(r.code).toBe('broken_workbook');
    expect(r.message).toContain('“data”');
    expect(r.message).not.toMatch(/隐藏/);
  });

  test('finding 12: a cell at column ZZZZZZZZ is refused with sheet, row and cell, never dropped silently', async () => {
    const bytes = workbookWith({
      'xl/worksheets/sheet1.xml': sheetXml(
        '<row r="2"><c r="A2"><v>30</v></c><c r="B2" t="s"><v>2</v></c><c r="ZZZZZZZZ2"><v>7</v></c></row>',
      ),
    });
    const r = await refusal(bytes);
    expect(r.code).toBe('column_out_of_range');
    expect(r.message).toContain('第 2 行');
    expect(r.message).toContain('ZZZZZZZZ2');
  });

  test('finding 12: a UTF-32 CSV (with its byte-order mark) is read, in either byte order', async () => {
    const text = 'instanceID,age,sex\nutf32-1,30,male\n';
    for (const le of [true, false]) {
      const bytes = new Uint8Array(4 + text.length * 4);
      const view = new DataView(bytes.buffer);
      view.setUint32(0, 0xfeff, le);
      [...text].forEach((ch, i) => {
        view.setUint32(4 + i * 4, ch.codePointAt(0)!, le);
      });
      const r = await importResponses(db, bytes, { fileName: 'utf32.csv', formId: 'office_test', dryRun: true });
      expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(r.status).toBe('dry_run');
      expect(r.encoding).toBe(le ? 'utf-32le' : 'utf-32be');
      expect(r.added).toBe(1);
    }
    expect(databaseFingerprint(db)).toBe(before);
  });

  test('finding 12: `form template` says how many columns the template has', async () => {
    const r = await dispatch({ db }, 'form/template', { formId: 'office_test' });
    expect(r.ok).toBe(true);
    // Counted by hand from officeForm: age, sex, residence, region, employed, job_years, interview_date,
    // sources/tv, sources/internet, sources/paper, q_earth (the calculate and the note have no column).
    if (r.ok) expect(r.result.columns).toBe(11);
  });
});
