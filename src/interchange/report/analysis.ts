/** 分维度 and 题目分析: dimension means and item statistics from the stored answers (analyseStoredItems). */
import type ExcelJS from 'exceljs';
import { allFields, type Form, labelOf } from '../../form/model.ts';
import type { ReportData } from './data.ts';
import { addRow, type Column, PERCENT, printArea, tabularSheet } from './layout.ts';
import { DIMENSION_LABELS, type ReportLang, sheetName, text } from './text.ts';

/** A dimension's label: the form's group of that name, else the built-in name. */
export function dimensionLabel(form: Form, dimension: string, lang: ReportLang): string {
  const walk = (nodes: Form['survey']): string | undefined => {
    for (const n of nodes) {
      if (n.kind !== 'group') continue;
      if (n.name === dimension) return labelOf(n.label, lang, dimension);
      const inner = walk(n.children);
      if (inner) return inner;
    }
    return undefined;
  };
  const builtIn = DIMENSION_LABELS[dimension];
  return builtIn ? builtIn[lang === 'en' ? 1 : 0] : (walk(form.survey) ?? dimension);
}

function weightingLabel(d: ReportData, lang: ReportLang): string {
  const w = d.items.weighting === 'weighted' ? text('weightedLabel', lang) : text('unweightedLabel', lang);
  return `${w}${d.weighting ? ` — ${d.weighting.name}` : ''}; ${text('respondents', lang)} ${d.items.respondents}`;
}

const num = (x: number | null | undefined): number | string =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : x;

export function dimensionSheet(wb: ExcelJS.Workbook, d: ReportData, lang: ReportLang) {
  const t = (k: Parameters<typeof text>[0]) => text(k, lang);
  const cols: Column[] = [
    { head: t('dimension'), width: 26, wrap: true },
    { head: t('items'), width: 8, numFmt: '0' },
    { head: t('maxPoints'), width: 9, numFmt: '0.#' },
    { head: t('meanPoints'), width: 12, numFmt: '0.00' },
    { head: t('scoreRate'), width: 12, numFmt: PERCENT },
    { head: t('alpha'), width: 12, numFmt: '0.000' },
  ];
  const ws = tabularSheet(
    wb,
    sheetName('dimensions', lang),
    sheetName('dimensions', lang),
    weightingLabel(d, lang),
    cols,
  );
  for (const dim of d.items.dimensions) {
    addRow(ws, cols, [
      dimensionLabel(d.form, dim.dimension, lang),
      dim.items,
      dim.maxPoints,
      num(dim.meanPoints),
      dim.maxPoints > 0 ? num(dim.meanPoints / dim.maxPoints) : '—',
      num(dim.alpha),
    ]);
  }
  const maxAll = d.items.dimensions.reduce((s, x) => s + x.maxPoints, 0);
  const meanAll = d.items.dimensions.reduce((s, x) => s + x.meanPoints, 0);
  const total = addRow(ws, cols, [
    t('allItems'),
    d.items.items.length,
    maxAll,
    num(meanAll),
    maxAll > 0 ? num(meanAll / maxAll) : '—',
    num(d.items.alphaAll),
  ]);
  total.font = { bold: true };
  printArea(ws, cols.length);
}

export function itemSheet(wb: ExcelJS.Workbook, d: ReportData, lang: ReportLang) {
  const t = (k: Parameters<typeof text>[0]) => text(k, lang);
  const cols: Column[] = [
    { head: t('item'), width: 18 },
    { head: t('question'), width: 56, wrap: true },
    { head: t('dimension'), width: 20, wrap: true },
    { head: t('points'), width: 7, numFmt: '0.#' },
    { head: t('correct'), width: 10, numFmt: PERCENT },
    { head: t('wrong'), width: 10, numFmt: PERCENT },
    { head: t('dontKnow'), width: 10, numFmt: PERCENT },
    { head: t('unanswered'), width: 10, numFmt: PERCENT },
    { head: t('itemRest'), width: 12, numFmt: '0.000' },
  ];
  const ws = tabularSheet(wb, sheetName('items', lang), sheetName('items', lang), weightingLabel(d, lang), cols);
  const labels = new Map(allFields(d.form).map((f) => [f.name, labelOf(f.label, lang, f.name)]));
  for (const it of d.items.items) {
    addRow(ws, cols, [
      it.field,
      labels.get(it.field) ?? it.field,
      dimensionLabel(d.form, it.dimension, lang),
      it.points,
      num(it.shareCorrect),
      num(it.shareWrong),
      num(it.shareDontKnow),
      num(it.shareUnanswered),
      num(it.itemRest),
    ]);
  }
  printArea(ws, cols.length);
}
