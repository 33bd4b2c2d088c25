// The fast .xlsx reader against hand-written sheet XML: what Excel, WPS, exceljs, ODK and openpyxl write.
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { excelSerialToIso } from '../../../src/interchange/responses/values.ts';
import { sha256HexSync } from '../../../src/interchange/sha256.ts';
import { openTable, type TableRow } from '../../../src/interchange/table.ts';
import { sha256Hex } from '../../../src/util/hash.ts';

const enc = (s: string) => new TextEncoder().encode(s);

function xlsx(sheetXml: string, shared?: string, level: 0 | 6 = 6): Uint8Array {
  const files: Record<string, Uint8Array> = {
    'xl/workbook.xml': enc(
      '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="A&amp;B" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': enc(
      '<Relationships><Relationship Id="rId1" Type="http://x/worksheet" Target="/xl/worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://x/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    ),
    'xl/worksheets/sheet1.xml': enc(`<worksheet><sheetData>${sheetXml}</sheetData></worksheet>`),
  };
  if (shared) files['xl/sharedStrings.xml'] = enc(`<sst>${shared}</sst>`);
  return zipSync(files, { level });
}

function read(bytes: Uint8Array): TableRow[] {
  const t = openTable(bytes, 'f.xlsx');
  const out: TableRow[] = [];
  for (const b of t.batches()) out.push(...b);
  return out;
}

describe('the sheet reader', () => {
  it('reads shared strings (rich text runs joined, phonetic runs dropped, entities and _xHHHH_ decoded)', () => {
    const rows = read(
      xlsx(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>',
        '<si><t>年龄</t></si><si><r><rPr><b/></rPr><t>性</t></r><r><t xml:space="preserve">别 </t></r><rPh><t>せい</t></rPh></si><si><t>a&amp;b &lt;c&gt; &#20013;_x000D_</t></si>',
      ),
    );
    expect(rows[0]!.cells.map((c) => c?.text)).toEqual(['年龄', '性别 ', 'a&b <c> 中\r']);
  });

  it('reads numbers, booleans, errors, inline strings, formula strings and formulas with cached values', () => {
    const rows = read(
      xlsx(
        '<row r="2" spans="1:6"><c r="A2"><v>35</v></c><c r="B2" t="b"><v>1</v></c><c r="C2" t="e"><v>#N/A</v></c>' +
          '<c r="D2" t="inlineStr"><is><t>男</t></is></c><c r="E2" t="str"><f>A2&amp;"x"</f><v>35x</v></c><c r="F2"><f>A2+1</f><v>36</v></c>' +
          '<c r="G2" s="3"/><c r="H2"><f>1/0</f></c></row>',
      ),
    );
    const [r] = rows;
    expect(r!.row).toBe(2);
    expect(r!.cells.map((c) => c && [c.text, c.kind, c.formula ?? false])).toEqual([
      ['35', 'number', false],
      ['1', 'bool', false],
      ['#N/A', 'error', false],
      ['男', 'text', false],
      ['35x', 'text', true],
      ['36', 'number', true],
      undefined,
      ['', 'number', true],
    ]);
  });

  it('places cells by their reference (gaps, columns past Z) and numbers rows without r in order', () => {
    const rows = read(
      xlsx(
        '<row r="1"><c r="B1"><v>1</v></c><c r="AA1"><v>2</v></c></row><row r="4"><c><v>3</v></c><c><v>4</v></c></row><row><c r="C5"><v>5</v></c></row>',
      ),
    );
    expect(rows.map((r) => r.row)).toEqual([1, 4, 5]);
    expect(rows[0]!.cells[1]?.text).toBe('1');
    expect(rows[0]!.cells[26]?.text).toBe('2');
    expect(rows[1]!.cells.map((c) => c?.text)).toEqual(['3', '4']);
    expect(rows[2]!.cells[2]?.text).toBe('5');
  });

  it('gives the same rows for a stored (uncompressed) and a deflated file, and across chunk boundaries', () => {
    const many = Array.from(
      { length: 30_000 },
      (_, i) =>
        `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c><c r="B${i + 1}" t="inlineStr"><is><t>第${i}行</t></is></c></row>`,
    ).join('');
    const a = read(xlsx(many, undefined, 6));
    const b = read(xlsx(many, undefined, 0));
    expect(a).toHaveLength(30_000);
    expect(a).toEqual(b);
    expect(a[29_999]!.cells[1]?.text).toBe('第29999行');
  });

  it('reports merged cells, found after the rows', () => {
    const t = openTable(
      zipSync({
        'xl/workbook.xml': enc('<workbook><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        'xl/_rels/workbook.xml.rels': enc(
          '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
        ),
        'xl/worksheets/sheet1.xml': enc(
          '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:A3"/></mergeCells></worksheet>',
        ),
      }),
      's.xlsx',
    );
    const gen = t.batches();
    let step = gen.next();
    while (!step.done) step = gen.next();
    expect(step.value.merges).toEqual(['A1:A3']);
  });
});

describe('helpers with outside references', () => {
  it('Excel serials: 1 = 1900-01-01, 59 = 1900-02-28, 61 = 1900-03-01 (Excel counts a 29 February 1900), 45366 = 2024-03-15', () => {
    expect(excelSerialToIso(1)).toBe('1900-01-01');
    expect(excelSerialToIso(59)).toBe('1900-02-28');
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(excelSerialToIso(45366)).toBe('2024-03-15');
  });

  it('the synchronous SHA-256 equals WebCrypto on text of every length around the block size', async () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const s = '年'.repeat(n % 7) + 'x'.repeat(n);
      expect(sha256HexSync(s)).toBe(await sha256Hex(s));
    }
    expect(sha256HexSync('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'); // FIPS 180-2
  });
});
