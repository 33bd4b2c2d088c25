/**
 * One view of an office's file, whatever its format: rows of cells in batches. .xlsx goes through the fast
 * sheet reader, .csv through encoding detection and papaparse. Files that are neither are refused here with a
 * message that says what to do.
 */
import Papa from 'papaparse';
import { decodeText, utf32Order } from './csv/decode.ts';
import { type FileProblem, unreadable } from './problem.ts';
import { isEncryptedOoxml, isOle2, passwordProtected } from './xlsx/ole2.ts';
import { openWorkbook, type SheetTail, sheetRows, type TableRow, type Workbook } from './xlsx/workbook.ts';
import { isZip } from './xlsx/zip.ts';

export type { TableCell, TableRow } from './xlsx/workbook.ts';

export interface TableSource {
  format: 'xlsx' | 'csv';
  /** The sheet read (workbooks). */
  sheet?: string;
  /** The text encoding found (CSV). */
  encoding?: string;
  /** Notes about the choice of sheet, hidden sheets and the like. */
  problems: FileProblem[];
  batches(): Generator<TableRow[], SheetTail>;
}

export interface OpenTableOptions {
  /** Scores a sheet by its first rows; the best visible sheet is read. Default: the first visible sheet. */
  scoreSheet?: (firstRows: TableRow[]) => number;
}

const BATCH = 2000;

function firstRows(wb: Workbook, sheet: Workbook['sheets'][number], n: number): TableRow[] {
  const out: TableRow[] = [];
  for (const batch of sheetRows(wb, sheet)) {
    for (const r of batch) if (r.cells.some((c) => c && c.text !== '')) out.push(r);
    if (out.length >= n) break;
  }
  return out.slice(0, n);
}

export function openTable(bytes: Uint8Array, fileName: string, opts: OpenTableOptions = {}): TableSource {
  const lower = fileName.toLowerCase();
  if (bytes.length === 0) {
    throw unreadable(
      'empty_file',
      '文件是空的（0 字节），里面没有任何数据。',
      'The file is empty (0 bytes): there is no data in it.',
    );
  }
  if (isOle2(bytes)) {
    if (isEncryptedOoxml(bytes)) throw passwordProtected();
    throw unreadable(
      'old_xls',
      '这是旧版 Excel 97-2003 文件（.xls），暂不支持。请在 Excel 或 WPS 中另存为“Excel 工作簿 (*.xlsx)”后再导入。',
      'This is an old Excel 97-2003 file (.xls), which is not supported. Save it as "Excel Workbook (*.xlsx)" in Excel or WPS and import again.',
    );
  }
  if (isZip(bytes)) return openXlsx(bytes, fileName, opts);
  if (lower.endsWith('.xlsx') || lower.endsWith('.xlsm') || lower.endsWith('.xls')) {
    throw unreadable(
      'not_xlsx',
      '文件名是 .xlsx，但内容不是 Excel 工作簿（可能已损坏或被改了扩展名）。请在 Excel 或 WPS 中打开确认，另存为“Excel 工作簿 (*.xlsx)”后再导入。',
      'The file is named .xlsx but its content is not an Excel workbook (it may be damaged or renamed). Open it in Excel or WPS and save it as "Excel Workbook (*.xlsx)", then import again.',
    );
  }
  let nul = 0;
  for (let i = 0; i < Math.min(bytes.length, 4096); i++) if (bytes[i] === 0) nul++;
  const bom16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (nul > 0 && !bom16 && !utf32Order(bytes)) {
    throw unreadable(
      'binary_file',
      '这个文件不是表格文件（既不是 Excel 工作簿，也不是 CSV 文本）。请导入 .xlsx 或 .csv 文件。',
      'This file is not a spreadsheet (neither an Excel workbook nor CSV text). Import an .xlsx or .csv file.',
    );
  }
  return openCsv(bytes);
}

function openXlsx(bytes: Uint8Array, fileName: string, opts: OpenTableOptions): TableSource {
  const wb = openWorkbook(bytes, fileName);
  const problems: FileProblem[] = [];
  const lost = wb.sheets.find((s) => !s.entry);
  if (lost) {
    throw unreadable(
      'broken_workbook',
      `工作簿列出了工作表“${lost.name}”，但文件里找不到它的内容（工作簿内部的链接损坏了，常见于被其他程序改写过的文件）。请在 Excel 或 WPS 中打开它，另存为“Excel 工作簿 (*.xlsx)”后再导入。`,
      `The workbook lists sheet "${lost.name}", but its content is not in the file (a link inside the workbook is broken, as happens when another program rewrote it). Open it in Excel or WPS, save it as "Excel Workbook (*.xlsx)" and import again.`,
    );
  }
  const visible = wb.sheets.filter((s) => !s.hidden && s.entry);
  // A hidden sheet is worth a warning only when it looks like data (a template's hidden choice lists are not).
  const hidden = wb.sheets.filter(
    (s) => s.hidden && s.entry && (!opts.scoreSheet || opts.scoreSheet(firstRows(wb, s, 3)) > 0),
  );
  if (visible.length === 0) {
    throw unreadable(
      'no_visible_sheet',
      '工作簿里没有可见的工作表（全部被隐藏了）。请在 Excel 中取消隐藏数据所在的工作表后再导入。',
      'The workbook has no visible sheet (all are hidden). Unhide the sheet with the data in Excel and import again.',
    );
  }
  let chosen = visible[0]!;
  let candidates = visible.length;
  if (opts.scoreSheet && visible.length > 1) {
    let best = -1;
    candidates = 0;
    for (const s of visible) {
      const score = opts.scoreSheet(firstRows(wb, s, 3));
      if (score > 0) candidates++;
      if (score > best) {
        best = score;
        chosen = s;
      }
    }
  }
  if (hidden.length) {
    problems.push({
      code: 'hidden_sheet_ignored',
      severity: 'warning',
      reason: {
        zh: `隐藏的工作表未导入：${hidden.map((s) => `“${s.name}”`).join('、')}。如果数据在其中，请先取消隐藏。`,
        en: `Hidden sheets were not imported: ${hidden.map((s) => `"${s.name}"`).join(', ')}. If the data is there, unhide it first.`,
      },
    });
  }
  if (candidates > 1) {
    problems.push({
      code: 'sheet_chosen',
      severity: 'warning',
      sheet: chosen.name,
      reason: {
        zh: `工作簿有 ${visible.length} 个工作表，只导入了表头与问卷最相符的“${chosen.name}”。`,
        en: `The workbook has ${visible.length} sheets; only "${chosen.name}", whose header best matches the form, was imported.`,
      },
    });
  }
  return { format: 'xlsx', sheet: chosen.name, problems, batches: () => sheetRows(wb, chosen) };
}

function openCsv(bytes: Uint8Array): TableSource {
  const { text, encoding } = decodeText(bytes);
  if (text.includes('\uFFFD')) {
    throw unreadable(
      'bad_encoding',
      '文件里有无法识别的字符（编码不是 UTF-8 也不是 GB18030）。请在 Excel 或 WPS 中另存为“CSV UTF-8（逗号分隔）”后再导入。',
      'The file has characters that cannot be read (its encoding is neither UTF-8 nor GB18030). Save it as "CSV UTF-8 (comma delimited)" and import again.',
    );
  }
  return {
    format: 'csv',
    encoding,
    problems: [],
    *batches() {
      const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false, delimiter: guessDelimiter(text) });
      let batch: TableRow[] = [];
      for (let i = 0; i < parsed.data.length; i++) {
        const cells = parsed.data[i]!.map((t) => (t === '' ? undefined : { text: t, kind: 'text' as const }));
        batch.push({ row: i + 1, cells });
        if (batch.length >= BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
      return { merges: [] };
    },
  };
}

/** The separator of the header line: the most frequent of , ; tab outside quotes (Excel in some locales writes ;). */
function guessDelimiter(text: string): string {
  const end = text.indexOf('\n');
  const line = end < 0 ? text : text.slice(0, end);
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ',';
}
