/**
 * Old Excel 97-2003 workbooks (.xls, BIFF8 inside an OLE2 container), read through SheetJS CE (the npm package
 * `@e965/xlsx`, an automated republish of SheetJS 0.20.3, Apache-2.0; npm's own `xlsx` is stuck at 0.18.5 with
 * unfixed advisories). The result has the shape of the .xlsx reader's: sheets with their hidden state, rows as
 * `TableRow`s with text cells and their kind, merged ranges as `A1:C1`, so that forms and office data read
 * either format the same way. Date cells stay Excel serial numbers, as in the .xlsx reader: what a value means is
 * decided by the field it lands in.
 *
 * SheetJS is loaded on first use: it is about 1 MB of code that most commands never need.
 */
import { unreadable } from '../problem.ts';
import type { SheetTail, TableCell, TableRow } from '../xlsx/workbook.ts';

export interface XlsSheet {
  name: string;
  hidden: boolean;
  /** Rows with at least one cell, in order; 1-based row numbers as Excel shows them. */
  rows: TableRow[];
  /** Merged ranges, e.g. `A8:C8`. */
  merges: string[];
}

export interface XlsWorkbook {
  sheets: XlsSheet[];
}

/** The OLE2 (Compound File) signature that .xls files, and also password-protected .xlsx files, start with. */
export function isOle2(bytes: Uint8Array): boolean {
  const sig = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  return bytes.length >= 8 && sig.every((b, i) => bytes[i] === b);
}

// [MS-XLS] 2.5.97.2 BErr: the error a formula cell shows.
const ERRORS: Record<number, string> = {
  0: '#NULL!',
  7: '#DIV/0!',
  15: '#VALUE!',
  23: '#REF!',
  29: '#NAME?',
  36: '#NUM!',
  42: '#N/A',
  43: '#GETTING_DATA',
};

const encrypted = () =>
  unreadable(
    'encrypted_file',
    '这个 Excel 文件设置了打开密码（已加密），无法读取。请在 Excel 或 WPS 中打开它，在“文件 → 信息 → 保护工作簿”（WPS：“文件 → 文档加密”）中删除密码并保存，然后再导入。',
    'This Excel file is protected with a password (encrypted) and cannot be read. Open it in Excel or WPS, remove the password (File → Info → Protect Workbook) and save it, then import it again.',
  );

const notExcel = () =>
  unreadable(
    'not_excel',
    '这个文件是 Office 97-2003 格式，但不是 Excel 工作簿（可能是 Word 或其他文档）。请导入 .xls、.xlsx 或 .csv 表格文件。',
    'This file is in Office 97-2003 format but is not an Excel workbook (it may be a Word or other document). Import an .xls, .xlsx or .csv spreadsheet.',
  );

const damaged = () =>
  unreadable(
    'xls_unreadable',
    '这个旧版 Excel 文件（.xls）已损坏或不完整，无法读取。请在 Excel 或 WPS 中打开确认，另存为“Excel 工作簿 (*.xlsx)”后再导入。',
    'This old Excel file (.xls) is damaged or incomplete and cannot be read. Open it in Excel or WPS, save it as "Excel Workbook (*.xlsx)" and import it again.',
  );

type SheetJs = typeof import('@e965/xlsx');
let sheetJs: Promise<SheetJs> | undefined;

function loadSheetJs(): Promise<SheetJs> {
  sheetJs ??= Promise.all([import('@e965/xlsx'), import('@e965/xlsx/dist/cpexcel.full.mjs')]).then(
    ([xlsx, cptable]) => {
      // Excel 95 (BIFF5) files store text in the system code page (GBK on Chinese Windows).
      xlsx.set_cptable(cptable);
      return xlsx;
    },
  );
  return sheetJs;
}

/** Reads every sheet of an .xls workbook. Throws FileUnreadableError (in Chinese and English) when it cannot. */
export async function readXls(bytes: Uint8Array): Promise<XlsWorkbook> {
  const XLSX = await loadSheetJs();
  if (!isOle2(bytes)) throw damaged();
  // Look inside the container first: an encrypted .xlsx is an OLE2 file too, and a .doc is not a workbook.
  let streams: string[];
  try {
    streams = (XLSX.CFB.read(bytes, { type: 'array' }) as { FullPaths: string[] }).FullPaths.map((p) =>
      p.replace(/\/$/, '').replace(/^.*\//, ''),
    );
  } catch {
    throw damaged();
  }
  if (streams.includes('EncryptedPackage') || streams.includes('EncryptionInfo')) throw encrypted();
  if (!streams.some((s) => s === 'Workbook' || s === 'Book')) throw notExcel();

  let wb: import('@e965/xlsx').WorkBook;
  try {
    wb = XLSX.read(bytes, {
      type: 'array',
      dense: true,
      cellFormula: true,
      cellDates: false,
      cellHTML: false,
      cellText: false,
      cellStyles: false,
      bookVBA: false,
    });
  } catch (e) {
    if (/password|encrypt/i.test(String((e as Error)?.message ?? e))) throw encrypted();
    throw damaged();
  }
  const meta = wb.Workbook?.Sheets ?? [];
  return {
    sheets: wb.SheetNames.map((name, i) => {
      const ws = wb.Sheets[name] as { '!data'?: ({ t?: string; v?: unknown; f?: string } | undefined)[][] } & {
        '!merges'?: import('@e965/xlsx').Range[];
      };
      return {
        name,
        hidden: Boolean(meta[i]?.Hidden),
        rows: tableRows(ws['!data'] ?? []),
        merges: (ws['!merges'] ?? []).map((r) => XLSX.utils.encode_range(r)),
      };
    }),
  };
}

function tableRows(data: ({ t?: string; v?: unknown; f?: string } | undefined)[][]): TableRow[] {
  const rows: TableRow[] = [];
  data.forEach((row, r) => {
    if (!row) return;
    const cells: (TableCell | undefined)[] = [];
    let any = false;
    row.forEach((c, col) => {
      const cell = c ? tableCell(c) : undefined;
      if (!cell) return;
      cells[col] = cell;
      any = true;
    });
    if (any) rows.push({ row: r + 1, cells });
  });
  return rows;
}

function tableCell(c: { t?: string; v?: unknown; f?: string }): TableCell | undefined {
  let cell: TableCell;
  switch (c.t) {
    case 's':
      if (typeof c.v !== 'string' || (c.v === '' && !c.f)) return undefined;
      cell = { text: c.v, kind: 'text' };
      break;
    case 'n':
      if (typeof c.v !== 'number') return undefined;
      cell = { text: Number.isFinite(c.v) ? String(c.v) : '', kind: 'number' };
      break;
    case 'b':
      cell = { text: c.v ? '1' : '0', kind: 'bool' };
      break;
    case 'e':
      cell = { text: ERRORS[c.v as number] ?? '#VALUE!', kind: 'error' };
      break;
    case 'd':
      cell = { text: c.v instanceof Date ? c.v.toISOString() : String(c.v ?? ''), kind: 'date' };
      break;
    default:
      return undefined;
  }
  if (c.f) cell.formula = true;
  return cell;
}

/** A sheet's rows in batches, as the .xlsx reader's `sheetRows` gives them. */
export function* xlsSheetRows(sheet: XlsSheet, batch = 2000): Generator<TableRow[], SheetTail> {
  for (let i = 0; i < sheet.rows.length; i += batch) yield sheet.rows.slice(i, i + batch);
  return { merges: sheet.merges };
}
