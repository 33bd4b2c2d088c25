// The desktop shell, built and packed as for a user, then started by a stand-in of Electron (Electron's binary
// cannot be downloaded here). The stand-in (tests/helpers/electron-stand-in/) enforces the ordering rules that
// decide whether a window ever appears; electron/README.md says what only a real Electron run can prove.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { buildElectron } from '../../../electron/build.ts';
import {
  checkRuntimeFiles,
  ELECTRON_ENTRIES,
  packagedFiles,
  readBuilderConfig,
} from '../../../electron/runtime-files.ts';
import { CONTENT_SECURITY_POLICY } from '../../../electron/security.ts';
import { BUNDLED_FORM, laptopPackage } from '../../helpers/bundled-laptop.ts';
import { tempDir } from '../../helpers/tmp.ts';

const root = resolve(import.meta.dirname, '../../..');

interface Report {
  steps: string[];
  esmMain: boolean;
  errors: string[];
  privilegedSchemes: { scheme: string; privileges: Record<string, boolean> }[];
  windowCount: number;
  window?: {
    options: { webPreferences: Record<string, unknown>; show?: boolean };
    visible: boolean;
    page: {
      url: string;
      status: number;
      headers: Record<string, string>;
      resources: { url: string; status: number; type: string }[];
    };
    bridge: Record<string, string[]>;
  };
  overview: { ok: boolean; result?: { forms: { form_id: string }[]; interviews: { total: number } } };
  unknownOperation: { ok: boolean; error?: { code: string } };
  fromChildFrame: { ok: boolean; error?: { code: string; message: string } };
  fromForeignFrame: { ok: boolean; error?: { code: string } };
  navigation: Record<string, boolean | string>;
  openedExternal: string[];
  permissionGranted: boolean;
  requests: { external: boolean; app: boolean };
  importMany: {
    ok: boolean;
    result?: { results: { fileName: string; ok: boolean; error?: { code: string; message: string } }[] };
    error?: unknown;
  };
  afterImport: { result?: { interviews: { total: number } } };
  backupMenuItem?: string;
  backupMessage?: { message: string };
  backups: string[];
  quit: boolean;
  dataFileMenu: string[];
  titleBefore: string;
  afterNew: { current: string; title: string };
  afterNewHome: { result?: { forms: { form_id: string }[]; interviews: { total: number } } };
  recentLabel?: string;
  afterRecent: { current: string; title: string };
  expected: { first: string; second: string };
  shownInFolder: string[];
  aboutBox: { message: string; detail: string };
  aboutPanel: { applicationVersion: string };
  aboutOperation: { result?: { version: string; runtime: string; versions: Record<string, string> } };
}

let report: Report;
let storyOutput = '';

beforeAll(async () => {
  // The renderer is built once (vite); the shell's bundles every time, since they are what this test is about.
  await buildElectron({ renderer: !existsSync(join(root, 'renderer', 'dist', 'index.html')) });

  // The app folder as electron-builder would pack it: only the files electron-builder.yml lets in.
  const work = tempDir('scilit-stand-in-');
  const appDir = join(work, 'app');
  for (const file of packagedFiles(root)) {
    mkdirSync(dirname(join(appDir, file)), { recursive: true });
    copyFileSync(join(root, file), join(appDir, file));
  }

  // Two surveyors' packages and a copy damaged in transit, for one batch import.
  const packages = join(work, 'packages');
  mkdirSync(packages);
  const a = await laptopPackage('张三', 'R1', 3);
  writeFileSync(join(packages, '1-张三.scilitpkg'), a);
  writeFileSync(join(packages, '2-李四.scilitpkg'), await laptopPackage('李四', 'R2', 2));
  writeFileSync(join(packages, '3-损坏.scilitpkg'), a.subarray(0, a.length >> 1));

  const userData = join(work, 'userData');
  mkdirSync(userData);
  const reportFile = join(work, 'report.json');
  const story = spawnSync(
    process.execPath,
    [join(import.meta.dirname, 'stand-in-story.mjs'), appDir, userData, packages, reportFile],
    { encoding: 'utf8', timeout: 150_000 },
  );
  storyOutput = `${story.stdout}\n${story.stderr}`;
  report = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, 'utf8')) : ({ steps: [] } as unknown as Report);
}, 240_000);

describe('build check: what the bundles load at run time', () => {
  test('every worker, the preload, the renderer and the bundled form exist in electron/dist and are packaged', () => {
    const check = checkRuntimeFiles(root);
    expect(check.problems).toEqual([]);
    const files = [...ELECTRON_ENTRIES, ...check.references.map((r) => r.file)];
    for (const f of [
      'electron/dist/preload.cjs',
      'electron/dist/worker-entry.mjs',
      'electron/dist/package-reader-worker-entry.mjs',
      'renderer/dist/index.html',
      'forms/civic-science-literacy.xlsx',
    ]) {
      expect(files).toContain(f);
    }
    // The native module ships unpacked, beside the archive, with the packages that locate its binary.
    const config = readBuilderConfig(root);
    const packed = packagedFiles(root, config);
    expect(packed).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect(packed).toContain('node_modules/bindings/bindings.js');
  });
});

describe('the desktop shell started by a stand-in of Electron', () => {
  test('the main is an ES module: `ready` comes after it registered app:// as privileged', () => {
    expect(report.steps, storyOutput).toContain('window');
    expect(report.errors).toEqual([]);
    expect(report.esmMain).toBe(true);
    expect(report.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  test("one window, with the security checklist's webPreferences, shown once ready", () => {
    expect(report.windowCount).toBe(1);
    const prefs = report.window?.options.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(String(prefs?.preload)).toMatch(/electron[/\\]dist[/\\]preload\.cjs$/);
    expect(report.window?.options.show).toBe(false);
    expect(report.window?.visible).toBe(true);
    // The preload gives the page one function and nothing of ipcRenderer.
    expect(report.window?.bridge).toEqual({ scilit: ['invoke'] });
  });

  test('app:// serves the renderer with the CSP, and every script and style it names', () => {
    const page = report.window?.page;
    expect(page?.url).toBe('app://scilit/index.html');
    expect(page?.status).toBe(200);
    expect(page?.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page?.headers['content-type']).toMatch(/^text\/html/);
    expect(page?.resources.length).toBeGreaterThanOrEqual(2);
    for (const r of page?.resources ?? []) {
      expect(r.status, r.url).toBe(200);
      expect(r.type, r.url).toMatch(/^(text\/(javascript|css)|image\/x-icon)/);
    }
  });

  test('an IPC call reaches dispatch(); other frames and unknown names are refused', () => {
    expect(report.overview.ok).toBe(true);
    expect(report.overview.result?.forms.map((f) => f.form_id)).toContain(BUNDLED_FORM.formId);
    expect(report.unknownOperation).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
    expect(report.fromChildFrame).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(report.fromForeignFrame).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  test('no navigation away, no webview, links only to the allowlist in the browser, permissions denied', () => {
    expect(report.navigation).toEqual({
      external: false,
      inApp: true,
      webview: false,
      openAllowed: 'deny',
      openOther: 'deny',
    });
    expect(report.openedExternal).toEqual(['https://www.stats.gov.cn/sj/']);
    expect(report.permissionGranted).toBe(false);
    expect(report.requests).toEqual({ external: false, app: true });
  });

  test('a batch of packages is imported through the bundled job and package-reader workers', () => {
    expect(report.steps, storyOutput).toContain('import');
    const results = report.importMany.result?.results ?? [];
    expect(report.importMany.ok, JSON.stringify(report.importMany)).toBe(true);
    expect(results.map((r) => [r.fileName, r.ok])).toEqual([
      ['1-张三.scilitpkg', true],
      ['2-李四.scilitpkg', true],
      ['3-损坏.scilitpkg', false],
    ]);
    expect(results[2]?.error?.code).toBe('damaged');
    expect(report.afterImport.result?.interviews.total).toBe(5);
  });

  test('"back up now" in the menu writes a copy that holds every imported interview', () => {
    expect(report.backupMenuItem).toBeDefined();
    expect(report.backups).toHaveLength(1);
    expect(report.backupMessage?.message).toContain(report.backups[0]);
    const copy = openDatabase(report.backups[0] as string, { readonly: true });
    expect(copy.get('SELECT count(*) AS n FROM interviews')).toEqual({ n: 5 });
    copy.close();
    expect(report.quit).toBe(true);
  });

  test('数据文件: new (save dialog), back through 最近打开, show in folder; the title names the open file', () => {
    expect(report.steps, storyOutput).toContain('data-file');
    expect(report.dataFileMenu).toEqual([
      '新建数据文件…',
      '打开数据文件…',
      '最近打开',
      '(separator)',
      '在文件夹中显示',
      '立即备份',
      '(separator)',
      '载入示范数据（新建独立的数据文件）…',
      '(separator)',
      '退出',
    ]);
    expect(report.titleBefore).toBe('scilit — scilit.sqlite');
    expect(report.afterNew).toEqual({ current: report.expected.second, title: 'scilit — 第二期调查.sqlite' });
    // A new file starts empty, with the bundled questionnaire.
    expect(report.afterNewHome.result?.interviews.total).toBe(0);
    expect(report.afterNewHome.result?.forms.map((f) => f.form_id)).toEqual([BUNDLED_FORM.formId]);
    expect(report.recentLabel).toContain(report.expected.first);
    expect(report.afterRecent).toEqual({ current: report.expected.first, title: 'scilit — scilit.sqlite' });
    expect(report.shownInFolder).toEqual([report.expected.first]);
  });

  test('the About box and `app/about` give the version of package.json', () => {
    const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version as string;
    expect(report.aboutBox.message).toBe(`scilit ${version}`);
    expect(report.aboutBox.detail).toContain(report.expected.first);
    expect(report.aboutPanel.applicationVersion).toBe(version);
    expect(report.aboutOperation.result).toMatchObject({ version, runtime: 'desktop' });
  });
});
