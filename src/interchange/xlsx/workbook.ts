/**
 * A fast, careful reader of .xlsx data: sheet list (with hidden state), shared strings, and the rows of one
 * sheet streamed in batches straight from the inflated XML. Cell values come back as text with their kind;
 * what a value means is decided later, by the form field it lands in. exceljs is not used here: its streaming
 * reader is several times slower on 100,000-row files.
 */
import { unreadable } from '../problem.ts';
import { attr, stringItemText, unescapeXml } from './xml.ts';
import { concat, inflateEntry, readEntry, type ZipEntry, zipEntries } from './zip.ts';

export type CellKind = 'text' | 'number' | 'bool' | 'error' | 'date';

export interface TableCell {
  text: string;
  kind: CellKind;
  /** The cell holds a formula; `text` is its last computed value ('' when the file kept none). */
  formula?: boolean;
}

export interface TableRow {
  /** 1-based row number as the spreadsheet shows it. */
  row: number;
  /** Indexed by 0-based column; holes are empty cells. */
  cells: (TableCell | undefined)[];
}

export interface SheetInfo {
  name: string;
  hidden: boolean;
  entry?: ZipEntry;
}

export interface Workbook {
  sheets: SheetInfo[];
  sharedStrings: string[];
  bytes: Uint8Array;
}

/** What the row stream learned besides rows: merged ranges (known only at the end of the sheet). */
export interface SheetTail {
  merges: string[];
}

const decoder = new TextDecoder();

function resolveTarget(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = `xl/${target}`.split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.') out.push(p);
  }
  return out.join('/');
}

export function openWorkbook(bytes: Uint8Array): Workbook {
  const entries = zipEntries(bytes);
  const wbEntry = entries.get('xl/workbook.xml');
  if (!wbEntry) {
    throw unreadable(
      'not_xlsx',
      '这个压缩文件不是 Excel 工作簿（缺少工作簿内容）。请另存为“Excel 工作簿 (*.xlsx)”后再导入。',
      'This ZIP file is not an Excel workbook (it has no workbook part). Save it as "Excel Workbook (*.xlsx)" and import again.',
    );
  }
  const wb = decoder.decode(readEntry(bytes, wbEntry));
  const relsEntry = entries.get('xl/_rels/workbook.xml.rels');
  const rels = new Map<string, string>();
  let sharedPath = 'xl/sharedStrings.xml';
  if (relsEntry) {
    const text = decoder.decode(readEntry(bytes, relsEntry));
    for (const m of text.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
      const a = m[1]!;
      const id = attr(a, 'Id');
      const target = attr(a, 'Target');
      if (!id || !target) continue;
      rels.set(id, resolveTarget(unescapeXml(target)));
      if ((attr(a, 'Type') ?? '').endsWith('/sharedStrings')) sharedPath = resolveTarget(target);
    }
  }
  const sheets: SheetInfo[] = [];
  for (const m of wb.matchAll(/<sheet\b([^>]*)\/?>/g)) {
    const a = m[1]!;
    const rid = attr(a, 'r:id') ?? /\sr:id="([^"]*)"|\s\w+:id="([^"]*)"/.exec(a)?.slice(1).find(Boolean);
    const path = rid ? rels.get(rid) : undefined;
    const state = attr(a, 'state');
    sheets.push({
      name: unescapeXml(attr(a, 'name') ?? ''),
      hidden: state === 'hidden' || state === 'veryHidden',
      entry: path ? entries.get(path) : undefined,
    });
  }
  const sharedStrings: string[] = [];
  const ss = entries.get(sharedPath);
  if (ss) {
    const text = decoder.decode(readEntry(bytes, ss));
    for (const m of text.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)) sharedStrings.push(m[1] ? stringItemText(m[1]) : '');
  }
  return { sheets, sharedStrings, bytes };
}

function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
const ROW = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g;

function parseRow(attrs: string, inner: string | undefined, prev: number, shared: string[]): TableRow {
  const r = attr(attrs, 'r');
  const row = r ? Number(r) : prev + 1;
  const cells: (TableCell | undefined)[] = [];
  if (!inner) return { row, cells };
  let col = -1;
  CELL.lastIndex = 0;
  for (let m = CELL.exec(inner); m; m = CELL.exec(inner)) {
    const a = m[1]!;
    const ref = attr(a, 'r');
    col = ref ? columnIndex(ref) : col + 1;
    const body = m[2];
    if (!body) continue;
    const t = attr(a, 't');
    const formula = body.indexOf('<f') >= 0;
    let v: string | undefined;
    const vs = body.indexOf('<v>');
    if (vs >= 0) v = body.slice(vs + 3, body.indexOf('</v>', vs));
    let cell: TableCell;
    if (t === 's') {
      cell = { text: v === undefined ? '' : (shared[Number(v)] ?? ''), kind: 'text' };
    } else if (t === 'inlineStr') {
      const is = /<is>([\s\S]*?)<\/is>/.exec(body);
      cell = { text: is ? stringItemText(is[1]!) : '', kind: 'text' };
    } else if (t === 'str') {
      cell = { text: v === undefined ? '' : unescapeXml(v), kind: 'text' };
    } else if (t === 'b') {
      cell = { text: v ?? '', kind: 'bool' };
    } else if (t === 'e') {
      cell = { text: v === undefined ? '' : unescapeXml(v), kind: 'error' };
    } else if (t === 'd') {
      cell = { text: v ?? '', kind: 'date' };
    } else {
      if (v === undefined && !formula) continue;
      cell = { text: v ?? '', kind: 'number' };
    }
    if (formula) cell.formula = true;
    cells[col] = cell;
  }
  return { row, cells };
}

const ROW_END = [0x3c, 0x2f, 0x72, 0x6f, 0x77, 0x3e]; // "</row>"

function lastRowEnd(b: Uint8Array): number {
  for (let i = b.length - 6; i >= 0; i--) {
    if (b[i] === 0x3c && b[i + 1] === 0x2f && b[i + 2] === 0x72 && b[i + 3] === 0x6f && b[i + 4] === 0x77) {
      if (b[i + 5] === ROW_END[5]) return i + 6;
    }
  }
  return -1;
}

/**
 * Rows of a sheet in batches, in file order. The generator's return value tells what only the end of the sheet
 * says (merged cells).
 */
export function* sheetRows(wb: Workbook, sheet: SheetInfo): Generator<TableRow[], SheetTail> {
  if (!sheet.entry) return { merges: [] };
  let pending: Uint8Array = new Uint8Array(0);
  let prevRow = 0;
  let tail = '';
  const parse = (text: string): TableRow[] => {
    const rows: TableRow[] = [];
    ROW.lastIndex = 0;
    let last = 0;
    for (let m = ROW.exec(text); m; m = ROW.exec(text)) {
      const row = parseRow(m[1]!, m[2], prevRow, wb.sharedStrings);
      prevRow = row.row;
      rows.push(row);
      last = ROW.lastIndex;
    }
    tail = text.slice(last);
    return rows;
  };
  for (const chunk of inflateEntry(wb.bytes, sheet.entry)) {
    pending = pending.length ? concat([pending, chunk]) : chunk.slice();
    const end = lastRowEnd(pending);
    if (end < 0) {
      // A sheet whose rows are all self-closing (or a header part) still needs parsing eventually.
      if (pending.length < 1 << 24) continue;
      throw unreadable(
        'huge_cell',
        '工作表中有一行或一个单元格超过 16 MB，无法导入。请检查是否误粘贴了大量内容。',
        'A row or cell of this sheet is larger than 16 MB and cannot be imported. Check for text pasted by mistake.',
      );
    }
    const rows = parse(decoder.decode(pending.subarray(0, end)));
    pending = pending.slice(end);
    if (rows.length) yield rows;
  }
  const rest = parse(tail + decoder.decode(pending));
  if (rest.length) yield rest;
  const merges = [...tail.matchAll(/<mergeCell\b[^>]*\bref="([^"]+)"/g)].map((m) => m[1]!);
  return { merges };
}
