/**
 * A fast, careful reader of .xlsx data: sheet list (with hidden state), shared strings, and the rows of one
 * sheet streamed in batches straight from the inflated XML. Cell values come back as text with their kind;
 * what a value means is decided later, by the form field it lands in. exceljs is not used here: its streaming
 * reader is several times slower on 100,000-row files.
 */
import { columnLetter, unreadable } from '../problem.ts';
import { attr, BadCharacterReference, stringItemText, unescapeXml } from './xml.ts';
import {
  concat,
  type InflateBudget,
  inflateEntry,
  MiB,
  readEntry,
  type ZipEntry,
  ZipProblem,
  zipEntries,
} from './zip.ts';
import { xlsxProblem } from './zip-problems.ts';

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
  /** Shared strings that hold a character reference no character has (`&#99999999;`), by index: refused where used. */
  badSharedStrings: Map<number, string>;
  bytes: Uint8Array;
  /** For messages. */
  fileName: string;
}

/**
 * What each part of a workbook may inflate to. Parts read whole are small in any real file; a sheet is streamed,
 * so its bound is about time, not memory (and Excel's own row and column limits are checked as it is read).
 */
export const WORKBOOK_BUDGETS = {
  part: { maxBytes: 16 * MiB, maxRatio: 100, ratioGrace: MiB },
  sharedStrings: { maxBytes: 256 * MiB, maxRatio: 100, ratioGrace: 16 * MiB },
  sheet: { maxBytes: 2048 * MiB, maxRatio: Number.POSITIVE_INFINITY, ratioGrace: 0 },
} satisfies Record<string, InflateBudget>;

/** Excel's own limits: 1,048,576 rows and 16,384 columns (XFD). */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

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

export function openWorkbook(bytes: Uint8Array, fileName = ''): Workbook {
  try {
    return readWorkbookParts(bytes, fileName);
  } catch (e) {
    if (e instanceof ZipProblem) throw xlsxProblem(e, fileName);
    throw e;
  }
}

function readWorkbookParts(bytes: Uint8Array, fileName: string): Workbook {
  const entries = zipEntries(bytes);
  const wbEntry = entries.get('xl/workbook.xml');
  if (!wbEntry) {
    throw unreadable(
      'not_xlsx',
      '这个压缩文件不是 Excel 工作簿（缺少工作簿内容）。请另存为“Excel 工作簿 (*.xlsx)”后再导入。',
      'This ZIP file is not an Excel workbook (it has no workbook part). Save it as "Excel Workbook (*.xlsx)" and import again.',
    );
  }
  const wb = decoder.decode(readEntry(bytes, wbEntry, WORKBOOK_BUDGETS.part));
  const relsEntry = entries.get('xl/_rels/workbook.xml.rels');
  const rels = new Map<string, string>();
  let sharedPath = 'xl/sharedStrings.xml';
  if (relsEntry) {
    const text = decoder.decode(readEntry(bytes, relsEntry, WORKBOOK_BUDGETS.part));
    for (const m of text.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
      const a = m[1]!;
      const id = attr(a, 'Id');
      const target = attr(a, 'Target');
      if (!id || !target) continue;
      rels.set(id, resolveTarget(wholeFileText(target)));
      if ((attr(a, 'Type') ?? '').endsWith('/sharedStrings')) sharedPath = resolveTarget(wholeFileText(target));
    }
  }
  const sheets: SheetInfo[] = [];
  for (const m of wb.matchAll(/<sheet\b([^>]*)\/?>/g)) {
    const a = m[1]!;
    const rid = attr(a, 'r:id') ?? /\sr:id="([^"]*)"|\s\w+:id="([^"]*)"/.exec(a)?.slice(1).find(Boolean);
    const path = rid ? rels.get(rid) : undefined;
    const state = attr(a, 'state');
    sheets.push({
      name: wholeFileText(attr(a, 'name') ?? ''),
      hidden: state === 'hidden' || state === 'veryHidden',
      entry: path ? entries.get(path) : undefined,
    });
  }
  const ss = entries.get(sharedPath);
  const { strings, bad } = ss ? readSharedStrings(bytes, ss) : { strings: [], bad: new Map<number, string>() };
  return { sheets, sharedStrings: strings, badSharedStrings: bad, bytes, fileName };
}

/** Text of the workbook's own parts (sheet names, targets): a bad character reference there spoils the whole file. */
function wholeFileText(s: string): string {
  try {
    return unescapeXml(s);
  } catch (e) {
    if (e instanceof BadCharacterReference) throw badReference(e.reference);
    throw e;
  }
}

function badReference(reference: string, where?: { sheet: string; row: number; col: number }) {
  const at = where
    ? {
        zh: `工作表“${where.sheet}”第 ${where.row} 行 ${columnLetter(where.col)} 列`,
        en: `sheet "${where.sheet}", row ${where.row}, column ${columnLetter(where.col)}`,
      }
    : { zh: '工作簿的结构部分', en: 'the structure of the workbook' };
  return unreadable(
    'bad_character',
    `${at.zh}含有无效的字符引用“${reference}”（不对应任何字符，Excel 本身也无法打开这样的文件）。请检查这个单元格的来源，改正后另存为 .xlsx 再导入。没有导入任何数据。`,
    `${at.en} holds the character reference "${reference}", which is no character (Excel itself cannot open such a file). Check where the cell came from, correct it, save as .xlsx and import again. Nothing was imported.`,
  );
}

/**
 * Shared strings, streamed: the part is inflated in chunks and each complete `<si>` item is taken as it arrives, so
 * that only the strings themselves are held. A string whose character reference names no character is kept as
 * '' and remembered: the cells that use it are refused, naming their sheet, row and column.
 */
function readSharedStrings(bytes: Uint8Array, entry: ZipEntry): { strings: string[]; bad: Map<number, string> } {
  const strings: string[] = [];
  const bad = new Map<number, string>();
  const text = new TextDecoder();
  const item = /<si>([\s\S]*?)<\/si>|<si\/>/g;
  let carry = '';
  const take = (final: boolean) => {
    item.lastIndex = 0;
    let end = 0;
    for (let m = item.exec(carry); m; m = item.exec(carry)) {
      end = item.lastIndex;
      if (!m[1]) {
        strings.push('');
        continue;
      }
      try {
        strings.push(stringItemText(m[1]));
      } catch (e) {
        if (!(e instanceof BadCharacterReference)) throw e;
        bad.set(strings.length, e.reference);
        strings.push('');
      }
    }
    carry = final ? '' : carry.slice(end);
    if (carry.length > 1 << 24) throw hugeCell();
  };
  for (const chunk of inflateEntry(bytes, entry, WORKBOOK_BUDGETS.sharedStrings)) {
    carry += text.decode(chunk, { stream: true });
    take(false);
  }
  carry += text.decode();
  take(true);
  return { strings, bad };
}

const hugeCell = () =>
  unreadable(
    'huge_cell',
    '工作表中有一行或一个单元格超过 16 MB，无法导入。请检查是否误粘贴了大量内容。',
    'A row or cell of this sheet is larger than 16 MB and cannot be imported. Check for text pasted by mistake.',
  );

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
/** Where the scanner is, for messages: the sheet, the last row read, how many rows so far, the cell being decoded. */
interface ScanState {
  sheet: string;
  row: number;
  rows: number;
  col: number;
  bad: Map<number, string>;
}

function parseRows(b: Uint8Array, end: number, shared: string[], prev: ScanState, cache: CellCache): TableRow[] {
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
    if (row > MAX_ROWS || ++prev.rows > MAX_ROWS) throw tooManyRows(prev.sheet);
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
      if (col >= MAX_COLUMNS) throw beyondLastColumn(prev.sheet, row, ascii(b, c, cEnd + 1));
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
      prev.col = col;
      if (t0 === 0x73 && t1 === QUOTE) {
        // "s"
        const k = v0 < 0 ? -1 : intAt(b, v0, v1);
        if (!formula && k >= 0 && k < shared.length) {
          cell = cache.shared[k] ??= sharedCell(shared, k, prev, row, col);
          cells[col] = cell;
          continue;
        }
        if (prev.bad.has(k)) throw badReference(prev.bad.get(k)!, { sheet: prev.sheet, row, col });
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
  const state: ScanState = { sheet: sheet.name, row: 0, rows: 0, col: 0, bad: wb.badSharedStrings };
  const cache: CellCache = { shared: [], numbers: [] };
  const parse = (b: Uint8Array, end: number) => {
    try {
      return parseRows(b, end, wb.sharedStrings, state, cache);
    } catch (e) {
      if (e instanceof BadCharacterReference)
        throw badReference(e.reference, { sheet: sheet.name, row: state.row, col: state.col });
      throw e;
    }
  };
  try {
    for (const chunk of inflateEntry(wb.bytes, sheet.entry, WORKBOOK_BUDGETS.sheet)) {
      pending = pending.length ? concat([pending, chunk]) : chunk;
      const end = lastRowEnd(pending);
      if (end < 0) {
        if (pending.length < 1 << 24) continue;
        throw hugeCell();
      }
      const rows = parse(pending, end);
      pending = pending.slice(end);
      if (rows.length) yield rows;
    }
  } catch (e) {
    if (e instanceof ZipProblem) throw xlsxProblem(e, wb.fileName);
    throw e;
  }
  const rest = parse(pending, pending.length);
  if (rest.length) yield rest;
  const tail = decoder.decode(pending);
  const merges = [...tail.matchAll(/<mergeCell\b[^>]*\bref="([^"]+)"/g)].map((m) => m[1]!);
  return { merges };
}

function sharedCell(shared: string[], k: number, state: ScanState, row: number, col: number): TableCell {
  const bad = state.bad.get(k);
  if (bad !== undefined) throw badReference(bad, { sheet: state.sheet, row, col });
  return Object.freeze({ text: shared[k]!, kind: 'text' }) as TableCell;
}

const tooManyRows = (sheet: string) =>
  unreadable(
    'too_many_rows',
    `工作表“${sheet}”的行数超过了 Excel 的上限（${MAX_ROWS.toLocaleString('en-US')} 行），不是 Excel 能保存的文件（可能是恶意构造的）。已拒绝导入，没有保存任何数据。`,
    `Sheet "${sheet}" has more rows than Excel allows (${MAX_ROWS.toLocaleString('en-US')}); no spreadsheet program saves such a file (it may have been built to attack). Refused; nothing was stored.`,
  );

const beyondLastColumn = (sheet: string, row: number, tag: string) => {
  const ref = /\sr="([^"]*)"/.exec(tag)?.[1] ?? '?';
  return unreadable(
    'column_out_of_range',
    `工作表“${sheet}”第 ${row} 行有一个单元格位于“${ref}”，超出了 Excel 的最后一列 XFD。这个单元格无法对应到任何列，为了不悄悄丢掉数据，整个文件没有导入。请在 Excel 中打开并另存为 .xlsx 后再导入。`,
    `Sheet "${sheet}", row ${row} has a cell at "${ref}", beyond Excel's last column XFD. It matches no column, and rather than drop it silently nothing was imported. Open the file in Excel, save it as .xlsx and import again.`,
  );
};

/** Index just after the last complete row in b (`</row>`, or an empty `<row …/>`), or -1. */
function lastRowEnd(b: Uint8Array): number {
  for (let i = b.lastIndexOf(LT); i >= 0; i = i > 0 ? b.lastIndexOf(LT, i - 1) : -1) {
    if (b[i + 1] === SLASH && b[i + 2] === 0x72 && b[i + 3] === 0x6f && b[i + 4] === 0x77 && b[i + 5] === GT)
      return i + 6;
    if (b[i + 1] === 0x72 && b[i + 2] === 0x6f && b[i + 3] === 0x77 && (b[i + 4] === 0x20 || b[i + 4] === SLASH)) {
      const gt = indexOfByte(b, GT, i, b.length);
      if (gt > 0 && b[gt - 1] === SLASH) return gt + 1;
    }
  }
  return -1;
}
