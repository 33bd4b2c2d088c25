import type ExcelJS from 'exceljs';
import { columnLetter } from './issues.ts';

/** One header cell of a sheet. */
export interface Column {
  index: number;
  letter: string;
  /** The header as written, trimmed. */
  header: string;
}

/** A non-blank data row: cell text by column index. */
export interface SheetRow {
  row: number;
  cells: Map<number, string>;
}

export interface Table {
  sheet: string;
  columns: Column[];
  rows: SheetRow[];
}

/** A cell's value as text, the way a person reads it in Excel (rich text joined, formulas by their result). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  }
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) {
      return value.richText
        .map((r) => r.text)
        .join('')
        .trim();
    }
    if ('formula' in value || 'sharedFormula' in value) {
      return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
    }
    if ('text' in value) return cellText((value as { text: ExcelJS.CellValue }).text);
    if ('error' in value) return '';
  }
  return String(value).trim();
}

/** Reads a sheet as a header row (row 1) and its non-blank data rows. */
export function readTable(ws: ExcelJS.Worksheet): Table {
  const columns: Column[] = [];
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) {
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        const header = cellText(cell.value);
        if (header !== '') columns.push({ index: col, letter: columnLetter(col), header });
      });
      return;
    }
    const cells = new Map<number, string>();
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const text = cellText(cell.value);
      if (text !== '') cells.set(col, text);
    });
    if (cells.size > 0) rows.push({ row: rowNumber, cells });
  });
  return { sheet: ws.name, columns, rows };
}
