import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { openDatabase } from '../../db/sqlite.ts';
import { ensureBundledForm } from '../../src/node/bundled-form.ts';
import { type RunningServer, startServer } from '../../src/node/server.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { tempDir } from '../helpers/tmp.ts';

const root = resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = join(root, 'tests/e2e/screenshots');
const RENDERER = join(root, 'renderer/dist');

/** Debian's chromium (installed by .ci/run); playwright never downloads a browser here. */
function chromiumPath(): string {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (p && existsSync(p)) return p;
  }
  return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
}

export interface App {
  page: Page;
  server: RunningServer;
  dir: string;
  /** The same door the renderer uses, for setting up and checking data. */
  api<T = unknown>(name: string, args?: unknown): Promise<T>;
  /** Saves a screenshot as tests/e2e/screenshots/<story>-<nn>-<name>.png. */
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** One story: its own temporary database, a fresh server and a fresh browser. */
export async function openApp(
  story: string,
  options: {
    language?: 'zh-CN' | 'en';
    bundledForm?: boolean;
    /** Fills the new database (with the bundled form in it) before the app opens it. */
    seed?: (db: SqlDriver) => Promise<void>;
  } = {},
): Promise<App> {
  if (!existsSync(join(RENDERER, 'index.html'))) {
    throw new Error('renderer/dist is missing: run `npm run build:renderer` (npm run e2e does it).');
  }
  const dir = tempDir(`scilit-e2e-${story}-`);
  const dbPath = join(dir, 'scilit.sqlite');
  if (options.bundledForm || options.seed) {
    const db = openDatabase(dbPath, { create: true });
    try {
      await ensureBundledForm(db);
      await options.seed?.(db);
    } finally {
      db.close();
    }
  }
  const server = await startServer({ dbPath, port: 0, staticDir: RENDERER });
  const browser: Browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({
    viewport: { width: 1360, height: 900 },
    locale: options.language ?? 'zh-CN',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  if (options.language === 'en') {
    await page.addInitScript("localStorage.setItem('scilit.language', 'en')");
  }
  await page.goto(server.url);
  mkdirSync(SCREENSHOTS, { recursive: true });
  let n = 0;
  return {
    page,
    server,
    dir,
    async api<T>(name: string, args: unknown = {}): Promise<T> {
      const response = await fetch(`http://127.0.0.1:${server.port}/api/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Scilit-Token': server.token },
        body: JSON.stringify(args),
      });
      const body = (await response.json()) as { ok: boolean; result?: T; error?: { code: string; message: string } };
      if (!body.ok) throw new Error(`${name}: ${body.error?.code}: ${body.error?.message}`);
      return body.result as T;
    },
    async shot(name: string) {
      n += 1;
      await page.waitForTimeout(150);
      await page.screenshot({
        path: join(SCREENSHOTS, `${story}-${String(n).padStart(2, '0')}-${name}.png`),
        fullPage: true,
      });
    },
    async close() {
      await browser.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
      const real = problems.filter((p) => !/status of 4\d\d/.test(p));
      if (real.length) console.warn(`${story}: browser reported\n${real.join('\n')}`);
    },
  };
}

/** Waits until the interview shows a screen other than `key` (or, with `is`, exactly `key`). CSS only: the CSP forbids eval. */
export async function waitForScreen(page: Page, key: string, is = false): Promise<void> {
  const k = JSON.stringify(key);
  await page.waitForSelector(is ? `[data-page=${k}]` : `[data-page]:not([data-page=${k}])`);
}
