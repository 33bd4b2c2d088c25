// The 数据文件 menu over the loopback server (the desktop app runs the same host operations over IPC): new, open,
// recent, reveal, back up now, demo data in a file of their own, and the About box. Files that cannot be opened
// leave the current one open and themselves untouched; a switch waits for running jobs.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { type RunningServer, startServer } from '../../../src/node/server.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { http } from './http.ts';

const slowOp = fileURLToPath(new URL('./slow-targets-op.ts', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

let server: RunningServer;
let folder: string;
let first: string;
const revealed: string[] = [];

interface Reply {
  ok: boolean;
  result?: Record<string, unknown> & {
    path: string;
    name: string;
    recent: { path: string; exists: boolean }[];
    inDataFolder: { name: string }[];
  };
  error?: { code: string; message: string };
}

async function call(name: string, args: unknown = {}, lang = 'zh-CN'): Promise<Reply> {
  const r = await http(
    server.port,
    'POST',
    `/api/${name}`,
    { 'Content-Type': 'application/json', 'X-Scilit-Token': server.token, 'Accept-Language': lang },
    JSON.stringify(args),
  );
  return r.json() as Reply;
}

async function interviews(): Promise<number> {
  const home = (await call('overview/home')) as unknown as { result: { interviews: { total: number } } };
  return home.result.interviews.total;
}

beforeAll(async () => {
  folder = tempDir('scilit-data-folder-');
  first = join(folder, 'scilit.sqlite');
  server = await startServer({
    dbPath: first,
    dataFolder: folder,
    reveal: (p) => revealed.push(p),
    jobs: { extraOperations: slowOp },
  });
});
afterAll(() => server.close());

describe('数据文件', () => {
  test('the About box and the open file', async () => {
    const about = await call('app/about');
    expect(about.result).toMatchObject({ version: pkg.version, runtime: 'browser', dataFile: first });
    const current = await call('dataFile/current');
    expect(current.result).toMatchObject({ path: first, name: 'scilit.sqlite', dataFolder: folder });
    expect(current.result?.recent.map((r) => r.path)).toEqual([first]);
  });

  test('new: a file of its own in the data folder, with the bundled questionnaire; the old file untouched', async () => {
    const created = await call('dataFile/create', { name: '浦东新区 2025' });
    expect(created.ok, JSON.stringify(created)).toBe(true);
    expect(created.result?.path).toBe(join(folder, '浦东新区 2025.sqlite'));
    const home = (await call('overview/home')) as unknown as { result: { forms: { form_id: string }[] } };
    expect(home.result.forms.map((f) => f.form_id)).toEqual(['civic_science_literacy']);
    expect(created.result?.recent.map((r) => basename(r.path))).toEqual(['浦东新区 2025.sqlite', 'scilit.sqlite']);
    const old = openDatabase(first, { readonly: true });
    expect(old.get('SELECT count(*) AS n FROM forms')).toEqual({ n: 0 });
    old.close();

    const again = await call('dataFile/create', { name: '浦东新区 2025' });
    expect(again.error?.code).toBe('exists');
    expect(again.error?.message).toContain('已存在');
    expect((await call('dataFile/create', { name: '浦东新区 2025' }, 'en')).error?.message).toContain('already exists');
    // A name cannot climb out of the data folder.
    const sneaky = await call('dataFile/create', { name: '../../evil' });
    expect(sneaky.result?.path).toBe(join(folder, '.._.._evil.sqlite'));
    expect((await call('dataFile/open', { path: join(folder, '浦东新区 2025.sqlite') })).ok).toBe(true);
  });

  test('open: back to an earlier file from the recent list; what cannot be opened changes nothing', async () => {
    const opened = await call('dataFile/open', { path: first });
    expect(opened.result?.path).toBe(first);
    expect(opened.result?.recent[0]?.path).toBe(first);
    expect(opened.result?.inDataFolder.map((f) => f.name)).toContain('浦东新区 2025.sqlite');

    const notDb = join(folder, '名单.sqlite');
    writeFileSync(notDb, 'household list, not a database');
    const refused = await call('dataFile/open', { path: notDb });
    expect(refused.ok).toBe(false);
    expect(refused.error?.code).toBe('not_a_database');
    expect(readFileSync(notDb, 'utf8')).toBe('household list, not a database');
    expect((await call('dataFile/current')).result?.path).toBe(first);
    expect(await interviews()).toBe(0);

    const missing = await call('dataFile/open', { path: join(folder, 'gone.sqlite') });
    expect(missing.error).toMatchObject({ code: 'not_found', message: expect.stringContaining('找不到') });
  });

  test('back up now and reveal in folder', async () => {
    const backup = await call('dataFile/backup');
    const path = String(backup.result?.path);
    expect(path).toMatch(/backups[/\\]scilit-\d{8}-\d{6}\.sqlite$/);
    const copy = openDatabase(path, { readonly: true });
    // Opened through the menu, the file got the bundled questionnaire: the backup has it too.
    expect(copy.get('SELECT count(*) AS n FROM forms')).toEqual({ n: 1 });
    copy.close();
    expect((await call('dataFile/reveal')).result?.path).toBe(first);
    expect(revealed).toEqual([first]);
  });

  test('no switch while a job still writes to the open file', async () => {
    const { result } = (await call('job/start', { name: 'test/slowTargets', args: { rows: 30, delayMs: 40 } })) as {
      result: { jobId: string };
    } & Reply;
    const busy = await call('dataFile/create', { name: 'too-early' });
    expect(busy.error?.code).toBe('busy');
    expect(busy.error?.message).toContain('后台任务');
    for (let i = 0; i < 200; i++) {
      const s = (await call('job/status', { jobId: result.jobId })) as unknown as { result: { state: string } };
      if (s.result.state === 'done') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await call('dataFile/create', { name: 'after-the-job' })).ok).toBe(true);
    await call('dataFile/open', { path: first });
  });

  test('demo data always go into a new file of their own', async () => {
    const demo = await call('dataFile/demo', { respondents: 60, population: 10_000 });
    expect(demo.ok, JSON.stringify(demo.error)).toBe(true);
    expect(basename(String(demo.result?.path))).toMatch(/^示范数据-\d{8}-\d{6}\.sqlite$/);
    const loaded = (demo.result as unknown as { demo: { interviews: number } }).demo.interviews;
    expect(loaded).toBeGreaterThan(0);
    expect(await interviews()).toBe(loaded);
    // The file worked in before holds no demo interview.
    const before = openDatabase(first, { readonly: true });
    expect(before.get('SELECT count(*) AS n FROM interviews')).toEqual({ n: 0 });
    before.close();
  });
});
