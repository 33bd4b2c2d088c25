/**
 * `npm run bench:ui`: the Home and Interviews screens in a real browser (Debian's chromium, headless) on a
 * database of 100,000 interviews. Goal (issue 8): both show data within 1 s of opening. Times, from the node
 * side (what a person waits for):
 *   - Home, cold: page load (the app's scripts included) until the per-surveyor table has rows;
 *   - Interviews, from the menu (in-app) and cold (reload on #/interviews) until the first list rows show;
 *   - deep scroll: the list scrolled down page after page (each a keyset fetch of 200 rows), the time from the
 *     scroll to the new rows counted on screen, and each fetch's server time.
 * BENCH_INTERVIEWS=N for another size; BENCH_UI_DB=FILE keeps the filled database there and reuses it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { type CDPSession, chromium, type Page } from 'playwright-core';
import { startServer } from '../src/node/server.ts';
import { tempDir } from '../tests/helpers/tmp.ts';
import { fillInterviews } from './lib/fill-interviews.ts';

const N = Number(process.env.BENCH_INTERVIEWS ?? 100_000);
const DEEP_PAGES = Number(process.env.BENCH_UI_PAGES ?? 40);
const GOAL_MS = 1000;
const root = resolve(import.meta.dirname, '..');
const RENDERER = join(root, 'renderer/dist');

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const line = (label: string, ms: number, goal?: number) =>
  console.log(
    `${label.padEnd(52)} ${ms.toFixed(0).padStart(6)} ms${goal ? `  ${ms < goal ? 'ok' : `OVER ${goal} ms`}` : ''}`,
  );
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;

/** API calls the page made, with when they were sent and answered (epoch ms, from the browser's own timing). */
const calls: { name: string; sent: number; done: number }[] = [];

/** The browser's main-thread time (CDP Performance metrics, seconds): independent of how loaded the machine is. */
let cdp: CDPSession | undefined;
async function mainThread(): Promise<{ task: number; script: number }> {
  if (!cdp) return { task: Number.NaN, script: Number.NaN };
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const get = (n: string) => metrics.find((m) => m.name === n)?.value ?? Number.NaN;
  return { task: get('TaskDuration'), script: get('ScriptDuration') };
}

async function timeTo(page: Page, action: () => Promise<unknown>, selector: string): Promise<number> {
  calls.length = 0;
  const before = await mainThread();
  const epoch0 = Date.now();
  const t0 = performance.now();
  await action();
  await page.waitForSelector(selector, { state: 'visible', timeout: 60_000 });
  const ms = performance.now() - t0;
  const after = await mainThread();
  // A reload starts the counters again: then all of `after` belongs to this step.
  const since = after.task >= before.task ? before : { task: 0, script: 0 };
  console.log(
    `    browser main thread ${((after.task - since.task) * 1000).toFixed(0)} ms busy ` +
      `(script ${((after.script - since.script) * 1000).toFixed(0)} ms)`,
  );
  if (process.env.BENCH_UI_TRACE) {
    for (const c of calls) {
      const at = (t: number) => `+${(t - epoch0).toFixed(0)} ms`;
      console.log(`    ${c.name.padEnd(20)} sent ${at(c.sent)}, answered ${at(c.done)}`);
    }
  }
  return ms;
}

/** The number of rows the list says it holds ("已显示 N / 共 M 份"). */
async function shownRows(page: Page): Promise<number> {
  const text = (await page.locator('[data-testid=list-count]').textContent()) ?? '';
  const n = /([\d,]+)/.exec(text)?.[1];
  return n ? Number(n.replace(/,/g, '')) : 0;
}

async function main(): Promise<void> {
  if (!existsSync(join(RENDERER, 'index.html'))) throw new Error('renderer/dist is missing: npm run build:renderer');
  const cache = process.env.BENCH_UI_DB;
  const dir = tempDir('scilit-bench-ui-');
  const dbPath = join(dir, 'bench.sqlite');
  const filled = await fillInterviews(dbPath, N, cache);
  console.log(
    `database: ${filled.interviews.toLocaleString('en')} interviews, ${filled.reused ? 'copied from' : 'built in'} ` +
      `${filled.seconds.toFixed(1)} s${filled.reused ? ` (${cache})` : ''}`,
  );
  const server = await startServer({ dbPath, port: 0, staticDir: RENDERER });
  const executablePath = execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  console.log(`load before: ${load()}`);
  try {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    // The server's own time for each list page (request sent → response headers).
    const fetches: number[] = [];
    page.on('requestfinished', (r) => {
      const timing = r.timing();
      if (r.url().endsWith('/api/interviews/page')) fetches.push(timing.responseStart);
      const name = /\/api\/(.+)$/.exec(r.url())?.[1] ?? (r.url().endsWith('.js') ? 'app script' : undefined);
      if (name) calls.push({ name, sent: timing.startTime, done: timing.startTime + timing.responseEnd });
    });
    const homeRows = '[data-screen=home] .ant-table-row';
    const listRows = '[data-screen=interviews] .ant-table-row';

    // A first visit warms the browser's caches of the app's files (a desktop app has them on disk).
    await page.goto(server.url);
    await page.waitForSelector(homeRows, { timeout: 60_000 });
    const homeUrl = page.url();

    const homeCold = await timeTo(
      page,
      async () => {
        await page.goto(`${homeUrl.split('#')[0]}#/`);
        await page.reload({ waitUntil: 'commit' });
      },
      homeRows,
    );
    line('Home: open until the surveyor table has rows', homeCold, GOAL_MS);
    const menu = await timeTo(page, () => page.click('.ant-menu-item:nth-child(3)'), listRows);
    line('Interviews: from the menu until the first rows', menu, GOAL_MS);
    const back = await timeTo(page, () => page.click('.ant-menu-item:nth-child(1)'), homeRows);
    line('Home: from the menu until the surveyor table has rows', back, GOAL_MS);
    const again = await timeTo(page, () => page.click('.ant-menu-item:nth-child(3)'), listRows);
    line('Interviews: from the menu again until the first rows', again, GOAL_MS);
    const listCold = await timeTo(
      page,
      async () => {
        await page.goto(`${homeUrl.split('#')[0]}#/interviews`);
        await page.reload({ waitUntil: 'commit' });
      },
      listRows,
    );
    line('Interviews: reload on #/interviews until the first rows', listCold, GOAL_MS);
    await page.waitForSelector('[data-testid=list-count] >> text=/100,000|共/', { timeout: 60_000 });
    console.log(`list says: ${(await page.locator('[data-testid=list-count]').textContent())?.trim()}`);

    const filtered = await timeTo(
      page,
      async () => {
        await page.click('[data-filter=status]');
        await page.click('.ant-select-dropdown .ant-select-item-option >> nth=0');
      },
      `${listRows} .ant-tag-gold`,
    );
    line('Interviews: status filter "draft" until its rows', filtered, GOAL_MS);
    await page.click('[data-filter=status] .ant-select-clear').catch(() => undefined);
    await page.waitForSelector(`${listRows} .ant-tag-green`, { timeout: 60_000 });

    // Deep scroll: the wheel over the virtual table; each step waits until the next page's rows are counted.
    fetches.length = 0;
    await page.hover('[data-testid=list-scroll]');
    const steps: number[] = [];
    let rows = await shownRows(page);
    const deep0 = performance.now();
    for (let i = 0; i < DEEP_PAGES; i++) {
      const t0 = performance.now();
      for (let k = 0; k < 200 && (await shownRows(page)) <= rows; k++) {
        await page.mouse.wheel(0, 20_000);
        await page.waitForTimeout(15);
      }
      const now = await shownRows(page);
      if (now <= rows) throw new Error(`the list stopped growing at ${rows} rows`);
      rows = now;
      steps.push(performance.now() - t0);
    }
    const deepMs = performance.now() - deep0;
    // Keyset pages cost the same at any depth: the first and the last few fetches side by side.
    const inOrder = [...fetches];
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const visible = await page.locator(listRows).count();
    steps.sort((a, b) => a - b);
    const fetched = [...fetches].sort((a, b) => a - b);
    console.log(
      `deep scroll: ${DEEP_PAGES} pages to ${rows.toLocaleString('en')} rows in ${(deepMs / 1000).toFixed(1)} s; ` +
        `rows in the page's DOM: ${visible}`,
    );
    console.log(
      `  per page, scroll → rows counted: p50 ${quantile(steps, 0.5).toFixed(0)} ms, p95 ${quantile(steps, 0.95).toFixed(0)} ms, max ${(steps.at(-1) ?? 0).toFixed(0)} ms`,
    );
    console.log(
      `  per page, fetch (request → response): p50 ${quantile(fetched, 0.5).toFixed(1)} ms, p95 ${quantile(fetched, 0.95).toFixed(1)} ms, max ${(fetched.at(-1) ?? 0).toFixed(1)} ms (${fetched.length} fetches)`,
    );
    console.log(
      `  fetch time by depth: first 5 pages mean ${mean(inOrder.slice(0, 5)).toFixed(1)} ms, ` +
        `last 5 pages (to row ${rows.toLocaleString('en')}) mean ${mean(inOrder.slice(-5)).toFixed(1)} ms`,
    );
  } finally {
    const cpu = process.cpuUsage(cpu0);
    console.log(
      `node (server) CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s over ${((performance.now() - wall0) / 1000).toFixed(1)} s wall; load after: ${load()}`,
    );
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true }); // half a gigabyte at 100,000 interviews
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
