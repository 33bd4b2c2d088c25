import type { TableRow } from '../../interchange/xlsx/workbook.ts';
import { columnLetter } from './issues.ts';

/** One header cell of a sheet. */
export interface Column {
  index: number;
  letter: string;
  /** The header as written, trimmed, runs of spaces made one (as pyxform). */
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

/**
 * A cell as pyxform sees it: booleans TRUE/FALSE, whole numbers without a decimal point, text trimmed with no-break
 * spaces made plain. Date cells stay Excel serial numbers (an XLSForm should type dates as text).
 */
export function cellText(cell: { text: string; kind: string } | undefined): string {
  if (!cell) return '';
  switch (cell.kind) {
    case 'bool':
      return cell.text === '1' ? 'TRUE' : 'FALSE';
    case 'number': {
      const n = Number(cell.text);
      return Number.isFinite(n) ? String(n) : cell.text.trim();
    }
    case 'error':
      return '';
    default:
      return cell.text.replace(/\u00a0/g, ' ').trim();
  }
}

/** A sheet of the reader's rows as a header row (row 1) and its non-blank data rows; 1-based column indices. */
export function tableOf(sheet: string, rows: Iterable<TableRow>): Table {
  const columns: Column[] = [];
  const out: SheetRow[] = [];
  for (const r of rows) {
    if (r.row === 1) {
      r.cells.forEach((c, i) => {
        const header = cellText(c).replace(/\s+/g, ' ');
        if (header !== '') columns.push({ index: i + 1, letter: columnLetter(i + 1), header });
      });
      continue;
    }
    const cells = new Map<number, string>();
    r.cells.forEach((c, i) => {
      const text = cellText(c);
      if (text !== '') cells.set(i + 1, text);
    });
    if (cells.size > 0) out.push({ row: r.row, cells });
  }
  return { sheet, columns, rows: out };
}
