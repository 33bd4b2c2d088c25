// The .xls wrapper against files LibreOffice wrote and xlrd (an independent BIFF8 reader) read: see
// scripts/fixtures/make-xls.py, which made every file and expectation used here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { FileUnreadableError } from '../../../src/interchange/problem.ts';
import { isOle2, readXls, xlsSheetRows } from '../../../src/interchange/xls/workbook.ts';

const dir = join(import.meta.dirname, '../../fixtures/xls');
const file = (name: string) => new Uint8Array(readFileSync(join(dir, name)));

interface Expected {
  sheets: {
    name: string;
    hidden: boolean;
    cells: { row: number; col: number; kind: string; value: string | number | boolean }[];
    merges: [number, number, number, number][];
  }[];
}

async function refusal(bytes: Uint8Array): Promise<FileUnreadableError> {
  try {
    await readXls(bytes);
  } catch (e) {
    if (e instanceof FileUnreadableError) return e;
    throw e;
  }
  throw new Error('the file was read');
}

describe('.xls workbooks (BIFF8)', () => {
  for (const name of ['wenjuanxing', 'xlsform']) {
    it(`reads every cell of ${name}.xls as xlrd does`, async () => {
      const expected = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8')) as Expected;
      const wb = await readXls(file(`${name}.xls`));
      expect(wb.sheets.map((s) => [s.name, s.hidden])).toEqual(expected.sheets.map((s) => [s.name, s.hidden]));
      for (const [i, sheet] of wb.sheets.entries()) {
        const want = expected.sheets[i]!;
        const got = sheet.rows.flatMap((r) =>
          r.cells.flatMap((c, col) => (c ? [{ row: r.row, col, kind: c.kind, text: c.text }] : [])),
        );
        expect(got).toEqual(
          want.cells.map((c) => ({
            row: c.row,
            col: c.col,
            kind: c.kind,
            // The .xlsx reader's conventions: booleans as 1/0, numbers as JavaScript prints them.
            text: typeof c.value === 'boolean' ? (c.value ? '1' : '0') : String(c.value),
          })),
        );
        expect(sheet.merges).toEqual(
          want.merges.map(([r0, r1, c0, c1]) =>
            XLSX.utils.encode_range({ s: { r: r0 - 1, c: c0 }, e: { r: r1 - 1, c: c1 } }),
          ),
        );
      }
    });
  }

  it('keeps text as typed (spaces, full-width digits) and marks formula results', async () => {
    const wb = await readXls(file('wenjuanxing.xls'));
    const data = wb.sheets[0]!;
    const row4 = data.rows.find((r) => r.row === 4)!;
    expect(row4.cells[3]).toEqual({ text: '４２', kind: 'text' });
    expect(row4.cells[4]).toEqual({ text: ' 高中 ', kind: 'text' });
    expect(row4.cells[6]).toEqual({ text: '是', kind: 'text', formula: true });
    // 2024-05-06 is Excel serial 45418 (1900 system): the .xlsx reader gives date cells as serials too.
    expect(data.rows.find((r) => r.row === 6)!.cells[0]).toEqual({ text: '45418', kind: 'number' });
    const batches = [...xlsSheetRows(data, 2)];
    expect(batches.map((b) => b.map((r) => r.row))).toEqual([
      [1, 2],
      [3, 4],
      [6, 8],
    ]);
  });

  it('refuses a password-protected .xls in Chinese, saying how to remove the password', async () => {
    const e = await refusal(file('password.xls'));
    expect(e.code).toBe('encrypted_file');
    expect(e.reason.zh).toMatch(/密码/);
    expect(e.reason.en).toMatch(/password/);
  });

  it('refuses a password-protected .xlsx (an encrypted package in an OLE2 container) as encrypted', async () => {
    // The container layout of MS-OFFCRYPTO: EncryptionInfo and EncryptedPackage streams (contents are not read).
    const cfb = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', new Uint8Array([4, 0, 4, 0, 0x40, 0, 0, 0]));
    XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', new Uint8Array(64));
    const bytes = new Uint8Array(XLSX.CFB.write(cfb, { type: 'array' }) as ArrayLike<number>);
    expect(isOle2(bytes)).toBe(true);
    expect((await refusal(bytes)).code).toBe('encrypted_file');
  });

  it('refuses an OLE2 document that is not a workbook, and a damaged .xls, in words', async () => {
    const cfb = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(cfb, '/WordDocument', new Uint8Array(512));
    const doc = new Uint8Array(XLSX.CFB.write(cfb, { type: 'array' }) as ArrayLike<number>);
    expect((await refusal(doc)).code).toBe('not_excel');

    const whole = file('xlsform.xls');
    for (const cut of [8, 600, 4096, whole.length - 700]) {
      const e = await refusal(whole.slice(0, cut));
      expect(e.code).toBe('xls_unreadable');
      expect(e.reason.zh).toMatch(/损坏或不完整/);
    }
    expect((await refusal(new TextEncoder().encode('a,b\n1,2\n'))).code).toBe('xls_unreadable');
  });
});
