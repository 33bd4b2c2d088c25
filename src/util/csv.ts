/**
 * The one CSV writer of scilit: every CSV the product writes goes through it, so that a cell is quoted the same
 * way everywhere and no cell can become a formula when the file is opened in Excel or WPS.
 *
 * Formula injection (OWASP, "CSV Injection"): a text cell beginning with = + - @, a tab or a carriage return is
 * taken by spreadsheet programs as a formula (`=HYPERLINK(...)`, `+cmd|' /C calc'!A0`). Such text is written with
 * a leading apostrophe, which the spreadsheet shows as text and hides. Numbers are written as numbers: -2 stays a
 * number; only text is ever changed, and a reader of the raw file sees the apostrophe (said in the docs).
 */

/** A cell: text is neutralised and quoted as needed; a number (finite) is written as it is; null is empty. */
export type CsvValue = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(',');
}

/** The whole file as UTF-8 with a byte-order mark (Excel needs it to read Chinese), CRLF line ends. */
export function csvBytes(rows: readonly (readonly CsvValue[])[]): Uint8Array {
  const body = new TextEncoder().encode(`${rows.map(csvLine).join('\r\n')}\r\n`);
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(body, 3);
  return out;
}
