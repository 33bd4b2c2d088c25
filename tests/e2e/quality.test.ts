import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { fieldedCity } from '../helpers/fielded-city.ts';
import { type App, openApp } from './harness.ts';

/**
 * A field manager's evening check (质量控制): after two weeks of fieldwork in the synthetic city, where one surveyor
 * rushes, one ticks the first choice and one fills questionnaires in at home, the supervisor opens the screen, sees
 * exactly those three surveyors with their reasons, opens one of the speeder's interviews, marks it "has issues"
 * with a comment, approves another, rejects a fabricated one (which voids it), and downloads the flag list.
 */

let app: App;
let planted: Partial<Record<'speeder' | 'straight_liner' | 'fabricator', string>> = {};

beforeAll(async () => {
  app = await openApp('quality', {
    seed: async (db) => {
      planted = (await fieldedCity(db, { respondents: 2000, population: 200_000, seed: 11 })).planted;
    },
  });
}, 180_000);

afterAll(async () => {
  await app?.close();
});

test('the supervisor finds the three planted surveyors, reviews their interviews and exports the list', async () => {
  const { page } = app;
  expect(Object.keys(planted).sort()).toEqual(['fabricator', 'speeder', 'straight_liner']);
  await page.getByRole('menuitem', { name: '质量控制' }).click();
  await page.waitForSelector('[data-section="qc-surveyors"] tbody tr.ant-table-row', { timeout: 60_000 });
  await expect.poll(() => page.textContent('[data-testid="stand-out"] .ant-statistic-content-value')).toBe('3');
  for (const [conduct, check] of [
    ['speeder', 'speeding'],
    ['straight_liner', 'straight_lining'],
    ['fabricator', 'near_duplicate'],
  ] as const) {
    const row = page.locator(`[data-section="qc-surveyors"] tr[data-surveyor="${planted[conduct]}"]`);
    await expect.poll(() => row.locator(`[data-check="${check}"]`).count()).toBe(1);
  }
  await app.shot('surveyors');

  // The speeder's interviews, one click away.
  await page.click(`[data-section="qc-surveyors"] tr[data-surveyor="${planted.speeder}"]`);
  await page.waitForSelector('[data-section="qc-interviews"] tbody tr[data-interview]');
  const rows = page.locator('[data-section="qc-interviews"] tbody tr[data-interview]');
  const first = await rows.nth(0).getAttribute('data-interview');
  const second = await rows.nth(1).getAttribute('data-interview');
  await rows.nth(0).click();
  await page.waitForSelector('[data-screen="qc-review"] [data-section="qc-reasons"]');
  expect(await page.textContent('[data-section="qc-reasons"]')).toMatch(/答题过快/);
  // "Has issues" needs a comment for the surveyor.
  expect(await page.isDisabled('[data-action="has-issues"]')).toBe(true);
  await page.fill('[data-field="review-comment"]', '第12至20题用时不到3秒，请回访核实后修改。');
  await page.click('[data-action="has-issues"]');
  await page.waitForSelector('[data-screen="qc-review"] [data-review="has_issues"]');
  await app.shot('has-issues');
  const reviews = await app.api<{ reviews: { state: string; comment: string }[] }>('interview/reviews', {
    interviewId: first,
  });
  expect(reviews.reviews.map((r) => [r.state, r.comment])).toEqual([
    ['has_issues', '第12至20题用时不到3秒，请回访核实后修改。'],
  ]);
  await page.keyboard.press('Escape');

  // Another of the speeder's interviews is approved after a call to the respondent.
  await rows.nth(1).click();
  await page.waitForSelector(`[data-screen="qc-review"] >> text=${second}`);
  await page.click('[data-action="approve"]');
  await page.waitForSelector('[data-screen="qc-review"] [data-review="approved"]');
  await page.keyboard.press('Escape');

  // A fabricated interview is rejected: it is voided with the comment as its reason.
  await page.click('[data-filter="surveyor"]');
  await page.keyboard.type(planted.fabricator!);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-section="qc-interviews"] tbody tr[data-interview]');
  const fabricated = await rows.nth(0).getAttribute('data-interview');
  await rows.nth(0).click();
  await page.waitForSelector('[data-screen="qc-review"] [data-section="qc-reasons"]');
  await page.fill('[data-field="review-comment"]', '与其他问卷几乎相同，入户核实无此受访者。');
  await page.click('[data-action="reject"]');
  await page.getByRole('button', { name: '退回（作废）' }).last().click();
  await page.waitForSelector('[data-screen="qc-review"] [data-review="rejected"]');
  await app.shot('rejected');
  const got = await app.api<{ interview: { status: string; void_reason: string } }>('interview/get', {
    interviewId: fabricated,
  });
  expect(got.interview.status).toBe('void');
  expect(got.interview.void_reason).toBe('审核退回：与其他问卷几乎相同，入户核实无此受访者。');
  await page.keyboard.press('Escape');

  // The flag list as the supervisor's Excel file.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=导出问题清单（Excel）')]);
  const file = join(app.dir, 'flags.xlsx');
  await download.saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['调查员', '问题清单', '逐日']);
  const flagged = wb.getWorksheet('调查员')!;
  const names: string[] = [];
  flagged.eachRow((row, n) => {
    if (n > 3 && String(row.getCell(7).value ?? '')) names.push(String(row.getCell(1).value));
  });
  // The rejected interview left the data, so the fabricator may drop below the bar; the other two stay.
  expect(names).toEqual(expect.arrayContaining([planted.speeder, planted.straight_liner]));
}, 240_000);
