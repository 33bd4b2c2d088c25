// The desktop shell: one window showing the renderer from app://, the data file last worked in (backed up at each
// start; the 数据文件 menu creates, opens and switches files), and one IPC channel into dispatch(). Follows Electron's security checklist:
// see ../../shared/design/architecture.md and the pure rules in security.ts.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron';
import { dispatch } from '../src/api/dispatch.ts';
import { backupDatabase } from '../src/node/backup.ts';
import { BACKUPS_KEPT, lastOpenedFile, Workspace } from '../src/node/data-files.ts';
import { type Host, isHostOperation, runHostOperation } from '../src/node/host-operations.ts';
import { APP_VERSION } from '../src/node/version.ts';
import { isDialogOperation, runDialog } from './dialogs.ts';
import { menuLabels, menuLanguage } from './labels.ts';
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
  let workspace: Workspace | undefined;

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
    void workspace?.close();
  });

  app.whenReady().then(async () => {
    const userData = app.getPath('userData');
    const lang = menuLanguage(app.getPreferredSystemLanguages()[0] ?? app.getLocale());
    const t = menuLabels(lang);
    const dbPath = lastOpenedFile(userData) ?? join(userData, 'scilit.sqlite');
    if (existsSync(dbPath)) await backupDatabase(dbPath, join(userData, 'backups'), BACKUPS_KEPT);
    const ws = await Workspace.open(dbPath, { dataFolder: userData, workerUrl: JOB_WORKER });
    workspace = ws;
    app.setAboutPanelOptions({ applicationName: 'scilit', applicationVersion: APP_VERSION, copyright: 'MIT' });

    const filters = [{ name: t.fileFilter, extensions: ['sqlite', 'sqlite3', 'db'] }];
    const host: Host = {
      runtime: 'desktop',
      workspace: ws,
      async chooseNewFile(suggested) {
        const options = { title: t.newFileTitle, defaultPath: suggested, filters };
        const r = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
        return r.canceled ? undefined : r.filePath;
      },
      async chooseExistingFile() {
        const options = { title: t.openFileTitle, defaultPath: userData, filters, properties: ['openFile' as const] };
        const r = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
        return r.canceled ? undefined : r.filePaths[0];
      },
      reveal: (path) => shell.showItemInFolder(path),
      switched: () => refresh(),
      versions: { electron: process.versions.electron, chrome: process.versions.chrome },
    };

    /** The menu's recent list and the window's title follow the open file. */
    function refresh(): void {
      window?.setTitle(`scilit — ${basename(ws.path)}`);
      installMenu(t, menuActions);
    }

    /** A menu item runs the host operation the renderer would call, then shows what happened. */
    async function fromMenu(name: Parameters<typeof runHostOperation>[1], args: unknown = {}): Promise<unknown> {
      const r = await runHostOperation(host, name, args, lang);
      if (!r.ok) {
        await dialog.showMessageBox({ type: 'error', title: t.failed, message: t.failed, detail: r.error.message });
        return undefined;
      }
      return r.result;
    }
    const reloadIfSwitched = (r: unknown) => {
      if (r && !(r as { canceled?: boolean }).canceled) window?.webContents.reload();
    };
    const menuActions = {
      newFile: () => void fromMenu('dataFile/create').then(reloadIfSwitched),
      openFile: (path?: string) => void fromMenu('dataFile/open', path ? { path } : {}).then(reloadIfSwitched),
      reveal: () => void fromMenu('dataFile/reveal'),
      backupNow: () =>
        void fromMenu('dataFile/backup').then((r) => {
          if (r)
            void dialog.showMessageBox({ type: 'info', message: `${t.backupDone}\n${(r as { path: string }).path}` });
        }),
      demo: () =>
        void fromMenu('dataFile/demo').then((r) => {
          reloadIfSwitched(r);
          if (r)
            void dialog.showMessageBox({ type: 'info', message: `${t.demoDone}\n${(r as { path: string }).path}` });
        }),
      about: () =>
        void fromMenu('app/about').then((r) => {
          const a = r as { version: string; dataFile: string; versions: Record<string, string> } | undefined;
          if (!a) return;
          void dialog.showMessageBox({
            type: 'info',
            title: t.about,
            message: `scilit ${a.version}`,
            detail: t.aboutDetail({
              version: a.version,
              dataFile: a.dataFile,
              node: a.versions.node ?? '',
              electron: a.versions.electron,
              chrome: a.versions.chrome,
            }),
          });
        }),
      recent: () => ws.recent(),
      current: () => ws.path,
    };

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

    const apiContext = ws.context();
    ipcMain.handle(IPC_CHANNEL, async (event, name: unknown, args: unknown) => {
      const frame = event.senderFrame;
      if (!isTrustedSender(frame ? { url: frame.url, isMainFrame: frame.parent === null } : null)) {
        return {
          ok: false,
          error: { code: 'forbidden', message: '此页面无权调用 scilit。/ This page may not call the app.' },
        };
      }
      if (!isOperationNameShape(name)) {
        return { ok: false, error: { code: 'unknown_operation', message: `unknown operation "${String(name)}"` } };
      }
      if (isDialogOperation(name)) return runDialog(name, BrowserWindow.fromWebContents(event.sender), args);
      // The renderer reloads itself after a switch it asked for; the menu reloads the window for its own.
      if (isHostOperation(name)) return runHostOperation(host, name, args, lang);
      return dispatch(apiContext, name, args);
    });

    window = new BrowserWindow({
      width: 1360,
      height: 880,
      minWidth: 960,
      minHeight: 640,
      title: `scilit — ${basename(ws.path)}`,
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
    refresh();
    window.once('ready-to-show', () => window?.show());
    window.on('closed', () => {
      window = null;
    });
    await window.loadURL(INDEX_URL);
  });
}
