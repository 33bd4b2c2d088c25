/**
 * The data export: one row per final interview, `instanceID` first, ODK-style columns (select_multiple split
 * into `q/choice` 0/1 columns), then total score, level and final weight (1 when no weighting has been run).
 * CSV is UTF-8 with a BOM and CRLF so that Chinese Excel and WPS open it correctly.
 */
import ExcelJS from 'exceljs';
import { allFields, type Form, labelOf } from '../../form/model.ts';
import type { SqlDriver } from '../../store/driver.ts';
import { exportInterviews, exportSources } from '../../store/export-data.ts';
import { csvBytes } from '../../util/csv.ts';

export interface ExportDataOptions {
  format: 'csv' | 'xlsx';
  /** Choice labels (in `lang`) instead of choice names. */
  labels?: boolean;
  lang?: string;
}

const SKIP = new Set(['note']);

export function exportTable(db: SqlDriver, form: Form, opts: Omit<ExportDataOptions, 'format'> = {}) {
  const lang = opts.lang ?? 'zh';
  const src = exportSources(db);
  const header: string[] = ['instanceID'];
  const cols: ((a: Record<string, string>) => string | number)[] = [];
  for (const f of allFields(form)) {
    if (SKIP.has(f.type)) continue;
    const choices = f.listName ? (form.choices[f.listName] ?? []) : [];
    const label = (name: string) => labelOf(choices.find((c) => c.name === name)?.label, lang, name);
    if (f.type === 'select_multiple') {
      for (const c of choices) {
        header.push(`${f.name}/${c.name}`);
        cols.push((a) => (a[f.name] === undefined ? '' : a[f.name]!.split(' ').includes(c.name) ? 1 : 0));
      }
    } else {
      header.push(f.name);
      const numeric = f.type === 'integer' || f.type === 'decimal';
      cols.push((a) => {
        const v = a[f.name];
        if (v === undefined) return '';
        if (numeric && v !== '' && Number.isFinite(Number(v))) return Number(v);
        return opts.labels && f.type === 'select_one' ? label(v) : v;
      });
    }
  }
  header.push('total_score', 'level', 'final_weight');
  const rows: (string | number)[][] = [];
  for (const iv of exportInterviews(db, form.formId, src)) {
    rows.push([iv.interview_id, ...cols.map((c) => c(iv.answers)), iv.total ?? '', iv.level ?? '', iv.weight ?? 1]);
  }
  return { header, rows, weighted: src.weightingSchemeId !== null };
}

export async function exportData(db: SqlDriver, form: Form, opts: ExportDataOptions): Promise<Uint8Array> {
  const { header, rows } = exportTable(db, form, opts);
  if (opts.format === 'csv') {
    return csvBytes([header, ...rows]);
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('data', { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  header.forEach((h, i) => {
    ws.getColumn(i + 1).width = Math.max(10, Math.min(40, h.length + 2));
  });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
