import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type App, openApp } from './harness.ts';

/**
 * Story 6 (issue 19): a statistician brings the city's own population margins into the app, previews and saves
 * them, rakes, reads the achieved-against-target table, is warned when a file of national targets is raked to
 * a city sample, then downloads the data as SPSS .sav and the Word analysis report — whose headline numbers
 * are the screen's.
 */

let app: App;
let dir = '';
beforeAll(async () => {
  app = await openApp('6-statistician-outputs', { bundledForm: true });
  dir = mkdtempSync(join(tmpdir(), 'scilit-e2e-outputs-'));
  const { jobId } = await app.api<{ jobId: string }>('job/start', {
    name: 'demo/load',
    args: { respondents: 600, population: 60_000, seed: 5 },
  });
  for (;;) {
    const s = await app.api<{ state: string; message: string; error?: { message: string } }>('job/status', { jobId });
    if (s.state === 'done') break;
    if (s.state === 'failed' || s.state === 'cancelled') throw new Error(`demo/load: ${s.error?.message ?? s.message}`);
    await new Promise((res) => setTimeout(res, 250));
  }
});
afterAll(async () => {
  await app?.close();
});

/** Imports a margins file through the dialog (preview, then save) and returns the preview's row count. */
async function importTargets(file: string, name: string): Promise<number> {
  const { page } = app;
  await page.click('[data-action="import-targets"]');
  await page.waitForSelector('[data-action="choose-targets"]');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-action="choose-targets"]')]);
  await chooser.setFiles(file);
  await page.waitForSelector('[data-table="targets-preview"] tbody tr.ant-table-row');
  const rows = await page.locator('[data-table="targets-preview"] tbody tr.ant-table-row').count();
  await page.fill('[data-input="targets-name"]', name);
  return rows;
}

describe('the city’s own targets, achieved against target, and the files a bureau sends out', () => {
  test('imports local margins, rakes, checks, downloads .sav and the Word report', async () => {
    const { page } = app;
    await page.reload();
    await page.getByRole('menuitem', { name: '加权' }).click();
    await page.waitForSelector('[data-screen="weighting"]');

    // The city's margins in the documented layout: variable, category, population (labels as offices write them).
    const local = join(dir, '本市总体目标.csv');
    writeFileSync(
      local,
      'variable,category,population\nsex,男,30500\nsex,女,29500\nresidence,城镇,39000\nresidence,农村,21000\n',
    );
    expect(await importTargets(local, '本市2020')).toBe(4);
    expect(await page.textContent('[data-totals]')).toContain('60,000');
    await app.shot('targets-preview');
    await page.click('[data-action="save-targets"]');
    await page.waitForSelector('[data-action="save-targets"]', { state: 'hidden' });

    // Rake to them.
    await page.fill('[data-input="schemeName"]', '本市raking');
    await page.waitForSelector('[data-input="margins"] input[type="checkbox"]');
    const margins = page.locator('[data-input="margins"] input[type="checkbox"]');
    expect(await margins.count()).toBe(2);
    for (let i = 0; i < 2; i++) await margins.nth(i).check();
    await page.click('[data-action="run-weighting"]');
    await page.waitForSelector('[data-section="achieved"] [data-achieved-total]', { timeout: 120_000 });
    // Raking meets each margin: the weighted totals are the targets' 60,000 (R rake's epsilon: 1 person).
    const achieved = await page.$$eval('[data-achieved-total]', (els) =>
      els.map((e) => Number(e.getAttribute('data-achieved-total'))),
    );
    expect(achieved).toHaveLength(2);
    for (const a of achieved) expect(Math.abs(a - 60_000)).toBeLessThan(1);
    expect(await page.locator('[data-warning]').count()).toBe(0);
    await app.shot('achieved-vs-target');

    // National margins (995 million) raked to this city's sample: the app says so.
    const national = join(dir, 'national.csv');
    writeFileSync(national, 'variable,category,population\nsex,male,506000000\nsex,female,489000000\n');
    expect(await importTargets(national, '全国（误用）')).toBe(2);
    await page.click('[data-action="save-targets"]');
    await page.waitForSelector('[data-action="save-targets"]', { state: 'hidden' });
    await page.fill('[data-input="schemeName"]', '误用全国目标');
    await page.locator('[data-input="margins"] input[type="checkbox"]').first().check();
    await page.click('[data-action="run-weighting"]');
    await page.waitForSelector('[data-warning="other_population"], [data-warning="too_large_for_area"]', {
      timeout: 120_000,
    });
    expect(await page.textContent('[data-section="achieved"]')).toContain('995,000,000');
    await app.shot('warning-other-population');

    // The schemes run so far, listed with their diagnostics; go on with the city's own.
    await page.waitForSelector('[data-table="schemes"] tbody tr.ant-table-row');
    expect(await page.locator('[data-table="schemes"] tbody tr.ant-table-row').count()).toBe(2);
    await page
      .locator('[data-table="schemes"] tbody tr', { hasText: '本市raking' })
      .locator('[data-action="show-scheme"]')
      .click();
    await page.waitForSelector('[data-section="achieved"] [data-achieved-total]');

    // Results remember: they open on the scheme chosen (here: the last shown, the city's own).
    await page.getByRole('menuitem', { name: '结果' }).click();
    await page.waitForSelector('[data-screen="results"]');
    await page.click('[data-input="lonelyPsu"]');
    await page.getByTitle('按总体均值调整（adjust）').click();
    await page.waitForSelector('[data-table="estimates"] [data-estimate]');
    expect(await page.textContent('[data-input="scheme"]')).toContain('本市raking');
    await app.shot('results-remembered-scheme');
    const first = await page.$$eval('[data-table="estimates"] tbody tr.ant-table-row', (trs) =>
      [...trs[0]!.querySelectorAll('td')].map((td) => td.textContent ?? ''),
    );

    // SPSS data with the design.
    const [sav] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="download-data"]')]);
    const savPath = join(dir, sav.suggestedFilename());
    await sav.saveAs(savPath);
    const bytes = readFileSync(savPath);
    expect(sav.suggestedFilename()).toBe('scilit-data.sav');
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('$FL2');
    for (const name of ['w_design', 'w_final', 'stratum', 'psu', 'literate', 'group_elderly']) {
      expect(bytes.includes(Buffer.from(name))).toBe(true);
    }

    // The Word report: its headline is the screen's overall row.
    const [docx] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="narrative"]')]);
    const docxPath = join(dir, 'report.docx');
    await docx.saveAs(docxPath);
    expect(docx.suggestedFilename()).toMatch(/^科学素质调查分析报告-.*\.docx$/);
    const files = unzipSync(readFileSync(docxPath));
    const xml = strFromU8(files['word/document.xml']!);
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    const [low, high] = first[2]!.split(' – ');
    expect(text).toContain(`公民具备科学素质的比例：${first[1]}（95% 置信区间 ${low}–${high}）`);
    expect(files['word/charts/chart1.xml']).toBeDefined();
    await app.shot('results-downloads');
  }, 300_000);
});
