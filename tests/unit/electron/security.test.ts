import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { menuLabels, menuLanguage } from '../../../electron/labels.ts';
import {
  appUrlToFile,
  asarUnpacked,
  backupFileName,
  backupsToDelete,
  CONTENT_SECURITY_POLICY,
  isAllowedExternalUrl,
  isAppUrl,
  isOperationNameShape,
  isTrustedSender,
} from '../../../electron/security.ts';

describe('the desktop shell lets only the app talk to the main process', () => {
  test('IPC from the app page is accepted; from iframes, other pages or vanished frames it is refused', () => {
    expect(isTrustedSender({ url: 'app://scilit/index.html', isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: 'app://scilit/interviews', isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: 'app://scilit/index.html', isMainFrame: false })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', isMainFrame: true })).toBe(false);
    expect(isTrustedSender({ url: 'app://evil/index.html', isMainFrame: true })).toBe(false);
    expect(isTrustedSender({ url: 'app://scilit.evil.example/', isMainFrame: true })).toBe(false);
    expect(isTrustedSender({ url: 'file:///etc/passwd', isMainFrame: true })).toBe(false);
    expect(isTrustedSender({ url: 'about:blank', isMainFrame: true })).toBe(false);
    expect(isTrustedSender({ url: '', isMainFrame: true })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });

  test('navigation stays inside app://scilit', () => {
    expect(isAppUrl('app://scilit/index.html#/results')).toBe(true);
    expect(isAppUrl('app://user@scilit/')).toBe(false);
    expect(isAppUrl('app://scilit:8080/')).toBe(false);
    expect(isAppUrl('http://scilit/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });

  test('links open in the browser only for https pages of the allowed hosts', () => {
    expect(isAllowedExternalUrl('https://www.stats.gov.cn/sj/pcsj/rkpc/7rp/indexch.htm')).toBe(true);
    expect(isAllowedExternalUrl('https://WWW.STATS.GOV.CN/')).toBe(true);
    expect(isAllowedExternalUrl('http://www.stats.gov.cn/')).toBe(false);
    expect(isAllowedExternalUrl('https://www.stats.gov.cn.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://evil.example/?www.stats.gov.cn')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@www.stats.gov.cn/')).toBe(false);
    expect(isAllowedExternalUrl('https://www.stats.gov.cn:444/')).toBe(false);
    expect(isAllowedExternalUrl('file:///C:/Windows/System32/calc.exe')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternalUrl('ms-msdt:/id PCWDiagnostic')).toBe(false);
    expect(isAllowedExternalUrl('smb://attacker/share')).toBe(false);
    expect(isAllowedExternalUrl('')).toBe(false);
  });

  test('app:// URLs map to files inside renderer/dist and never outside', () => {
    expect(appUrlToFile('app://scilit/index.html')).toBe('index.html');
    expect(appUrlToFile('app://scilit/assets/index-abc123.js')).toBe('assets/index-abc123.js');
    expect(appUrlToFile('app://scilit/')).toBe('index.html');
    expect(appUrlToFile('app://scilit/interviews')).toBe('index.html');
    expect(appUrlToFile('app://scilit/assets/%E4%B8%AD.woff2')).toBe('assets/中.woff2');
    // The URL parser resolves encoded dots first: what is left is a path inside dist.
    expect(appUrlToFile('app://scilit/%2e%2e/%2e%2e/package.json')).toBe('package.json');
    expect(appUrlToFile('app://scilit/assets/..%2F..%2Fsecret.txt')).toBeUndefined();
    expect(appUrlToFile('app://scilit/assets/..%5C..%5Csecret.txt')).toBeUndefined();
    expect(appUrlToFile('app://scilit/%00.js')).toBeUndefined();
    expect(appUrlToFile('app://scilit/%E0%A4%A.js')).toBeUndefined();
    expect(appUrlToFile('app://other/index.html')).toBeUndefined();
  });

  test('the content security policy forbids eval, inline scripts and remote code', () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  test('only names shaped like contract operations go through the channel', () => {
    expect(isOperationNameShape('interview/saveAnswer')).toBe(true);
    expect(isOperationNameShape('dialog/openFile')).toBe(true);
    for (const bad of [
      '',
      'toString',
      '__proto__/x',
      'a/b/c',
      '../x',
      'interview/save Answer',
      42,
      null,
      'x'.repeat(101),
    ]) {
      expect(isOperationNameShape(bad), String(bad)).toBe(false);
    }
  });

  test('the preload exposes invoke() and nothing of ipcRenderer', () => {
    const preload = readFileSync(new URL('../../../electron/preload.ts', import.meta.url), 'utf8');
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(preload).toMatch(/exposeInMainWorld\('scilit', \{\s*invoke:/);
    expect(preload).not.toMatch(/ipcRenderer\.(on|send|sendSync|postMessage)\b/);
    const main = readFileSync(new URL('../../../electron/main.ts', import.meta.url), 'utf8');
    for (const setting of [
      'contextIsolation: true',
      'sandbox: true',
      'nodeIntegration: false',
      'webSecurity: true',
      'webviewTag: false',
    ]) {
      expect(main, setting).toContain(setting);
    }
  });
});

describe('database backups keep the newest N', () => {
  test('backup names sort by time (UTC)', () => {
    expect(backupFileName(new Date(Date.UTC(2025, 5, 30, 14, 25, 1)))).toBe('scilit-20250630-142501.sqlite');
  });

  test('rotation deletes the oldest backups and never touches other files', () => {
    const files = [
      'scilit-20250630-142501.sqlite',
      'scilit-20250101-000000.sqlite',
      'scilit-20250630-142501-1.sqlite',
      'scilit-20240301-090000.sqlite',
      'scilit.sqlite',
      'notes.txt',
      'scilit-2025.sqlite',
    ];
    expect(backupsToDelete(files, 2).sort()).toEqual([
      'scilit-20240301-090000.sqlite',
      'scilit-20250101-000000.sqlite',
    ]);
    expect(backupsToDelete(files, 3)).toEqual(['scilit-20240301-090000.sqlite']);
    expect(backupsToDelete(files, 10)).toEqual([]);
    expect(backupsToDelete(files, 0)).toHaveLength(3);
  });
});

test('the native menu speaks Chinese by default and English to English systems', () => {
  expect(menuLanguage('zh-CN')).toBe('zh');
  expect(menuLanguage('zh-Hans-CN')).toBe('zh');
  expect(menuLanguage('en-US')).toBe('en');
  expect(menuLabels('zh').dataFile).toBe('数据文件');
  expect(menuLabels('en').dataFile).toBe('Data File');
  expect(Object.keys(menuLabels('zh'))).toEqual(Object.keys(menuLabels('en')));
});

test('worker scripts of the packaged app are read from app.asar.unpacked; elsewhere the path is unchanged', () => {
  const packed = new URL('file:///opt/scilit/resources/app.asar/electron/dist/worker-entry.mjs');
  expect(asarUnpacked(packed).href).toBe(
    'file:///opt/scilit/resources/app.asar.unpacked/electron/dist/worker-entry.mjs',
  );
  const win = new URL(
    'file:///C:/Users/li/AppData/Local/Programs/scilit/resources/app.asar/electron/dist/worker-entry.mjs',
  );
  expect(asarUnpacked(win).pathname).toBe(
    '/C:/Users/li/AppData/Local/Programs/scilit/resources/app.asar.unpacked/electron/dist/worker-entry.mjs',
  );
  const dev = new URL('file:///home/li/scilit/electron/dist/worker-entry.mjs');
  expect(asarUnpacked(dev).href).toBe(dev.href);
});
