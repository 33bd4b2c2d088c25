import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Form } from '../../src/form/model.ts';
import { allFields } from '../../src/form/model.ts';
import { type App, openApp } from './harness.ts';

/**
 * Story 2: a district office sends a spreadsheet of paper questionnaires typed in by a clerk. Three rows are wrong;
 * the office sees exactly those three problems (row and column), imports the corrected file, and importing the
 * same file again adds nothing.
 */

const HEADER_META = ['instanceID', 'surveyor', 'psu', 'household'];
const BAD = {
  /** Spreadsheet row 4 (third respondent): 17 is under the survey's age range. */
  age: { respondent: 2, field: 'age', bad: '17', good: '47' },
  /** Row 7: `maybe` is not a choice of sex. */
  sex: { respondent: 5, field: 'sex', bad: 'maybe', good: 'male' },
  /** Row 10: `often` is not a choice of the first knowledge item. */
  item: { respondent: 8, field: 'k01_orbit', bad: 'often', good: 'true' },
};

function respondents(form: Form, count: number): Record<string, string>[] {
  const items = allFields(form).filter((f) => f.scoring);
  const occupations = ['farmer', 'worker', 'official', 'student', 'professional', 'service', 'retired'];
  return Array.from({ length: count }, (_, i) => {
    const row: Record<string, string> = {
      instanceID: `uuid:7d0c${String(i).padStart(4, '0')}-1a2b-4c3d-8e9f-00000000${String(i).padStart(4, '0')}`,
      surveyor: `S0${(i % 3) + 1}`,
      psu: `P${(i % 4) + 1}`,
      household: `H${100 + i}`,
      region: '310105',
      residence: i % 3 === 0 ? 'rural' : 'urban',
      sex: i % 2 === 0 ? 'female' : 'male',
      age: String(20 + ((i * 7) % 48)),
      education: ['primary', 'junior', 'senior', 'college', 'university'][i % 5] as string,
      occupation: occupations[i % occupations.length] as string,
    };
    items.forEach((f, j) => {
      const key = f.scoring?.key ?? [];
      row[f.name] = (i + j) % 3 === 0 ? 'dont_know' : key.join(' ');
    });
    return row;
  });
}

async function workbook(path: string, form: Form, rows: Record<string, string>[]): Promise<void> {
  const fields = allFields(form)
    .filter((f) => f.type !== 'note' && f.type !== 'calculate')
    .map((f) => f.name);
  const header = [...HEADER_META, ...fields];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('data');
  ws.addRow(header);
  for (const r of rows) ws.addRow(header.map((h) => (h === 'age' ? Number(r[h]) : (r[h] ?? ''))));
  writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
}

let app: App;
beforeAll(async () => {
  app = await openApp('2-office', { bundledForm: true });
});
afterAll(async () => {
  await app?.close();
});

describe('an office imports a spreadsheet', () => {
  test('sees the three bad rows, imports the corrected file, and a second import adds nothing', async () => {
    const { page } = app;
    const form = await app.api<Form>('form/get', { formId: 'civic_science_literacy', version: '2025.1' });
    const rows = respondents(form, 12);
    const withErrors = rows.map((r) => ({ ...r }));
    for (const b of Object.values(BAD)) (withErrors[b.respondent] as Record<string, string>)[b.field] = b.bad;
    const badFile = join(app.dir, '闵行区-第3批.xlsx');
    const goodFile = join(app.dir, '闵行区-第3批-已更正.xlsx');
    await workbook(badFile, form, withErrors);
    await workbook(goodFile, form, rows);

    await page.getByRole('menuitem', { name: '数据导入' }).click();
    await page.waitForSelector('[data-screen="import"]');
    await app.shot('import-empty');

    // The file with three bad rows: three problems, each naming its row and column; nothing can be committed.
    await page.setInputFiles('[data-screen="import"] input[type="file"]', badFile);
    await page.waitForSelector('[data-section="check"], [role="alert"]');
    await app.shot('checked');
    await page.waitForSelector('[data-problems]');
    expect(await page.getAttribute('[data-problems]', 'data-problems')).toBe('3');
    const problemRows = await page.$$eval('[data-table="problems"] tbody tr.ant-table-row', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    expect(problemRows).toHaveLength(3);
    const where = problemRows.map((cells) => [Number(cells[2]), (cells[3] ?? '').split(' ')[0], cells[4]]);
    expect(where).toEqual([
      [BAD.age.respondent + 2, 'age', BAD.age.bad],
      [BAD.sex.respondent + 2, 'sex', BAD.sex.bad],
      [BAD.item.respondent + 2, 'k01_orbit', BAD.item.bad],
    ]);
    expect(await page.isDisabled('[data-action="commit"]')).toBe(true);
    await app.shot('three-problems');
    await page.locator('[data-section="mapping"]').scrollIntoViewIfNeeded();
    await app.shot('column-mapping');

    // The corrected file: no problem; commit with the progress bar; 12 added.
    await page.setInputFiles('[data-screen="import"] input[type="file"]', goodFile);
    await page.waitForSelector('[data-section="check"] .ant-alert-success');
    await app.shot('corrected-ready');
    await page.click('[data-action="commit"]');
    await page.waitForSelector('[data-section="result"]');
    await app.shot('imported');
    const stat = async (name: string) =>
      Number(
        (await page.textContent(`[data-stat="${name}"] .ant-statistic-content-value`))?.replace(/[^\d]/g, '') ?? 'NaN',
      );
    expect(await stat('added')).toBe(12);
    expect(await stat('conflicts')).toBe(0);

    // The same file again: nothing new.
    await page.click('[data-action="another"]');
    await page.setInputFiles('[data-screen="import"] input[type="file"]', goodFile);
    await page.waitForSelector('[data-section="check"]');
    await page.waitForSelector('[data-section="check"] [data-status="already_imported"]');
    await app.shot('same-file-again');
    await page.click('[data-action="commit"]');
    await page.waitForSelector('[data-section="result"]');
    expect(await stat('added')).toBe(0);
    await app.shot('nothing-added');
    const overview = await app.api<{ interviews: { total: number; final: number } }>('overview/home', {});
    expect(overview.interviews.total).toBe(12);

    // The Home screen lists the import.
    await page.getByRole('menuitem', { name: '首页' }).click();
    await page.waitForSelector('[data-screen="home"]');
    await app.shot('home-after-import');
  });
});
