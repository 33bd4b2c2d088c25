/**
 * 加权方案 as a person reads it: the steps in words, each margin's population target beside what the final
 * weights achieve, and the weights' distribution; warnings of the check (totals apart, targets of another
 * population) in words under the tables. No keys, no JSON.
 */
import type ExcelJS from 'exceljs';
import type { ReportData } from './data.ts';
import { footnotes, tableTitle } from './layout.ts';
import { categoryName, variableName } from './names.ts';
import { type ReportLang, sheetName, text } from './text.ts';
import { localTime } from './time.ts';
import { stepsInWords } from './word/narrative.ts';

const COUNT = '#,##0';

export function weightingSheet(wb: ExcelJS.Workbook, d: ReportData, lang: ReportLang) {
  const en = lang === 'en';
  const t = (k: Parameters<typeof text>[0]) => text(k, lang);
  const ws = wb.addWorksheet(sheetName('weighting', lang), {
    pageSetup: {
      paperSize: 9 as ExcelJS.PaperSize,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: `&L${sheetName('weighting', lang)}&R&P / &N` },
  });
  [30, 22, 16, 16, 12, 12].forEach((width, i) => {
    ws.getColumn(i + 1).width = width;
  });
  const w = d.weighting;
  ws.getCell(1, 1).value = sheetName('weighting', lang);
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  if (!w) {
    const r = ws.addRow([t('noScheme')]);
    r.getCell(1).font = { bold: true, color: { argb: 'FFB00020' } };
    return;
  }
  ws.getCell(2, 1).value =
    `${w.name}　${t('runAt')}：${w.runAt ? localTime(w.runAt, lang) : '—'}　${t('weightsStored')}：${w.weights}`;
  ws.getCell(2, 1).font = { italic: true, color: { argb: 'FF555555' } };

  // Table 6-1: the steps in words.
  ws.addRow([]);
  tableTitle(ws, en ? 'Table 6-1. Weighting steps' : '表 6-1　加权步骤', 6);
  header(ws, en ? ['Step', 'What it does'] : ['步骤', '做法']);
  stepsInWords(w.definition, lang, (v) => variableName(d.form, v, lang)).forEach((s, k) => {
    const row = ws.addRow([en ? `Step ${k + 1}` : `第 ${k + 1} 步`, s]);
    ws.mergeCells(row.number, 2, row.number, 6);
    row.getCell(1).alignment = { vertical: 'top' };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    row.height = Math.max(16, Math.ceil(s.length / (en ? 80 : 40)) * 16);
  });

  // Table 6-2: target against achieved, margin by margin.
  if (d.check) {
    ws.addRow([]);
    tableTitle(ws, en ? 'Table 6-2. Population targets and weighted counts' : '表 6-2　总体目标与加权结果对比', 6);
    header(
      ws,
      en
        ? ['Margin', 'Category', 'Target', 'Weighted', 'Difference', 'Interviews']
        : ['边际（变量）', '类别', '目标人口', '加权后人数', '相差', '样本量'],
    );
    for (const m of d.check.margins) {
      const name = m.variables.map((v) => variableName(d.form, v, lang)).join(' × ');
      m.rows.forEach((r, i) => {
        const row = ws.addRow([
          i === 0 ? name : '',
          r.categories.map((c, k) => categoryName(d.form, m.variables[k]!, c, lang)).join(' × '),
          r.target,
          r.achieved,
          r.target > 0 ? r.achieved / r.target - 1 : '—',
          r.respondents,
        ]);
        row.getCell(3).numFmt = COUNT;
        row.getCell(4).numFmt = COUNT;
        row.getCell(5).numFmt = '0.00%';
      });
      const total = ws.addRow([
        en ? 'Total' : '合计',
        '',
        m.targetTotal,
        m.achievedTotal,
        m.targetTotal > 0 ? m.achievedTotal / m.targetTotal - 1 : '—',
        m.rows.reduce((s, r) => s + r.respondents, 0),
      ]);
      total.font = { bold: true };
      total.getCell(3).numFmt = COUNT;
      total.getCell(4).numFmt = COUNT;
      total.getCell(5).numFmt = '0.00%';
      total.border = { bottom: { style: 'thin' } };
    }
    footnotes(
      ws,
      d.check.warnings.map((x) => `⚠ ${en ? x.message.en : x.message.zh}`),
      6,
    );
  }

  // Table 6-3: how the final weights are spread.
  if (d.distribution) {
    const x = d.distribution;
    ws.addRow([]);
    tableTitle(ws, en ? 'Table 6-3. Distribution of the final weights' : '表 6-3　最终权重的分布', 6);
    header(ws, en ? ['Statistic', 'Value'] : ['统计量', '数值']);
    const rows: [string, number, string][] = [
      [en ? 'Interviews' : '问卷数', x.n, '#,##0'],
      [en ? 'Sum of weights (estimated population)' : '权重之和（推及总体规模）', x.sumW, COUNT],
      [en ? 'Mean weight' : '平均权重', x.mean, '#,##0.00'],
      [en ? 'Minimum' : '最小值', x.min, '#,##0.00'],
      [en ? 'Lower quartile' : '下四分位数', x.q1, '#,##0.00'],
      [en ? 'Median' : '中位数', x.median, '#,##0.00'],
      [en ? 'Upper quartile' : '上四分位数', x.q3, '#,##0.00'],
      [en ? 'Maximum' : '最大值', x.max, '#,##0.00'],
      [en ? 'Coefficient of variation' : '变异系数', x.cv, '0.000'],
      [en ? 'Effective sample size (Kish)' : 'Kish 有效样本量', x.nKish, '#,##0.0'],
      [en ? 'Design effect of weighting (1 + CV²)' : '加权设计效应（1 + CV²）', x.deffKish, '0.00'],
    ];
    for (const [k, v, fmt] of rows) {
      const row = ws.addRow([k, v]);
      row.getCell(2).numFmt = fmt;
    }
    footnotes(ws, [en ? 'Source: this survey, computed by scilit.' : '资料来源：本次调查，scilit 计算。'], 6);
  }
  if (d.otherSchemes.length > 0) {
    ws.addRow([]);
    ws.addRow([`${t('otherSchemes')}：${d.otherSchemes.map((s) => s.name).join('、')}`]);
  }
  ws.pageSetup.printArea = `A1:F${ws.rowCount}`;
}

function header(ws: ExcelJS.Worksheet, heads: string[]) {
  const row = ws.addRow(heads);
  row.eachCell((c) => {
    c.font = { bold: true };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE6F0' } };
    c.border = { top: { style: 'thin' }, bottom: { style: 'thin' } };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
}
