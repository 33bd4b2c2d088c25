/**
 * The estimate sheets (概要, 分人群, 分地区): one row per domain of estimateLiteracy's result, numbers copied as
 * they are (no rounding: the cell format shows one decimal), a suppressed cell showing the mark instead.
 */
import type ExcelJS from 'exceljs';
import type { LiteracyEstimates } from '../../analysis/estimate-literacy.ts';
import { labelOf } from '../../form/model.ts';
import { groupsOf } from '../../scoring/groups.ts';
import { isSuppressed } from '../../survey/flags.ts';
import { SUPPRESSED_MARK } from '../../survey/output.ts';
import type { ReportData } from './data.ts';
import { addRow, type Column, dataBars, footnotes, HEADER_ROW, PERCENT, tabularSheet } from './layout.ts';
import { type ReportLang, sheetName, text } from './text.ts';

export const REVIEW_MARK = '†';

type Row = LiteracyEstimates['estimates'][number];

/** Column order of every estimate table; the tests read cells by these positions. */
export const ESTIMATE_COLUMNS = [
  'domain',
  'n',
  'estimate',
  'ciLow',
  'ciHigh',
  'se',
  'deff',
  'nEff',
  'target',
  'difference',
  'diffLow',
  'diffHigh',
  'comparison',
  'flags',
] as const;

function columns(first: string, lang: ReportLang): Column[] {
  const t = (k: Parameters<typeof text>[0]) => text(k, lang);
  return [
    { head: first, width: 22, wrap: true },
    { head: t('n'), width: 9, numFmt: '#,##0' },
    { head: t('estimate'), width: 14, numFmt: PERCENT },
    { head: t('ciLow'), width: 11, numFmt: PERCENT },
    { head: t('ciHigh'), width: 11, numFmt: PERCENT },
    { head: t('se'), width: 9, numFmt: PERCENT },
    { head: t('deff'), width: 9, numFmt: '0.00' },
    { head: t('nEff'), width: 10, numFmt: '#,##0' },
    { head: t('target'), width: 9, numFmt: PERCENT },
    { head: t('difference'), width: 11, numFmt: PERCENT },
    { head: t('diffLow'), width: 11, numFmt: PERCENT },
    { head: t('diffHigh'), width: 11, numFmt: PERCENT },
    { head: t('comparison'), width: 15 },
    { head: t('flags'), width: 24 },
  ];
}

const num = (x: number | undefined): number | string => (x === undefined || !Number.isFinite(x) ? '—' : x);

function flagWords(flags: readonly string[], lang: ReportLang): string {
  const words: string[] = [];
  if (isSuppressed(flags)) words.push(`${SUPPRESSED_MARK} ${lang === 'en' ? 'not published' : '不予发布'}`);
  if (flags.includes('review_df')) words.push(`${REVIEW_MARK} df < 8`);
  if (flags.includes('zero_variance')) words.push(text('zeroNote', lang));
  return words.join(lang === 'en' ? '; ' : '；');
}

function values(label: string, e: Row, lang: ReportLang): ExcelJS.CellValue[] {
  const flags = flagWords(e.flags, lang);
  if (isSuppressed(e.flags)) {
    const m = SUPPRESSED_MARK;
    return [label, e.n, m, m, m, m, m, m, num(e.target?.target), m, m, m, m, flags];
  }
  const t = e.target;
  const comparison = !t
    ? '—'
    : t.above
      ? text('above', lang)
      : t.below
        ? text('below', lang)
        : Number.isFinite(t.ci[0])
          ? text('neither', lang)
          : '—';
  return [
    label,
    e.n,
    num(e.estimate),
    num(e.ci?.[0]),
    num(e.ci?.[1]),
    num(e.se),
    num(e.deff),
    num(e.n_eff),
    num(t?.target),
    num(t?.difference),
    num(t?.ci[0]),
    num(t?.ci[1]),
    comparison,
    flags,
  ];
}

function notesFor(rows: readonly Row[], lang: ReportLang): string[] {
  const out: string[] = [text('comparisonNote', lang)];
  if (rows.some((e) => isSuppressed(e.flags))) out.push(text('suppressedNote', lang));
  if (rows.some((e) => e.flags.includes('review_df'))) out.push(text('reviewNote', lang));
  return out;
}

function weightingLine(d: ReportData, lang: ReportLang): string {
  return d.weighting ? `${text('weightedBy', lang)}: ${d.weighting.name}` : text('unweighted', lang);
}

function estimateSheet(
  wb: ExcelJS.Workbook,
  name: string,
  title: string,
  first: string,
  rows: readonly { label: string; e: Row }[],
  d: ReportData,
  lang: ReportLang,
): ExcelJS.Worksheet {
  const cols = columns(first, lang);
  const ws = tabularSheet(wb, name, title, weightingLine(d, lang), cols);
  for (const r of rows) addRow(ws, cols, values(r.label, r.e, lang));
  dataBars(ws, 3, HEADER_ROW + 1, HEADER_ROW + rows.length);
  footnotes(
    ws,
    notesFor(
      rows.map((r) => r.e),
      lang,
    ),
    cols.length,
  );
  return ws;
}

/** 概要: the overall estimate, then what it rests on (weighting, design, scoring, target). */
export function summarySheet(wb: ExcelJS.Workbook, d: ReportData, lang: ReportLang) {
  const overall = d.groups.estimates[0] as Row;
  const title = `${text('title', lang)} — ${labelOf(d.form.title, lang, d.form.formId)}`;
  const ws = estimateSheet(
    wb,
    sheetName('summary', lang),
    title,
    lang === 'en' ? 'Population' : '总体',
    [{ label: text('overall', lang), e: overall }],
    d,
    lang,
  );
  const t = (k: Parameters<typeof text>[0]) => text(k, lang);
  const facts: [string, string | number][] = [
    [t('weighting'), d.weighting ? `${d.weighting.name} (${d.weighting.schemeId})` : t('unweighted')],
    [t('target'), d.target],
    [t('respondents'), d.groups.design.respondents],
    [t('strata'), d.groups.design.strata],
    [t('psus'), d.groups.design.psus],
    [t('df'), d.groups.design.df],
    [t('scoringScheme'), d.scoringScheme ? `${d.scoringScheme.name} (${d.scoringSchemeId})` : d.scoringSchemeId],
    [t('form'), `${d.form.formId} ${d.form.version}`],
    [t('created'), d.createdAt],
    [t('runIds'), `${d.groups.runId}, ${d.regions.runId}`],
    [t('software'), d.groups.software],
  ];
  ws.addRow([]);
  for (const [k, v] of facts) {
    const row = ws.addRow([k, v]);
    row.getCell(1).font = { bold: true };
    ws.mergeCells(row.number, 2, row.number, 8);
    const cell = row.getCell(2);
    cell.alignment = { horizontal: 'left', wrapText: true };
    if (k === t('target')) cell.numFmt = PERCENT;
    if (k === t('weighting') && !d.weighting) cell.font = { bold: true, color: { argb: 'FFB00020' } };
  }
}

export function groupSheet(wb: ExcelJS.Workbook, d: ReportData, lang: ReportLang) {
  const labels = new Map(groupsOf(d.form).map((g) => [g.name, labelOf(g.label, lang, g.name)]));
  const rows = d.groups.estimates.map((e, i) => ({
    label: i === 0 ? text('overall', lang) : (labels.get(e.domain.group ?? '') ?? e.domain.group ?? ''),
    e,
  }));
  estimateSheet(wb, sheetName('groups', lang), sheetName('groups', lang), text('group', lang), rows, d, lang);
}

export function regionSheet(wb: ExcelJS.Workbook, d: ReportData, lang: ReportLang) {
  const rows = d.regions.estimates.map((e, i) => ({
    label: i === 0 ? text('overall', lang) : (e.domain.region_code ?? ''),
    e,
  }));
  estimateSheet(wb, sheetName('regions', lang), sheetName('regions', lang), text('region', lang), rows, d, lang);
}
