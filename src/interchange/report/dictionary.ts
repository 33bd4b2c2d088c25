/** 数据字典: every field of the form — name, type, label, choices, scoring. */
import type ExcelJS from 'exceljs';
import { allFields, labelOf } from '../../form/model.ts';
import { dimensionLabel } from './analysis.ts';
import type { ReportData } from './data.ts';
import { addRow, type Column, printArea, tabularSheet } from './layout.ts';
import { type ReportLang, sheetName, text } from './text.ts';

const TYPES: Record<string, [string, string]> = {
  select_one: ['单选', 'single choice'],
  select_multiple: ['多选', 'multiple choice'],
  integer: ['整数', 'integer'],
  decimal: ['小数', 'decimal'],
  text: ['文本', 'text'],
  calculate: ['计算', 'calculation'],
  date: ['日期', 'date'],
};

function typeName(type: string, list: string | undefined, lang: ReportLang): string {
  const name = TYPES[type]?.[lang === 'en' ? 1 : 0] ?? type;
  return list ? `${name}（${list}）` : name;
}

export function dictionarySheet(wb: ExcelJS.Workbook, d: ReportData, lang: ReportLang) {
  const t = (k: Parameters<typeof text>[0]) => text(k, lang);
  const cols: Column[] = [
    { head: t('field'), width: 20, wrap: true },
    { head: t('type'), width: 22, wrap: true },
    { head: t('label'), width: 46, wrap: true },
    { head: t('choices'), width: 52, wrap: true },
    { head: t('scoring'), width: 26, wrap: true },
  ];
  const subtitle = `${labelOf(d.form.title, lang, d.form.formId)} (${d.form.formId} ${d.form.version})`;
  const ws = tabularSheet(wb, sheetName('dictionary', lang), sheetName('dictionary', lang), subtitle, cols);
  for (const f of allFields(d.form)) {
    if (f.type === 'note') continue;
    const choices = f.listName ? (d.form.choices[f.listName] ?? []) : [];
    const s = f.scoring;
    const en = lang === 'en';
    const scoring = s
      ? [
          dimensionLabel(d.form, s.dimension, lang),
          en ? `${s.points} points` : `${s.points} 分`,
          s.key.length ? `${en ? 'key' : '正确答案'} ${s.key.join(' ')}` : '',
        ]
      : [];
    addRow(ws, cols, [
      f.name,
      typeName(f.type, f.listName, lang),
      labelOf(f.label, lang, f.name),
      choices.map((c) => `${c.name} = ${labelOf(c.label, lang, c.name)}`).join('; '),
      scoring.filter(Boolean).join(' · '),
    ]);
  }
  printArea(ws, cols.length);
}
