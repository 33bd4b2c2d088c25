import { join } from 'node:path';
import type { ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type App, openApp, SCREENSHOTS, waitForScreen } from './harness.ts';

/**
 * Story: a surveyor opens the address `npm run web` printed, starts an interview and answers a few questions;
 * the tab is closed. Later she types the bare address http://127.0.0.1:PORT/ into the same browser: scilit opens
 * signed in, the draft is in her list, and it resumes where she stopped. A second browser without the token sees
 * why it cannot enter, in Chinese, and gets in by pasting the printed address into that tab. No console error on
 * any page (the favicon included).
 */

let app: App;
beforeAll(async () => {
  app = await openApp('resume', { bundledForm: true });
});
afterAll(async () => {
  await app?.close();
});

let shots = 0;
/** Screenshots of whichever page the story is on (the first tab is closed half-way). */
async function shot(page: Page, name: string): Promise<void> {
  shots += 1;
  await page.waitForTimeout(150);
  await page.screenshot({
    path: join(SCREENSHOTS, `resume-${String(shots).padStart(2, '0')}-${name}.png`),
    fullPage: true,
  });
}

/** Console errors and page errors of a page, for the story to assert none. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()} ${JSON.stringify(m.location())}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  return problems;
}

describe('browser mode keeps its key', () => {
  test('close the tab, open the bare address again, resume the draft', async () => {
    const first = app.page;
    const problems = watch(first);
    const origin = new URL(app.server.url).origin;
    await first.waitForSelector('[data-screen="home"]');
    // The token is out of the address bar and out of the page's storage.
    expect(first.url()).not.toContain('token');
    const stored0 = await first.evaluate('JSON.stringify(sessionStorage) + JSON.stringify(localStorage)');
    expect(stored0).not.toContain(app.server.token);
    // The session cookie is HTTP-only: page scripts cannot read it.
    expect(await first.evaluate('document.cookie')).toBe('');

    await first.goto(`${origin}/#/interview`);
    await first.waitForSelector('[data-screen="surveyor-setup"]');
    await first.keyboard.type('S11');
    await first.keyboard.press('Tab');
    await first.keyboard.type('laptop-pudong-4');
    await first.keyboard.press('Enter');
    await first.waitForSelector('[data-screen="interview-start"]');
    await first.keyboard.type('310115');
    await first.keyboard.press('Tab');
    await first.keyboard.type('PSU-007');
    await first.keyboard.press('Tab');
    await first.keyboard.type('H-0112');
    await first.keyboard.press('Enter');
    await first.waitForSelector('[data-screen="interview-run"] [data-page]');
    const interviewId = (await first.getAttribute('[data-screen="interview-run"]', 'data-interview')) as string;

    // A few screens: the first choice of each question, 45 for a number, a word for text.
    for (let n = 0; n < 4; n++) {
      const key = (await first.getAttribute('[data-page]', 'data-page')) as string;
      const kinds = await first.$$eval('[data-field]', (els) =>
        els.map((e) => ({ name: e.getAttribute('data-field'), choice: !!e.querySelector('[data-choice]') })),
      );
      for (const f of kinds) {
        if (f.choice) await first.keyboard.press('1');
        else if (f.name === 'age') await first.keyboard.type('45');
        else if (f.name !== 'region') await first.keyboard.type('test');
      }
      await first.keyboard.press('Enter');
      await waitForScreen(first, key);
    }
    const stoppedAt = (await first.getAttribute('[data-page]', 'data-page')) as string;
    const stored = await app.api<{ answers: Record<string, string | null> }>('interview/get', { interviewId });
    const answered = Object.entries(stored.answers).filter(([, v]) => v !== null && v !== '');
    expect(answered.length).toBeGreaterThanOrEqual(3);
    await shot(first, 'answered');
    expect(problems).toEqual([]);

    // The tab is closed; later the bare address is typed into the same browser.
    const context = first.context();
    await first.close();
    const again = await context.newPage();
    const againProblems = watch(again);
    await again.goto(`${origin}/`);
    await again.waitForSelector('[data-screen="home"]');
    await shot(again, 'reopened-bare-address');
    await again.goto(`${origin}/#/interview`);
    await again.waitForSelector(`[data-screen="interview-start"] tr[data-row-key="${interviewId}"]`);
    await shot(again, 'draft-listed');
    await again.click(`tr[data-row-key="${interviewId}"] button`);
    await again.waitForSelector(`[data-screen="interview-run"][data-interview="${interviewId}"] [data-page]`);
    expect(await again.getAttribute('[data-page]', 'data-page')).toBe(stoppedAt);
    await shot(again, 'draft-resumed');
    const after = await app.api<{ answers: Record<string, string | null> }>('interview/get', { interviewId });
    expect(after.answers).toEqual(stored.answers);
    expect(againProblems).toEqual([]);
  });

  test('another browser without the token is told, in Chinese, how to get in; pasting the address lets it in', async () => {
    const origin = new URL(app.server.url).origin;
    const browser = app.page.context().browser();
    if (!browser) throw new Error('no browser');
    const other = await browser.newContext({ locale: 'zh-CN' });
    const page = await other.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${origin}/`);
    await page.waitForSelector('[data-screen="signed-out"]');
    const text = (await page.textContent('[data-screen="signed-out"]')) ?? '';
    expect(text).toContain('此浏览器尚未获得访问授权');
    expect(text).not.toMatch(/missing or wrong token|no unfinished interviews/i);
    await shot(page, 'signed-out');
    // The printed address pasted into this very tab: only the #token part changes, and the page signs in.
    await page.goto(app.server.url);
    await page.waitForSelector('[data-screen="home"]');
    expect(page.url()).not.toContain('token');
    expect(pageErrors).toEqual([]);
    await other.close();
  });
});
