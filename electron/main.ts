// The desktop shell: one window showing the renderer from app://, the database in the user's data folder
// (backed up at each start), and one IPC channel into dispatch(). Follows Electron's security checklist:
// see ../../shared/design/architecture.md and the pure rules in security.ts.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, protocol, session, shell } from 'electron';
import { openDatabase } from '../db/sqlite.ts';
import { dispatch } from '../src/api/dispatch.ts';
import type { ApiContext } from '../src/api/operation.ts';
import { ensureBundledForm } from '../src/node/bundled-form.ts';
import { createJobPool, type JobPool } from '../src/node/jobs/pool.ts';
import { backupDatabase } from './backup.ts';
import { isDialogOperation, runDialog } from './dialogs.ts';
import { installMenu } from './menu.ts';
import {
  APP_ORIGIN,
  APP_SCHEME,
  appUrlToFile,
  asarUnpacked,
  CONTENT_SECURITY_POLICY,
  INDEX_URL,
  IPC_CHANNEL,
  isAllowedExternalUrl,
  isAppUrl,
  isOperationNameShape,
  isTrustedSender,
} from './security.ts';

const BACKUPS_KEPT = 10;
// Files beside this bundle (electron/dist), named as the build writes them; see build.ts.
const PRELOAD = fileURLToPath(new URL('./preload.cjs', import.meta.url));
const RENDERER_DIST = fileURLToPath(new URL('../../renderer/dist/', import.meta.url));
// Worker threads cannot read inside app.asar: the packaged app unpacks the workers (electron-builder.yml asarUnpack).
const JOB_WORKER = asarUnpacked(new URL('./worker-entry.mjs', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

// Must happen before `ready`: app:// behaves like https (secure, standard origin, fetch allowed).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) {
  // A second start only brings the running window to the front (one writer per database).
  app.quit();
} else {
  let window: BrowserWindow | null = null;
  let pool: JobPool | undefined;
  let ctx: ApiContext | undefined;

  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });

  // Every web contents: no navigation away from the app, no new windows, no <webview>.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (e, url) => {
      if (!isAppUrl(url)) e.preventDefault();
    });
    contents.on('will-redirect', (e, url) => {
      if (!isAppUrl(url)) e.preventDefault();
    });
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    void pool?.close();
    ctx?.db.close();
  });

  app.whenReady().then(async () => {
    const userData = app.getPath('userData');
    const dbPath = join(userData, 'scilit.sqlite');
    const backup = () => backupDatabase(dbPath, join(userData, 'backups'), BACKUPS_KEPT);
    if (existsSync(dbPath)) await backup();
    const db = openDatabase(dbPath, { create: true });
    await ensureBundledForm(db);
    pool = createJobPool({ dbPath, workerUrl: JOB_WORKER });
    ctx = { db, jobs: pool };
    const apiContext = ctx;

    // Deny every permission (camera, notifications, geolocation…) and every request that is not app://.
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
      const url = details.url;
      // The app's own files, what the page makes itself (downloads as blob:, inline images as data:), DevTools.
      const local = isAppUrl(url) || url.startsWith(`blob:${APP_ORIGIN}/`) || url.startsWith('data:');
      callback({ cancel: !(local || url.startsWith('devtools://')) });
    });

    protocol.handle(APP_SCHEME, async (request) => {
      const file = appUrlToFile(request.url);
      if (!file) return new Response('not found', { status: 404 });
      try {
        const body = await readFile(join(RENDERER_DIST, file));
        return new Response(body, {
          headers: {
            'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
            'Content-Security-Policy': CONTENT_SECURITY_POLICY,
            'X-Content-Type-Options': 'nosniff',
          },
        });
      } catch {
        return new Response('not found', { status: 404 });
      }
    });

    ipcMain.handle(IPC_CHANNEL, async (event, name: unknown, args: unknown) => {
      const frame = event.senderFrame;
      if (!isTrustedSender(frame ? { url: frame.url, isMainFrame: frame.parent === null } : null)) {
        return { ok: false, error: { code: 'forbidden', message: 'this page may not call the app.' } };
      }
      if (!isOperationNameShape(name)) {
        return { ok: false, error: { code: 'unknown_operation', message: `unknown operation "${String(name)}"` } };
      }
      if (isDialogOperation(name)) return runDialog(name, BrowserWindow.fromWebContents(event.sender), args);
      return dispatch(apiContext, name, args);
    });

    installMenu({ dataFolder: userData, backupNow: backup });

    window = new BrowserWindow({
      width: 1360,
      height: 880,
      minWidth: 960,
      minHeight: 640,
      title: 'scilit',
      show: false,
      webPreferences: {
        preload: PRELOAD,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        spellcheck: false,
      },
    });
    window.once('ready-to-show', () => window?.show());
    window.on('closed', () => {
      window = null;
    });
    await window.loadURL(INDEX_URL);
  });
}
