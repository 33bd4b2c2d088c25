// Pure security rules of the desktop shell, kept free of any 'electron' import so that they are unit-tested
// under Node (Electron's binary cannot run on the build machines). main.ts wires them to Electron's events.

/** The renderer is served from this custom protocol; nothing else may talk to the main process. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'scilit';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const INDEX_URL = `${APP_ORIGIN}/index.html`;

/** The one IPC channel: `invoke(name, args)` → dispatch(). */
export const IPC_CHANNEL = 'scilit:invoke';

/** The renderer's Content-Security-Policy: the same one the loopback server sends (one policy, two doors). */
export { CONTENT_SECURITY_POLICY } from '../src/node/server/guard.ts';

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** True for a URL of the app itself (app://scilit/...): the only place the window may be. */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  const u = parse(url);
  return (
    u !== undefined && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.port === ''
  );
}

/**
 * Checks the frame that sent an IPC message: it must be the app's own top-level page. An iframe, a page that
 * navigated elsewhere, or a frame that is gone (null) is refused.
 */
export function isTrustedSender(frame: { url: string; isMainFrame: boolean } | null | undefined): boolean {
  return !!frame && frame.isMainFrame && isAppUrl(frame.url);
}

/** Hosts the app may open in the person's browser (help pages, the statistics bureau's census tables). */
export const EXTERNAL_HOSTS: readonly string[] = [
  'www.stats.gov.cn',
  'data.stats.gov.cn',
  'www.crsp.org.cn',
  'xlsform.org',
  'docs.getodk.org',
];

/**
 * shell.openExternal only for https links to the hosts above: never file:, javascript:, custom protocols
 * that could start programs, nor look-alike hosts or credentials in the URL.
 */
export function isAllowedExternalUrl(url: string, hosts: readonly string[] = EXTERNAL_HOSTS): boolean {
  const u = parse(url);
  if (u?.protocol !== 'https:' || u.username !== '' || u.password !== '' || u.port !== '') return false;
  return hosts.includes(u.hostname.toLowerCase());
}

/**
 * Maps an app:// URL to a file path relative to renderer/dist, or undefined when it tries to leave it.
 * A path without an extension is a screen of the single-page app and gets index.html.
 */
export function appUrlToFile(url: string): string | undefined {
  const u = parse(url);
  if (!u || !isAppUrl(url)) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\')) return undefined;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return undefined;
    parts.push(part);
  }
  const last = parts.at(-1);
  if (!last?.includes('.')) return 'index.html';
  return parts.join('/');
}

/** Operation names as the contract spells them (`area/action`); anything else never reaches dispatch(). */
export function isOperationNameShape(name: unknown): name is string {
  return typeof name === 'string' && name.length <= 100 && /^[a-z][a-zA-Z]*\/[a-z][a-zA-Z]*$/.test(name);
}

/** Backup names and rotation live with the backup itself (src/node/backup.ts), shared with the browser UI. */
export { backupFileName, backupsToDelete } from '../src/node/backup.ts';

/**
 * The same file in app.asar.unpacked: worker threads read their script and its modules with Node's own file
 * access, which does not look inside app.asar, so the packaged app unpacks them (electron-builder.yml asarUnpack).
 * Outside an archive (development, the stand-in test) the URL is returned unchanged.
 */
export function asarUnpacked(url: URL): URL {
  return new URL(url.href.replace(/\/app\.asar\//, '/app.asar.unpacked/'));
}
