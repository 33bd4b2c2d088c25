// `npm run web [-- --db FILE] [-- --port N]`: the app in a browser. Builds the renderer when it is missing or
// older than its sources, opens (or creates) the database, makes sure the bundled questionnaire is in it, and
// serves everything on 127.0.0.1 with a fresh token. Works on a fresh clone after `npm install`.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/sqlite.ts';
import { DEFAULT_DB_NAME, userDataDir } from '../src/node/server/data-dir.ts';
import { startServer } from '../src/node/server.ts';
import type { SqlDriver } from '../src/store/driver.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const rendererDir = join(root, 'renderer');
const distDir = join(rendererDir, 'dist');

/** Newest modification time under `dir`, skipping build output and dependencies. */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = st.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'dist' || name === 'node_modules' || name.startsWith('.')) continue;
    t = Math.max(t, newest(join(path, name)));
  }
  return t;
}

async function buildRendererIfStale(force: boolean): Promise<void> {
  const index = join(distDir, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = Math.max(newest(rendererDir), newest(join(root, 'vite.config.ts')), newest(join(root, 'src')));
  if (!force && built > 0 && built >= sources) return;
  if (!existsSync(join(rendererDir, 'index.html'))) {
    console.error('scilit web: renderer/index.html is missing; serving the API only.');
    return;
  }
  console.log('scilit web: building the user interface (vite)…');
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'error' });
}

/** The bundled questionnaire (civic_science_literacy 2025.1), when the forms area provides it. */
async function ensureBundledForm(dbPath: string): Promise<void> {
  const module = join(root, 'src', 'node', 'bundled-form.ts');
  if (!existsSync(module)) return;
  const { ensureBundledForm: ensure } = (await import(pathToFileURL(module).href)) as {
    ensureBundledForm?: (db: SqlDriver) => unknown;
  };
  if (!ensure) return;
  const db = openDatabase(dbPath, { create: true });
  try {
    await ensure(db);
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      port: { type: 'string' },
      rebuild: { type: 'boolean' },
      'no-build': { type: 'boolean' },
    },
  });
  const dbPath = resolve(values.db ?? join(userDataDir(), DEFAULT_DB_NAME));
  mkdirSync(dirname(dbPath), { recursive: true });
  if (!values['no-build']) await buildRendererIfStale(values.rebuild ?? false);
  await ensureBundledForm(dbPath);
  const server = await startServer({
    dbPath,
    port: values.port ? Number(values.port) : 0,
    staticDir: existsSync(distDir) ? distDir : undefined,
  });
  console.log(`scilit is running (database ${dbPath}). Open:\n\n  ${server.url}\n\nCtrl-C stops it.`);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`scilit web: ${(e as Error).message}`);
  process.exit(1);
});
