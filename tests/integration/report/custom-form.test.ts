import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { dispatch } from '../../../src/api/dispatch.ts';
import type { SqlDriver } from '../../../src/store/driver.ts';
import { baseSheets } from '../../fixtures/forms/base-form.ts';
import { workbook } from '../../fixtures/forms/workbook.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';

async function call<T>(db: SqlDriver, name: string, args: unknown): Promise<T> {
  const r = await dispatch({ db }, name as never, args);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.result as T;
}

/**
 * An office's own questionnaire asks nothing about the district: the surveyor's laptop records it on the interview.
 * The report's regions come from there (issue 19, item 1: it used to fail with `breakdown "region" is not a field`).
 */
describe('scilit report on a form without a region field', () => {
  it('writes the 分地区 sheet from the interviews’ region codes, with the counts a hand tally gives', async () => {
    const dir = tempDir('scilit-report-custom-');
    const file = join(dir, 'survey.sqlite');
    const formFile = join(dir, 'form.xlsx');
    writeFileSync(formFile, await workbook(baseSheets()));
    expect((await runCli('init', '--db', file)).code).toBe(0);
    expect((await runCli('form', 'import', formFile, '--db', file)).code).toBe(0);

    // 3 districts × 20 interviews; q1 right (2 points: pass) for every second respondent.
    const regions = ['310101', '310104', '310105'];
    const db = openDatabase(file);
    try {
      for (let i = 0; i < 60; i++) {
        const { interview_id } = await call<{ interview_id: string }>(db, 'interview/start', {
          formId: 'test_form',
          formVersion: '1',
          regionCode: regions[i % 3],
        });
        const save = (field: string, value: string) =>
          call(db, 'interview/saveAnswer', { interviewId: interview_id, field, value });
        await save('age', String(20 + i));
        await save('sex', i % 2 ? 'male' : 'female');
        await save('q1', i % 2 ? 'true' : 'false');
        await call(db, 'interview/finalize', { interviewId: interview_id });
      }
    } finally {
      db.close();
    }

    const out = join(dir, 'report.xlsx');
    const r = await runCli('report', '--db', file, '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('分地区')!;
    const rows: [unknown, unknown][] = [];
    ws.eachRow((row) => {
      if (typeof row.getCell(2).value === 'number') rows.push([row.getCell(1).value, row.getCell(2).value]);
    });
    // Overall 60, then each district's 20 (by hand: 60 / 3).
    expect(rows).toEqual([
      ['全体', 60],
      ['310101', 20],
      ['310104', 20],
      ['310105', 20],
    ]);
  }, 60_000);
});
