/** 数据字典: every field of the form — name, type, label, choices, scoring. */
import type ExcelJS from 'exceljs';
import { allFields, labelOf } from '../../form/model.ts';
import type { ReportData } from './data.ts';
import { addRow, type Column, tabularSheet } from './layout.ts';
import { type ReportLang, sheetName, text } from './text.ts';

export function dictionarySheet(wb: ExcelJS.Workbook, d: ReportData, lang: ReportLang) {
  const t = (k: Parameters<typeof text>[0]) => text(k, lang);
  const cols: Column[] = [
    { head: t('field'), width: 18 },
    { head: t('type'), width: 16 },
    { head: t('label'), width: 46, wrap: true },
    { head: t('choices'), width: 52, wrap: true },
    { head: t('scoring'), width: 22, wrap: true },
  ];
  const subtitle = `${labelOf(d.form.title, lang, d.form.formId)} (${d.form.formId} ${d.form.version})`;
  const ws = tabularSheet(wb, sheetName('dictionary', lang), sheetName('dictionary', lang), subtitle, cols);
  for (const f of allFields(d.form)) {
    if (f.type === 'note') continue;
    const choices = f.listName ? (d.form.choices[f.listName] ?? []) : [];
    const s = f.scoring;
    const scoring = s ? [s.dimension, `${s.points}`, s.key.length ? `key ${s.key.join(' ')}` : ''] : [];
    addRow(ws, cols, [
      f.name,
      f.listName ? `${f.type} ${f.listName}` : f.type,
      labelOf(f.label, lang, f.name),
      choices.map((c) => `${c.name} = ${labelOf(c.label, lang, c.name)}`).join('; '),
      scoring.filter(Boolean).join(' · '),
    ]);
  }
}
