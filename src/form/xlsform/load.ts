import { FileUnreadableError } from '../../interchange/problem.ts';
import { isOle2, readXls } from '../../interchange/xls/workbook.ts';
import { openWorkbook, sheetRows, type TableRow } from '../../interchange/xlsx/workbook.ts';
import { isZip } from '../../interchange/xlsx/zip.ts';
import { type Table, tableOf } from './sheet.ts';

export interface LoadedSheet {
  /** The name as written in the workbook. */
  name: string;
  table: Table;
}

export type Loaded = { sheets: LoadedSheet[] } | { error: { en: string; zh?: string } };

/**
 * The sheets of an XLSForm workbook, .xlsx or old .xls, read by the same readers as office data (streamed, so a
 * large form is read quickly). A file that is neither, or is encrypted or damaged, is one message.
 */
export async function loadWorkbook(bytes: Uint8Array): Promise<Loaded> {
  try {
    if (isOle2(bytes)) {
      const wb = await readXls(bytes);
      return { sheets: wb.sheets.map((s) => ({ name: s.name, table: tableOf(s.name, s.rows) })) };
    }
    if (!isZip(bytes)) {
      return {
        error: {
          en: 'not an Excel workbook (.xlsx or .xls): open it in Excel or WPS and save it as "Excel Workbook (*.xlsx)"',
          zh: '不是 Excel 工作簿（.xlsx 或 .xls）：请在 Excel 或 WPS 中打开，另存为“Excel 工作簿 (*.xlsx)”',
        },
      };
    }
    const wb = openWorkbook(bytes);
    return {
      sheets: wb.sheets.map((s) => {
        const rows: TableRow[] = [];
        for (const batch of sheetRows(wb, s)) for (const r of batch) rows.push(r);
        return { name: s.name, table: tableOf(s.name, rows) };
      }),
    };
  } catch (e) {
    if (e instanceof FileUnreadableError) return { error: { en: e.reason.en ?? e.message, zh: e.reason.zh } };
    throw e;
  }
}
