import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type App, openApp } from './harness.ts';

/**
 * Story 3: a statistician rakes the demo survey to the 2020 census margins, sees the literacy ratio by key
 * population with intervals, and downloads a report whose numbers match the screen.
 */

interface EstimateRow {
  domain: Record<string, string>;
  estimate: number;
  ci: [number, number];
  flags: string[];
}

let app: App;
beforeAll(async () => {
  app = await openApp('3-statistician', { bundledForm: true });
  // The synthetic city's survey, through the same operation as the Home screen's button.
  await app.api('job/start', { name: 'demo/load', args: { respondents: 800, population: 60_000 } }).then(async (r) => {
    const { jobId } = r as { jobId: string };
    for (;;) {
      const s = await app.api<{ state: string; message: string; error?: { message: string } }>('job/status', { jobId });
      if (s.state === 'done') return;
      if (s.state === 'failed' || s.state === 'cancelled')
        throw new Error(`demo/load: ${s.error?.message ?? s.message}`);
      await new Promise((res) => setTimeout(res, 250));
    }
  });
});
afterAll(async () => {
  await app?.close();
});

describe('a statistician weights and reads the results', () => {
  test('rakes to the census margins and sees the ratio by key population with intervals', async () => {
    const { page } = app;
    await page.reload();
    await page.waitForSelector('[data-screen="home"] .ant-statistic');
    await app.shot('home-with-demo');

    await page.getByRole('menuitem', { name: '加权' }).click();
    await page.waitForSelector('[data-screen="weighting"]');
    await page.click('[data-action="census"]');
    await page.waitForSelector('[data-input="margins"] input[type="checkbox"]');
    const margins = page.locator('[data-input="margins"] input[type="checkbox"]');
    expect(await margins.count()).toBe(2);
    for (let i = 0; i < 2; i++) await margins.nth(i).check();
    // Trimming bounds are multiples of the mean weight (0.3× to 3× by default).
    await page.getByRole('checkbox', { name: '截尾', exact: true }).check();
    await app.shot('weighting-scheme');
    await page.click('[data-action="run-weighting"]');
    await page.waitForSelector('[data-section="diagnostics"] [data-converged]', { timeout: 120_000 });
    expect(await page.getAttribute('[data-converged]', 'data-converged')).toBe('true');
    // Kish's effective sample size after raking: below the number of weighted interviews (unequal weights).
    const nKish = (await page.$$eval('[data-nkish]', (els) => els.map((e) => Number(e.getAttribute('data-nkish'))))).at(
      -1,
    );
    const final = (await app.api<{ interviews: { final: number } }>('overview/home', {})).interviews.final;
    expect(nKish).toBeGreaterThan(final / 4);
    expect(nKish).toBeLessThan(final);
    // The weight histogram and its summary, binned on the server; the trimming bounds in weights.
    await page.waitForSelector('[data-chart="weight-histogram"] .recharts-bar-rectangle');
    const dist = await app.api<{
      deffKish: number;
      n: number;
      bins: { count: number }[];
      trim: { lowerRelative: number };
      warnings: { code: string; values: { count?: number } }[];
    }>('weighting/distribution', { scheme: 'census2020-rake', bins: 30 });
    expect(dist.bins.reduce((s, b) => s + b.count, 0)).toBe(dist.n);
    expect(dist.trim.lowerRelative).toBeCloseTo(0.3, 9);
    expect(Number(await page.getAttribute('[data-deff]', 'data-deff'))).toBeCloseTo(dist.deffKish, 12);
    expect(await page.textContent('[data-trim-applied]')).toContain('0.3× 至 3×');
    // Weights were trimmed: the run says how many, in Chinese (the core's English message is for the CLI).
    const trimmed = dist.warnings.find((w) => w.code === 'trimmed');
    expect(trimmed?.values.count).toBeGreaterThan(0);
    expect(await page.textContent('[data-section="diagnostics"] .ant-alert')).toContain(
      `${trimmed?.values.count} 个权重被截尾`,
    );
    await app.shot('weighting-diagnostics');

    // Results by key population with the raked weights.
    await page.click('[data-action="to-results"]');
    await page.waitForSelector(
      '[data-screen="results"] [data-table="estimates"], [data-screen="results"] [role="alert"]',
    );
    await app.shot('results-lonely-psu');
    // The demo's design has strata with a single PSU: the statistician says how to treat them.
    await page.click('[data-input="lonelyPsu"]');
    await page.getByTitle('按总体均值调整（adjust）').click();
    await page.waitForSelector('[data-screen="results"] [data-table="estimates"] [data-estimate]');
    // Results open on the scheme just run (issue 19: they used to reopen unweighted).
    expect(await page.textContent('[data-input="scheme"]')).toContain('census2020-rake');
    await page.waitForSelector('[data-screen="results"] .ant-alert-info');
    await page.waitForSelector('[data-table="estimates"] [data-estimate]');
    await app.shot('results-key-populations');

    // The screen shows what estimate/run computes for the same request, interval included.
    const schemes = await app.api<{ schemeId: string; name: string }[]>('weighting/list', {});
    const scheme = schemes.find((s) => s.name === 'census2020-rake');
    expect(scheme).toBeDefined();
    const expected = await app.api<{ estimates: EstimateRow[]; weighted: boolean }>('estimate/run', {
      by: 'group',
      weightingSchemeId: scheme?.schemeId,
      lonelyPsu: 'adjust',
      target: 0.15,
    });
    expect(expected.weighted).toBe(true);
    const shown = await page.$$eval('[data-table="estimates"] tbody tr.ant-table-row', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    expect(shown).toHaveLength(expected.estimates.length);
    expected.estimates.forEach((e, i) => {
      const cells = shown[i] as string[];
      const suppressed = e.flags.some((f) => f.startsWith('suppress') || f === 'no_interval');
      if (suppressed) expect(cells[1]).toBe('‡');
      else {
        expect(cells[1]).toBe(`${(e.estimate * 100).toFixed(1)}%`);
        expect(cells[2]).toBe(`${(e.ci[0] * 100).toFixed(1)}% – ${(e.ci[1] * 100).toFixed(1)}%`);
        expect(e.ci[0]).toBeLessThan(e.estimate);
        expect(e.ci[1]).toBeGreaterThan(e.estimate);
      }
    });

    // The report the statistician downloads holds the same numbers as the screen (and estimate/run).
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="report"]')]);
    const reportPath = join(mkdtempSync(join(tmpdir(), 'scilit-e2e-report-')), 'report.xlsx');
    await download.saveAs(reportPath);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(reportPath) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('分人群');
    expect(sheet).toBeDefined();
    const ratios: (number | string)[] = [];
    sheet?.eachRow((row, r) => {
      const v = row.getCell(3).value;
      if (r > 1 && (typeof v === 'number' || v === '‡')) ratios.push(v as number | string);
    });
    expect(ratios).toHaveLength(expected.estimates.length);
    expected.estimates.forEach((e, i) => {
      const suppressed = e.flags.some((f) => f.startsWith('suppress') || f === 'no_interval');
      if (suppressed) expect(ratios[i]).toBe('‡');
      else expect(Math.abs((ratios[i] as number) - e.estimate)).toBeLessThan(1e-12);
    });
    await app.shot('results-report-downloaded');

    // Youth against the elderly (the panel's first choice): the screen shows what estimate/compare computes.
    await page.waitForSelector('[data-section="compare"] [data-comparison]', { timeout: 90_000 });
    const comparison = await app.api<{
      difference: { difference: number; se: number; pValue: number; ci: [number, number] };
    }>('estimate/compare', {
      compare: 'domains',
      first: { group: 'youth' },
      second: { group: 'elderly' },
      weightingSchemeId: scheme?.schemeId,
      lonelyPsu: 'adjust',
      ci: 'logit',
    });
    const shownDiff = await page.$eval('[data-comparison]', (el) => ({
      difference: Number(el.getAttribute('data-difference')),
      se: Number(el.getAttribute('data-se')),
      p: Number(el.getAttribute('data-p')),
      text: el.textContent ?? '',
    }));
    expect(shownDiff.difference).toBe(comparison.difference.difference);
    expect(shownDiff.se).toBe(comparison.difference.se);
    expect(shownDiff.p).toBe(comparison.difference.pValue);
    expect(shownDiff.text).toContain(Math.abs(comparison.difference.difference * 100).toFixed(1));
    expect(shownDiff.text).toContain('个百分点');
    // Levels and dimension scores on the same weights.
    await page.waitForSelector('[data-table="dimensions"] tbody tr.ant-table-row');
    expect(await page.locator('[data-table="dimensions"] tbody tr.ant-table-row').count()).toBe(4);
    await app.shot('results-compare-groups');
    // A key population against a breakdown category: women.
    await page.click('[data-input="compareSecond"]');
    await page.keyboard.type('女');
    await page.getByTitle('性别：女', { exact: true }).click();
    await page.waitForSelector(
      `[data-comparison]:not([data-difference="${String(comparison.difference.difference)}"])`,
    );
    await app.shot('results-compare-youth-women');
    // Waves are questionnaire versions: the demo has one, and the panel says there is no second wave yet.
    await page.getByText('两轮调查（问卷版本）').click();
    await page.waitForSelector('[data-section="compare"] >> text=还没有可比较的第二轮调查');
    await page.getByText('两个人群', { exact: true }).click();
    await page.waitForSelector('[data-section="compare"] [data-comparison]');

    // Another breakdown, and the English screen.
    await page.click('[data-input="by"]');
    await page.getByTitle('年龄组').click();
    await page.locator('[data-table="estimates"] tbody tr.ant-table-row').nth(7).waitFor({ timeout: 90_000 });
    await app.shot('results-age-groups');
    await page.getByText('English', { exact: true }).click();
    await page.waitForSelector('text=Share of citizens with science literacy');
    await app.shot('results-english');
    await page.getByText('中文', { exact: true }).click();

    // The interviews behind the numbers, paged, and the questionnaire in both languages.
    await page.getByRole('menuitem', { name: '问卷记录' }).click();
    await page.waitForSelector('[data-screen="interviews"] .ant-table-row');
    await app.shot('interviews-list');
    await page.getByRole('menuitem', { name: '问卷表单' }).click();
    await page.waitForSelector('[data-section="preview"] [data-field="k01_orbit"]');
    await app.shot('forms-preview');
  });
});
