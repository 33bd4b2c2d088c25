/**
 * The data set as a table: CSV (UTF-8 with BOM and CRLF, so that Chinese Excel and WPS open it) and .xlsx with
 * the variable list beside the data. Values are the codes of the .sav and .dta (user-missing codes included, as
 * the variable list says); `labels: true` writes value labels instead, for reading by eye.
 */
import ExcelJS from 'exceljs';
import { type CsvValue, csvBytes } from '../../util/csv.ts';
import { type Dataset, MISSING_ROLES, type NumericVariable, type Variable } from './dataset.ts';
import { type ExportLang, word } from './words.ts';

export interface TableOptions {
  labels?: boolean;
  lang?: ExportLang;
}

function cellOf(v: Variable, i: number, labels: boolean): string | number {
  if (v.kind === 'string') return v.values[i] ?? '';
  const x = v.values[i] as number;
  if (Number.isNaN(x)) return '';
  if (labels && v.valueLabels) return v.valueLabels.find((l) => l.value === x)?.label ?? x;
  return x;
}

/** Through the one CSV writer (src/util/csv.ts): UTF-8 with a BOM, CRLF, and no text cell that starts a formula. */
export function writeCsv(d: Dataset, opts: TableOptions = {}): Uint8Array {
  const rows: CsvValue[][] = [d.variables.map((v) => v.name)];
  for (let i = 0; i < d.rows; i++) rows.push(d.variables.map((v) => cellOf(v, i, opts.labels ?? false)));
  return csvBytes(rows);
}

/** "1 = 男; 2 = 女" and the user-missing codes, as one line per variable. */
export function valueLabelText(v: NumericVariable): string {
  return (v.valueLabels ?? []).map((l) => `${l.value} = ${l.label}`).join('; ');
}

export function missingText(v: Variable): string {
  if (v.kind !== 'numeric' || !v.missing) return '';
  return MISSING_ROLES.filter((r) => v.missing?.[r] !== undefined)
    .map((r) => String(v.missing?.[r]))
    .join(', ');
}

export async function writeXlsx(d: Dataset, notes: readonly string[], opts: TableOptions = {}): Promise<Uint8Array> {
  const lang = opts.lang ?? 'zh';
  const en = lang === 'en';
  const wb = new ExcelJS.Workbook();
  wb.creator = 'scilit';
  const data = wb.addWorksheet(en ? 'data' : '数据', { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  data.addRow(d.variables.map((v) => v.name)).font = { bold: true };
  for (let i = 0; i < d.rows; i++) data.addRow(d.variables.map((v) => cellOf(v, i, opts.labels ?? false)));
  d.variables.forEach((v, i) => {
    data.getColumn(i + 1).width = Math.max(10, Math.min(30, v.name.length + 2));
  });

  const list = wb.addWorksheet(en ? 'variables' : '变量说明', { views: [{ state: 'frozen', ySplit: 1 }] });
  list.columns = [
    { header: en ? 'Variable' : '变量名', width: 22 },
    { header: en ? 'Label' : '变量标签', width: 50 },
    { header: en ? 'Type' : '类型', width: 10 },
    { header: en ? 'Value labels' : '值标签', width: 60 },
    { header: en ? 'User-missing codes' : '用户缺失值', width: 16 },
  ];
  list.getRow(1).font = { bold: true };
  for (const v of d.variables) {
    const row = list.addRow([
      v.name,
      v.label,
      v.kind === 'string' ? (en ? 'text' : '文本') : en ? 'number' : '数值',
      v.kind === 'numeric' ? valueLabelText(v) : '',
      missingText(v),
    ]);
    row.alignment = { wrapText: true, vertical: 'top' };
  }
  const about = wb.addWorksheet(en ? 'about' : '说明');
  about.getColumn(1).width = 120;
  for (const line of notes) about.addRow([line]).alignment = { wrapText: true };
  about.addRow([`${word('finalWeight', lang)}: w_final; ${word('designWeight', lang)}: w_design`]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
