/** Sheet layout shared by every report sheet: title rows, a bold frozen header, widths, print setup, data bars. */
import type ExcelJS from 'exceljs';

/** Row of the column header on every tabular sheet (a title and a subtitle above it). */
export const HEADER_ROW = 3;

export const PERCENT = '0.0%';

export interface Column {
  head: string;
  width: number;
  numFmt?: string;
  /** Wrap long text (labels, notes). */
  wrap?: boolean;
}

/** A sheet with a title, a subtitle, a frozen header row repeated on every printed page, A4 landscape. */
export function tabularSheet(
  wb: ExcelJS.Workbook,
  name: string,
  title: string,
  subtitle: string,
  columns: readonly Column[],
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 1, ySplit: HEADER_ROW }],
    pageSetup: {
      paperSize: 9 as ExcelJS.PaperSize, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: `&L${title}&R&P / &N` },
  });
  ws.pageSetup.printTitlesRow = `${HEADER_ROW}:${HEADER_ROW}`;
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(2, 1).value = subtitle;
  ws.getCell(2, 1).font = { italic: true, color: { argb: 'FF555555' } };
  const head = ws.getRow(HEADER_ROW);
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width;
    const cell = head.getCell(i + 1);
    cell.value = c.head;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE6F0' } };
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    cell.border = { bottom: { style: 'thin' } };
  });
  head.height = 32;
  return ws;
}

/** Width in Excel character units: CJK characters take two. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return w;
}

/** Writes one data row: numbers get the column's format, text wraps where the column says so. */
export function addRow(ws: ExcelJS.Worksheet, columns: readonly Column[], values: readonly ExcelJS.CellValue[]) {
  const row = ws.addRow([...values]);
  let lines = 1;
  columns.forEach((c, i) => {
    const v = values[i];
    // LibreOffice and WPS set CJK text wider than Excel's character unit: count 85 % of the column as usable.
    if (c.wrap && typeof v === 'string') {
      lines = Math.max(lines, Math.ceil(textWidth(v) / Math.max(1, (c.width - 1) * 0.85)));
    }
  });
  // LibreOffice keeps the default height for wrapped text written by exceljs: give the row the lines it needs.
  if (lines > 1) row.height = 14 * lines + 2;
  columns.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    // A fresh style per cell (setting one property at a time can leave cells sharing a style object).
    const numFmt = typeof cell.value === 'number' && c.numFmt ? c.numFmt : undefined;
    const alignment: Partial<ExcelJS.Alignment> = c.wrap
      ? { wrapText: true, vertical: 'top', horizontal: 'left' }
      : {
          vertical: 'top',
          // A mark (‡, —) in a number column stands where the number would: right-aligned.
          ...(typeof cell.value === 'string' && i > 0
            ? { horizontal: c.numFmt ? ('right' as const) : ('center' as const) }
            : {}),
        };
    cell.style = { ...(numFmt ? { numFmt } : {}), alignment };
  });
  return row;
}

/** A table's number and title in bold on its own row ("表 2　分重点人群的具备科学素质比例"). */
export function tableTitle(ws: ExcelJS.Worksheet, title: string, span: number) {
  const row = ws.addRow([title]);
  ws.mergeCells(row.number, 1, row.number, span);
  row.getCell(1).font = { bold: true, size: 11 };
  return row;
}

/** The printed area: every used cell of the first `columns` columns. */
export function printArea(ws: ExcelJS.Worksheet, columns: number) {
  ws.pageSetup.printArea = `A1:${ws.getColumn(columns).letter}${ws.rowCount}`;
}

/** Footnote lines under a table, in italics, wrapped across the sheet. */
export function footnotes(ws: ExcelJS.Worksheet, lines: readonly string[], span: number) {
  if (lines.length === 0) return;
  ws.addRow([]);
  for (const line of lines) {
    const row = ws.addRow([line]);
    ws.mergeCells(row.number, 1, row.number, span);
    const cell = row.getCell(1);
    cell.font = { italic: true, size: 9 };
    cell.alignment = { wrapText: true, vertical: 'top' };
    row.height = Math.max(15, Math.ceil(line.length / (span * 10)) * 15);
  }
}
