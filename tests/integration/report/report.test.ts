import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { estimateLiteracy, type LiteracyEstimates } from '../../../src/analysis/estimate-literacy.ts';
import { dispatch } from '../../../src/api/dispatch.ts';
import { base64ToBytes } from '../../../src/interchange/base64.ts';
import { ensureBundledForm } from '../../../src/node/bundled-form.ts';
import type { SqlDriver } from '../../../src/store/driver.ts';
import { scoredSchemes } from '../../../src/store/estimate-runs.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';

/**
 * A district office's story: a small survey (the demo city, about 300 respondents: with 60 even the overall
 * ratio is too uncertain to publish), scored, then the Excel report —
 * read back cell by cell and compared with the estimation engine run on the same database.
 */
const ZH_SHEETS = ['概要', '分人群', '分地区', '分维度', '题目分析', '加权方案', '方法说明', '数据字典'];
const EN_SHEETS = [
  'Summary',
  'By key population',
  'By region',
  'Dimension scores',
  'Item analysis',
  'Weighting scheme',
  'Method',
  'Data dictionary',
];
const HEADER_ROW = 3;
const MARK = '‡';
const TARGET = 0.15;

let dir = '';
let file = '';

async function call(db: SqlDriver, name: string, args: unknown) {
  const r = await dispatch({ db }, name as never, args);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.result as never;
}

async function readReport(db: SqlDriver, args: Record<string, unknown>): Promise<ExcelJS.Workbook> {
  const r = (await call(db, 'report/export', args)) as { fileName: string; dataBase64: string };
  expect(r.fileName).toMatch(/\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(base64ToBytes(r.dataBase64).buffer as ArrayBuffer);
  return wb;
}

/** Data rows of an estimate sheet: from under the header to the first empty first cell. */
function tableRows(ws: ExcelJS.Worksheet): ExcelJS.CellValue[][] {
  const rows: ExcelJS.CellValue[][] = [];
  for (let r = HEADER_ROW + 1; ; r++) {
    const row = ws.getRow(r);
    if (row.getCell(1).value === null || row.getCell(1).value === undefined) break;
    rows.push(Array.from({ length: 14 }, (_, c) => row.getCell(c + 1).value));
  }
  return rows;
}

/** A row says what the engine says: n, estimate and CI ends, or the mark (and no number) when suppressed. */
function expectSame(row: ExcelJS.CellValue[], e: LiteracyEstimates['estimates'][number]) {
  expect(row[1]).toBe(e.n);
  const suppressed = e.flags.some((f) => f.startsWith('suppress') || f === 'no_interval');
  if (suppressed) {
    for (const c of [2, 3, 4, 5, 9, 10, 11]) expect(row[c]).toBe(MARK);
    return;
  }
  expect(row[2]).toBe(e.estimate);
  expect(row[3]).toBe(e.ci[0]);
  expect(row[4]).toBe(e.ci[1]);
  expect(row[5]).toBe(e.se);
  expect(row[8]).toBe(TARGET);
  // Difference from the plan target, by hand: p̂ − T and the CI ends shifted by T.
  expect(row[9]).toBeCloseTo(e.estimate - TARGET, 12);
  expect(row[10]).toBeCloseTo(e.ci[0] - TARGET, 12);
  expect(row[11]).toBeCloseTo(e.ci[1] - TARGET, 12);
}

function sheetText(ws: ExcelJS.Worksheet): string {
  const parts: string[] = [];
  ws.eachRow((row) => row.eachCell((c) => parts.push(String(c.value))));
  return parts.join('\n');
}

beforeAll(async () => {
  dir = tempDir('scilit-report-');
  file = join(dir, 'survey.sqlite');
  const db = openDatabase(file, { create: true });
  try {
    await ensureBundledForm(db);
    await call(db, 'demo/load', { respondents: 300, population: 60_000, seed: 11 });
  } finally {
    db.close();
  }
}, 60_000);

describe('the Excel report of a survey without a weighting scheme', () => {
  it('shows every estimate exactly as the engine gives it, suppressed cells marked, weight 1 said', async () => {
    const db = openDatabase(file);
    try {
      const wb = await readReport(db, { lonelyPsu: 'adjust' });
      expect(wb.worksheets.map((w) => w.name)).toEqual(ZH_SHEETS);

      const scoringSchemeId = scoredSchemes(db)[0]!.scheme_id;
      const request = { scoringSchemeId, lonelyPsu: 'adjust' as const, target: TARGET };
      const byGroup = estimateLiteracy(db, { ...request, by: 'group' });
      const byRegion = estimateLiteracy(db, { ...request, by: ['region_code'] });
      expect(byGroup.weighted).toBe(false);

      const summary = tableRows(wb.getWorksheet('概要')!);
      expect(summary).toHaveLength(1);
      expect(summary[0]![0]).toBe('全体');
      expectSame(summary[0]!, byGroup.estimates[0]!);
      expect(byGroup.estimates[0]!.n).toBe(byGroup.design.respondents);

      const groups = tableRows(wb.getWorksheet('分人群')!);
      expect(groups).toHaveLength(byGroup.estimates.length);
      for (const [i, row] of groups.entries()) expectSame(row, byGroup.estimates[i]!);
      const regions = tableRows(wb.getWorksheet('分地区')!);
      expect(regions).toHaveLength(byRegion.estimates.length);
      regions.forEach((row, i) => {
        if (i > 0) expect(row[0]).toBe(byRegion.estimates[i]!.domain.region_code);
        expectSame(row, byRegion.estimates[i]!);
      });

      // With 300 respondents some key populations are too small to publish: the mark, explained below the table.
      expect(typeof summary[0]![2]).toBe('number');
      const suppressed = groups.filter((r) => r[2] === MARK);
      expect(suppressed.length).toBeGreaterThan(0);
      for (const r of suppressed) expect(r.slice(2, 12).some((c) => typeof c === 'number' && c !== TARGET)).toBe(false);
      expect(sheetText(wb.getWorksheet('分人群')!)).toContain('‡ 估计不可靠');

      // Weight 1, said on the summary and in the method.
      expect(sheetText(wb.getWorksheet('概要')!)).toContain('每份问卷权重均为 1');
      expect(sheetText(wb.getWorksheet('方法说明')!)).toContain('每份问卷权重均为 1');
      expect(sheetText(wb.getWorksheet('加权方案')!)).toContain('尚无加权方案');

      // Formats a reader sees: one-decimal percentages, frozen header, A4 landscape with the header repeated.
      const ws = wb.getWorksheet('分人群')!;
      const firstNumber = groups.findIndex((r) => typeof r[2] === 'number');
      expect(ws.getCell(HEADER_ROW + 1 + firstNumber, 3).numFmt).toBe('0.0%');
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: HEADER_ROW });
      expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, printTitlesRow: '3:3' });
    } finally {
      db.close();
    }
  }, 60_000);

  it('has dimension means, item shares and the data dictionary of the bundled form', async () => {
    const db = openDatabase(file);
    try {
      const wb = await readReport(db, { lonelyPsu: 'adjust' });
      const dims = wb.getWorksheet('分维度')!;
      // knowledge 40, method 20, thinking 20, application 20 = 100 (the bundled form's agreed points).
      const maxima = [4, 5, 6, 7].map((r) => dims.getRow(r).getCell(3).value);
      expect(maxima).toEqual([40, 20, 20, 20]);
      expect(dims.getRow(8).getCell(3).value).toBe(100);
      const items = wb.getWorksheet('题目分析')!;
      // Each item's shares (correct, wrong, don't know, unanswered) add up to 1.
      for (let r = HEADER_ROW + 1; r <= items.rowCount; r++) {
        const v = [5, 6, 7, 8].map((c) => items.getRow(r).getCell(c).value as number);
        expect(v[0]! + v[1]! + v[2]! + v[3]!).toBeCloseTo(1, 9);
      }
      const dict = sheetText(wb.getWorksheet('数据字典')!);
      expect(dict).toContain('sex');
      expect(dict).toContain('female = 女');
      expect(dict).toContain('university = 大学本科及以上');
    } finally {
      db.close();
    }
  }, 60_000);
});

describe('the report in English, and weighted', () => {
  it('names the sheets in English from the command line', async () => {
    const out = join(dir, 'report-en.xlsx');
    const r = await runCli('report', '--db', file, '--out', out, '--lang', 'en', '--lonely-psu', 'adjust');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(EN_SHEETS);
    expect(sheetText(wb.getWorksheet('Summary')!)).toContain('every interview has weight 1');
  }, 60_000);

  it('uses the weighting scheme that was run, and its numbers', async () => {
    const db = openDatabase(file);
    try {
      // Post-stratify to a made-up 48 % men, 52 % women of 100,000 adults.
      await call(db, 'weighting/run', {
        name: 'by sex',
        definition: {
          steps: [
            {
              step: 'poststratify',
              vars: ['sex'],
              cells: [
                { values: ['male'], N: 48_000 },
                { values: ['female'], N: 52_000 },
              ],
            },
          ],
        },
      });
      const wb = await readReport(db, { lonelyPsu: 'adjust' });
      const scoringSchemeId = scoredSchemes(db)[0]!.scheme_id;
      const schemeId = db.get<{ scheme_id: string }>(
        "SELECT scheme_id FROM weighting_schemes WHERE name = 'by sex'",
      )!.scheme_id;
      const byGroup = estimateLiteracy(db, {
        scoringSchemeId,
        weightingSchemeId: schemeId,
        lonelyPsu: 'adjust',
        target: TARGET,
        by: 'group',
      });
      expect(byGroup.weighted).toBe(true);
      const groups = tableRows(wb.getWorksheet('分人群')!);
      for (const [i, row] of groups.entries()) expectSame(row, byGroup.estimates[i]!);
      expect(sheetText(wb.getWorksheet('概要')!)).toContain('by sex');
      expect(sheetText(wb.getWorksheet('概要')!)).not.toContain('每份问卷权重均为 1');
      expect(sheetText(wb.getWorksheet('加权方案')!)).toContain('male: 48000');
    } finally {
      db.close();
    }
  }, 60_000);
});
