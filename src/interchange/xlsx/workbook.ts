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

/**
 * Cells read from a sheet are never modified, so every cell holding the same shared string, or the same small
 * whole number, is one object: 6 million cells of a large file become a few hundred objects, and what is decided
 * about a value (its check against the form) can be remembered per object.
 */
interface CellCache {
  shared: (TableCell | undefined)[];
  numbers: (TableCell | undefined)[];
}
const SMALL_NUMBERS = 1_000_000;

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

// The sheet XML is scanned as bytes: with shared strings it is ASCII, and indices and numbers are read without
// making a string per cell. Text (inline strings, formula strings, errors) is decoded where it occurs.
const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const QUOTE = 0x22;

function find(b: Uint8Array, pat: readonly number[], from: number, to: number): number {
  const first = pat[0]!;
  const n = pat.length;
  const last = to - n;
  outer: for (let i = from; i <= last; i++) {
    if (b[i] !== first) continue;
    for (let k = 1; k < n; k++) if (b[i + k] !== pat[k]) continue outer;
    return i;
  }
  return -1;
}

function indexOfByte(b: Uint8Array, byte: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (b[i] === byte) return i;
  return -1;
}

const bytesOf = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const P_ROW = bytesOf('<row');
const P_ROW_END = bytesOf('</row>');
const P_C = bytesOf('<c');
const P_C_END = bytesOf('</c>');
const P_V = bytesOf('<v>');
const P_V_END = bytesOf('</v>');
const P_F = bytesOf('<f');
const P_IS = bytesOf('<is>');
const P_IS_END = bytesOf('</is>');
const A_R = bytesOf(' r="');
const A_T = bytesOf(' t="');

/** Start of an attribute's value inside a tag [from, to), or -1. */
function attrAt(b: Uint8Array, pat: readonly number[], from: number, to: number): number {
  const i = find(b, pat, from, to);
  return i < 0 ? -1 : i + pat.length;
}

function ascii(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(b[i]!);
  return s;
}

function text(b: Uint8Array, from: number, to: number): string {
  for (let i = from; i < to; i++)
    if (b[i]! >= 0x80 || b[i] === 0x26 || b[i] === 0x5f) return unescapeXml(decoder.decode(b.subarray(from, to)));
  return ascii(b, from, to);
}

function intAt(b: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = b[i]!;
    if (c < 0x30 || c > 0x39) return Number.NaN;
    n = n * 10 + (c - 0x30);
  }
  return n;
}

/** Parses the complete rows of b[0, end); returns them. `prev` is the last row number seen. */
function parseRows(b: Uint8Array, end: number, shared: string[], prev: { row: number }, cache: CellCache): TableRow[] {
  const rows: TableRow[] = [];
  let i = 0;
  for (;;) {
    i = find(b, P_ROW, i, end);
    if (i < 0) break;
    const next = b[i + 4];
    if (next !== 0x20 && next !== GT && next !== SLASH) {
      i += 4;
      continue;
    }
    const tagEnd = indexOfByte(b, GT, i, end);
    if (tagEnd < 0) break;
    const rAt = attrAt(b, A_R, i, tagEnd);
    const row = rAt >= 0 ? intAt(b, rAt, indexOfByte(b, QUOTE, rAt, tagEnd)) : prev.row + 1;
    prev.row = row;
    const cells: (TableCell | undefined)[] = [];
    rows.push({ row, cells });
    if (b[tagEnd - 1] === SLASH) {
      i = tagEnd + 1;
      continue;
    }
    const rowEnd = find(b, P_ROW_END, tagEnd, end);
    if (rowEnd < 0) break;
    let col = -1;
    let j = tagEnd + 1;
    for (;;) {
      const c = find(b, P_C, j, rowEnd);
      if (c < 0) break;
      const after = b[c + 2];
      const cEnd = indexOfByte(b, GT, c, rowEnd);
      j = cEnd + 1;
      if (after !== 0x20 && after !== GT && after !== SLASH) continue;
      const ra = attrAt(b, A_R, c, cEnd);
      if (ra >= 0) {
        let n = 0;
        for (let k = ra; b[k]! >= 0x41 && b[k]! <= 0x5a; k++) n = n * 26 + (b[k]! - 0x40);
        col = n - 1;
      } else col++;
      if (b[cEnd - 1] === SLASH) continue;
      let close: number;
      let v0 = -1;
      let v1 = -1;
      let formula = false;
      if (b[cEnd + 1] === LT && b[cEnd + 2] === 0x76 && b[cEnd + 3] === GT) {
        // the common shape: <c ...><v>…</v></c>
        v0 = cEnd + 4;
        v1 = indexOfByte(b, LT, v0, rowEnd);
        if (v1 < 0) break;
        close =
          b[v1 + 4] === LT && b[v1 + 5] === SLASH && b[v1 + 6] === 0x63 ? v1 + 4 : find(b, P_C_END, v1, rowEnd + 1);
      } else {
        close = find(b, P_C_END, cEnd, rowEnd + 1);
        if (close < 0) break;
        formula = find(b, P_F, cEnd, close) >= 0;
        const vs = find(b, P_V, cEnd, close);
        v0 = vs >= 0 ? vs + 3 : -1;
        v1 = vs >= 0 ? find(b, P_V_END, v0, close) : -1;
      }
      if (close < 0) break;
      j = close + 4;
      const ta = attrAt(b, A_T, c, cEnd);
      // t: s (shared), n/none (number), b, e, str, inlineStr, d
      const t0 = ta >= 0 ? b[ta]! : 0x6e;
      const t1 = ta >= 0 ? b[ta + 1]! : QUOTE;
      let cell: TableCell;
      if (t0 === 0x73 && t1 === QUOTE) {
        // "s"
        const k = v0 < 0 ? -1 : intAt(b, v0, v1);
        if (!formula && k >= 0 && k < shared.length) {
          cell = cache.shared[k] ??= Object.freeze({ text: shared[k]!, kind: 'text' }) as TableCell;
          cells[col] = cell;
          continue;
        }
        cell = { text: k >= 0 ? (shared[k] ?? '') : '', kind: 'text' };
      } else if (t0 === 0x69) {
        // "inlineStr"
        const is = find(b, P_IS, cEnd, close);
        const ie = is >= 0 ? find(b, P_IS_END, is, close) : -1;
        cell = { text: is >= 0 && ie >= 0 ? stringItemText(decoder.decode(b.subarray(is + 4, ie))) : '', kind: 'text' };
      } else if (t0 === 0x73) {
        // "str": a formula's text result
        cell = { text: v0 < 0 ? '' : text(b, v0, v1), kind: 'text' };
      } else if (t0 === 0x62) {
        cell = { text: v0 < 0 ? '' : ascii(b, v0, v1), kind: 'bool' };
      } else if (t0 === 0x65) {
        cell = { text: v0 < 0 ? '' : text(b, v0, v1), kind: 'error' };
      } else if (t0 === 0x64) {
        cell = { text: v0 < 0 ? '' : ascii(b, v0, v1), kind: 'date' };
      } else {
        if (v0 < 0 && !formula) continue;
        if (!formula && v1 > v0 && v1 - v0 <= 6 && (b[v0] !== 0x30 || v1 - v0 === 1)) {
          const n = intAt(b, v0, v1);
          if (n >= 0 && n < SMALL_NUMBERS) {
            cells[col] = cache.numbers[n] ??= Object.freeze({ text: String(n), kind: 'number' }) as TableCell;
            continue;
          }
        }
        cell = { text: v0 < 0 ? '' : ascii(b, v0, v1), kind: 'number' };
      }
      if (formula) cell.formula = true;
      cells[col] = cell;
    }
    i = rowEnd + 6;
  }
  return rows;
}

/**
 * Rows of a sheet in batches, in file order. The generator's return value tells what only the end of the sheet
 * says (merged cells).
 */
export function* sheetRows(wb: Workbook, sheet: SheetInfo): Generator<TableRow[], SheetTail> {
  if (!sheet.entry) return { merges: [] };
  let pending: Uint8Array = new Uint8Array(0);
  const prev = { row: 0 };
  const cache: CellCache = { shared: [], numbers: [] };
  for (const chunk of inflateEntry(wb.bytes, sheet.entry)) {
    pending = pending.length ? concat([pending, chunk]) : chunk;
    const end = lastRowEnd(pending);
    if (end < 0) {
      if (pending.length < 1 << 24) continue;
      throw unreadable(
        'huge_cell',
        '工作表中有一行或一个单元格超过 16 MB，无法导入。请检查是否误粘贴了大量内容。',
        'A row or cell of this sheet is larger than 16 MB and cannot be imported. Check for text pasted by mistake.',
      );
    }
    const rows = parseRows(pending, end, wb.sharedStrings, prev, cache);
    pending = pending.slice(end);
    if (rows.length) yield rows;
  }
  const rest = parseRows(pending, pending.length, wb.sharedStrings, prev, cache);
  if (rest.length) yield rest;
  const tail = decoder.decode(pending);
  const merges = [...tail.matchAll(/<mergeCell\b[^>]*\bref="([^"]+)"/g)].map((m) => m[1]!);
  return { merges };
}

/** Index just after the last `</row>` in b, or -1. */
function lastRowEnd(b: Uint8Array): number {
  for (let i = b.lastIndexOf(LT); i >= 0; i = i > 0 ? b.lastIndexOf(LT, i - 1) : -1) {
    if (b[i + 1] === SLASH && b[i + 2] === 0x72 && b[i + 3] === 0x6f && b[i + 4] === 0x77 && b[i + 5] === GT)
      return i + 6;
  }
  return -1;
}
