import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { openDatabase } from '../../../db/sqlite.ts';
import { APP_ROOT, newestChange, RENDERER_DIST } from '../app-files.ts';
import { ensureBundledForm } from '../bundled-form.ts';
import { type Command, optionalString, UsageError } from '../command.ts';
import { DEFAULT_DB_NAME, userDataDir } from '../server/data-dir.ts';
import { startServer } from '../server.ts';

/**
 * Rebuilds the user interface only where its sources are here and newer than the build (a developer's tree):
 * an installed copy was built on install, so a person's first start never waits for vite.
 */
async function buildRendererIfStale(force: boolean, say: (s: string) => void): Promise<void> {
  const sources = join(APP_ROOT, 'renderer', 'index.html');
  if (!existsSync(sources)) return;
  const index = join(RENDERER_DIST, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const changed = Math.max(
    newestChange(join(APP_ROOT, 'renderer')),
    newestChange(join(APP_ROOT, 'src')),
    newestChange(join(APP_ROOT, 'vite.config.ts')),
  );
  if (!force && built > 0 && built >= changed) return;
  say('scilit web: 正在构建界面（vite）… / building the user interface (vite)…');
  const { build } = await import('vite');
  await build({ configFile: join(APP_ROOT, 'vite.config.ts'), logLevel: 'error' });
}

/** Resolves on Ctrl-C or a stop signal. */
function stopRequested(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

export const webCommands: Command[] = [
  {
    name: 'web',
    summary: 'the app in your browser, on this computer only (127.0.0.1); Ctrl-C stops it',
    usage: '[--db FILE] [--port N] [--rebuild] [--no-build]',
    options: {
      db: { type: 'string' },
      port: { type: 'string' },
      rebuild: { type: 'boolean' },
      'no-build': { type: 'boolean' },
    },
    async run(ctx) {
      const port = Number(optionalString(ctx, 'port') ?? 0);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0…65535');
      const dbPath = resolve(optionalString(ctx, 'db') ?? join(userDataDir(), DEFAULT_DB_NAME));
      mkdirSync(dirname(dbPath), { recursive: true });
      if (ctx.values['no-build'] !== true) await buildRendererIfStale(ctx.values.rebuild === true, ctx.err);
      const db = openDatabase(dbPath, { create: true });
      try {
        await ensureBundledForm(db);
      } finally {
        db.close();
      }
      const server = await startServer({
        dbPath,
        dataFolder: userDataDir(),
        port,
        staticDir: existsSync(join(RENDERER_DIST, 'index.html')) ? RENDERER_DIST : undefined,
      });
      ctx.out(`scilit 已启动（数据库 ${dbPath}）。请在浏览器中打开：\n\n  ${server.url}\n\n按 Ctrl-C 停止。`);
      ctx.out(`scilit is running (database ${dbPath}). Open the address above; Ctrl-C stops it.`);
      await stopRequested();
      await server.close();
      return 0;
    },
  },
];
