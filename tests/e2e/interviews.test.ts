import { afterAll, beforeAll, expect, test } from 'vitest';
import { allFields, type Form } from '../../src/form/model.ts';
import { loadBundledForm } from '../../src/node/bundled-form.ts';
import { type App, openApp } from './harness.ts';

/**
 * An office supervisor reviews the fieldwork on the Interviews screen: narrows the list to one district and
 * searches a household, opens a final interview and reads its stored score (worked out by hand below), and voids
 * a duplicate draft with a reason that the audit log keeps.
 */

let app: App;
let form: Form;
const ids: Record<string, string> = {};

beforeAll(async () => {
  app = await openApp('interviews', { bundledForm: true });
  form = await loadBundledForm();
  const start = (surveyor: string, regionCode: string, household: string) =>
    app.api<{ interview_id: string }>('interview/start', {
      formId: form.formId,
      formVersion: form.version,
      surveyor,
      device: 'tablet-1',
      regionCode,
      psu: `${regionCode}-C01`,
      household,
    });
  // 24 drafts over two districts and three surveyors.
  for (let i = 0; i < 24; i++) {
    const iv = await start(`S0${(i % 3) + 1}`, i % 2 ? '310105' : '310106', `H-${200 + i}`);
    await app.api('interview/saveAnswer', { interviewId: iv.interview_id, field: 'age', value: String(20 + i) });
    ids[`H-${200 + i}`] = iv.interview_id;
  }
  // H-900: every test item right except k01, k02, k03 (knowledge, 3 points each), m01 (method, 3) and t01
  // (thinking, 3): 100 − 15 = 85, "advanced"; knowledge 31 / 40, method 17 / 20, thinking 17 / 20.
  const missed = new Set(['k01_orbit', 'k02_light_sound', 'k03_antibiotics', 'm01_drug_trial', 't01_conclusions']);
  const done = await start('S01', '310105', 'H-900');
  const answers: Record<string, string> = {
    age: '34',
    sex: 'female',
    education: 'college',
    occupation: 'professional',
    residence: 'urban',
  };
  for (const f of allFields(form)) {
    if (!f.scoring) continue;
    const wrong = form.choices[f.listName ?? '']?.find(
      (c) => !f.scoring?.key.includes(c.name) && c.name !== 'dont_know',
    );
    answers[f.name] = missed.has(f.name) ? (wrong?.name ?? '') : f.scoring.key.join(' ');
  }
  for (const [field, value] of Object.entries(answers)) {
    await app.api('interview/saveAnswer', { interviewId: done.interview_id, field, value });
  }
  await app.api('interview/finalize', { interviewId: done.interview_id });
  await app.api('score/run', {});
  ids['H-900'] = done.interview_id;
});

afterAll(async () => {
  await app?.close();
});

test('a supervisor filters, searches, reads a stored score and voids a duplicate with a reason', async () => {
  const { page } = app;
  const rows = '[data-screen=interviews] .ant-table-row';
  await page.click('.ant-menu-item:nth-child(3)');
  await page.waitForSelector(rows);
  await page.waitForSelector('[data-testid=list-count] >> text=25');
  await app.shot('list');

  // District 310105: 12 drafts and the final one.
  await page.click('[data-filter=region]');
  await page.click('.ant-select-dropdown:visible .ant-select-item-option[title="310105"]');
  await page.waitForSelector('[data-testid=list-count] >> text=共 13 份');
  expect(await page.locator(rows).count()).toBe(13);

  // A household by the start of its code, in any letter case.
  await page.fill('[data-filter=search] input', 'h-9');
  await page.press('[data-filter=search] input', 'Enter');
  await page.waitForSelector('[data-testid=list-count] >> text=共 1 份');
  await page.locator(rows).first().locator('[data-action=open]').click();
  const detail = page.locator('[data-section=interview-detail]');
  await detail.waitFor();
  const score = detail.locator('[data-section=stored-score]');
  await score.waitFor();
  expect(await score.locator('[data-testid=stored-total]').textContent()).toBe('85');
  expect(await score.locator('[data-level]').getAttribute('data-level')).toBe('advanced');
  expect(await score.locator('[data-dimension=knowledge]').textContent()).toBe('31');
  expect(await score.locator('[data-dimension=method]').textContent()).toBe('17');
  expect(await score.locator('[data-dimension=thinking]').textContent()).toBe('17');
  expect(await score.locator('[data-dimension=application]').textContent()).toBe('20');
  await app.shot('detail-score');
  await detail.locator('.ant-tabs-tab >> nth=1').click();
  await detail.locator('.ant-table-row >> nth=0').waitFor();
  await app.shot('detail-answers');
  await page.click('.ant-drawer-close');

  // H-211 was entered twice by mistake: void it with a reason.
  await page.fill('[data-filter=search] input', 'H-211');
  await page.press('[data-filter=search] input', 'Enter');
  await page.waitForSelector('[data-testid=list-count] >> text=共 1 份');
  await page.locator(rows).first().locator('[data-action=void]').click();
  await page.fill('[data-input=void-reason]', '重复录入，保留 H-211 的纸质问卷');
  await app.shot('void-reason');
  await page.click('.ant-modal-footer .ant-btn-dangerous');
  await page.waitForSelector(`${rows} .ant-tag >> text=已作废`);

  const record = await app.api<{ interview: { status: string; void_reason: string } }>('interview/get', {
    interviewId: ids['H-211'],
  });
  expect(record.interview).toMatchObject({ status: 'void', void_reason: '重复录入，保留 H-211 的纸质问卷' });
  const audit = await app.api<{ action: string; detail: { reason: string } }[]>('interviews/audit', {
    interviewId: ids['H-211'],
  });
  expect(audit.at(-1)).toMatchObject({
    action: 'interview.void',
    detail: { reason: '重复录入，保留 H-211 的纸质问卷', previousStatus: 'draft' },
  });

  // Only voided interviews: the one just voided.
  await page.fill('[data-filter=search] input', '');
  await page.press('[data-filter=search] input', 'Enter');
  await page.click('[data-filter=status]');
  await page.click('.ant-select-dropdown:visible .ant-select-item-option >> nth=2');
  await page.waitForSelector('[data-testid=list-count] >> text=共 1 份');
  await page.locator(rows).first().locator('[data-action=open]').click();
  await page.waitForSelector('[data-testid=void-reason]');
  expect(await page.locator('[data-testid=void-reason]').textContent()).toBe('重复录入，保留 H-211 的纸质问卷');
  await app.shot('detail-void');
  // The audit trail names the actions in Chinese, the voiding last.
  await page.getByRole('tab', { name: '审计记录' }).click();
  const trail = page.locator('[data-testid=audit-trail]:visible .ant-table-row');
  await trail.first().waitFor();
  const actions = await trail.locator('td:nth-child(2)').allTextContents();
  expect(actions.at(-1)).toBe('作废');
  expect(actions).not.toContain('interview.void');
  await app.shot('detail-audit');
});
