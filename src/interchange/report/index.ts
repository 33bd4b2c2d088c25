/**
 * The Excel report a science association hands to its leaders (issue 6):
 *
 *   exportReport(db, { lang?, weightingScheme?, target?, formId? }): Promise<{ fileName, bytes }>
 *
 * Sheets 概要 分人群 分地区 分维度 题目分析 加权方案 方法说明 数据字典 (English names with lang 'en'). Every estimate
 * cell holds estimateLiteracy's number unrounded (cells show one decimal); a suppressed one holds ‡.
 */
import ExcelJS from 'exceljs';
import type { SqlDriver } from '../../store/driver.ts';
import { dimensionSheet, itemSheet } from './analysis.ts';
import { gatherReport, type ReportData, type ReportOptions } from './data.ts';
import { dictionarySheet } from './dictionary.ts';
import { groupSheet, regionSheet, summarySheet } from './estimates.ts';
import { methodSheet } from './notes.ts';
import type { ReportLang } from './text.ts';
import { weightingSheet } from './weighting-sheet.ts';

export { DEFAULT_TARGET, gatherReport, type ReportData, type ReportOptions } from './data.ts';
export { ESTIMATE_COLUMNS, REVIEW_MARK } from './estimates.ts';
export { type ReportLang, SHEETS, sheetName } from './text.ts';

export async function reportWorkbook(d: ReportData, lang: ReportLang = 'zh'): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = d.groups.software;
  wb.created = new Date(d.createdAt);
  summarySheet(wb, d, lang);
  groupSheet(wb, d, lang);
  regionSheet(wb, d, lang);
  dimensionSheet(wb, d, lang);
  itemSheet(wb, d, lang);
  weightingSheet(wb, d, lang);
  methodSheet(wb, d, lang);
  dictionarySheet(wb, d, lang);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export async function exportReport(
  db: SqlDriver,
  opts: ReportOptions & { lang?: ReportLang } = {},
): Promise<{ fileName: string; bytes: Uint8Array; data: ReportData }> {
  const data = gatherReport(db, opts);
  const lang = opts.lang ?? 'zh';
  const bytes = await reportWorkbook(data, lang);
  const day = data.createdAt.slice(0, 10);
  const fileName = lang === 'en' ? `science-literacy-report-${day}.xlsx` : `科学素质调查报告-${day}.xlsx`;
  return { fileName, bytes, data };
}
