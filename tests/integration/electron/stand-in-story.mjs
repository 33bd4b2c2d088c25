// Child process of stand-in-start.test.ts: starts a packaged app folder as Electron would (with the stand-in
// `electron` module), uses it as a person would, and writes what happened to a JSON report.
// Plain JavaScript under plain Node: the bundles must run without tsx.
// Arguments: appDir userDataDir packagesDir reportFile
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApp, waitFor } from '../../helpers/electron-stand-in/start.mjs';

const [appDir, userData, packagesDir, reportFile] = process.argv.slice(2);
const CHANNEL = 'scilit:invoke';
const report = { steps: [] };
const save = () => writeFileSync(reportFile, JSON.stringify(report, null, 2));
const step = (name) => {
  report.steps.push(name);
  save();
};

/** The first menu item, anywhere in the application menu, whose label matches. */
function findMenuItem(menu, pattern) {
  for (const item of menu?.items ?? []) {
    if (typeof item.label === 'string' && pattern.test(item.label) && item.click) return item;
    const inner = findMenuItem(item.submenu, pattern);
    if (inner) return inner;
  }
  return undefined;
}

const { electron, esm } = await startApp(appDir, { userData });
const { record } = electron;
report.esmMain = esm;
report.readyWhenMainSettled = record.ready;
step('started');

const win = await waitFor(() => record.windows.find((w) => w.webContents.page), 60_000);
report.privilegedSchemes = record.privilegedSchemes;
report.windowCount = record.windows.length;
if (win) {
  const contents = win.webContents;
  const page = contents.page;
  report.window = {
    options: { ...win.options, webPreferences: { ...win.options.webPreferences } },
    visible: win.visible,
    page: { url: page.url, status: page.status, headers: page.headers, resources: page.resources },
    bridge: Object.fromEntries(Object.entries(contents.exposed).map(([k, v]) => [k, Object.keys(v)])),
  };
  step('window');

  const bridge = contents.exposed.scilit;
  report.overview = await bridge.invoke('overview/home', {});
  report.unknownOperation = await bridge.invoke('db/dropEverything', {});
  const child = contents.addChildFrame('app://scilit/index.html');
  report.fromChildFrame = await contents.invokeFromFrame(child, CHANNEL, 'overview/home', {});
  const foreign = contents.addChildFrame('https://example.com/');
  report.fromForeignFrame = await contents.invokeFromFrame(foreign, CHANNEL, 'overview/home', {});
  step('ipc');

  report.navigation = {
    external: contents.tryNavigate('https://example.com/'),
    inApp: contents.tryNavigate('app://scilit/index.html'),
    webview: contents.tryAttachWebview(),
    openAllowed: contents.tryOpenWindow('https://www.stats.gov.cn/sj/'),
    openOther: contents.tryOpenWindow('https://evil.example/'),
  };
  report.openedExternal = record.openedExternal;
  report.permissionGranted = await electron.askPermission(contents, 'media');
  report.requests = {
    external: await electron.requestAllowed('https://example.com/x.js'),
    app: await electron.requestAllowed('app://scilit/index.html'),
  };
  step('security');

  const files = readdirSync(packagesDir)
    .sort()
    .map((name) => ({ fileName: name, dataBase64: readFileSync(join(packagesDir, name)).toString('base64') }));
  report.importMany = await bridge.invoke('package/importMany', { files });
  report.afterImport = await bridge.invoke('overview/home', {});
  step('import');

  const backupItem = findMenuItem(electron.Menu.getApplicationMenu(), /备份/);
  report.backupMenuItem = backupItem?.label;
  if (backupItem) {
    const before = record.messageBoxes.length;
    await backupItem.click(backupItem, win, {});
    await waitFor(() => record.messageBoxes.length > before, 30_000);
    report.backupMessage = record.messageBoxes.at(-1);
  }
  const backupDir = join(userData, 'backups');
  report.backups = existsSync(backupDir) ? readdirSync(backupDir).map((f) => join(backupDir, f)) : [];
  step('backup');

  // 数据文件: a new file chosen in the save dialog, then back to the first one from 最近打开.
  const menu = () => electron.Menu.getApplicationMenu();
  report.dataFileMenu = menu()
    .items.find((i) => i.label === '数据文件')
    ?.submenu.items.map((i) => i.label ?? `(${i.type ?? i.role})`);
  report.titleBefore = win.title;
  const first = (await bridge.invoke('dataFile/current', {})).result?.path;
  const second = join(userData, '第二期调查.sqlite');
  electron.dialogAnswers.save.push(second);
  const reloads = record.reloads.length;
  findMenuItem(menu(), /^新建数据文件/).click();
  await waitFor(() => record.reloads.length > reloads, 30_000);
  report.afterNew = { current: (await bridge.invoke('dataFile/current', {})).result?.path, title: win.title };
  report.afterNewHome = await bridge.invoke('overview/home', {});
  const recentItem = findMenuItem(menu(), new RegExp(`^scilit\\.sqlite`));
  report.recentLabel = recentItem?.label;
  recentItem?.click();
  await waitFor(async () => (await bridge.invoke('dataFile/current', {})).result?.path === first, 30_000);
  report.afterRecent = { current: (await bridge.invoke('dataFile/current', {})).result?.path, title: win.title };
  report.expected = { first, second };
  findMenuItem(menu(), /^在文件夹中显示$/).click();
  await waitFor(() => record.shownInFolder.length > 0, 10_000);
  report.shownInFolder = record.shownInFolder;
  const boxes = record.messageBoxes.length;
  findMenuItem(menu(), /^关于 scilit$/).click();
  await waitFor(() => record.messageBoxes.length > boxes, 10_000);
  report.aboutBox = record.messageBoxes.at(-1);
  report.aboutPanel = record.aboutPanel;
  report.aboutOperation = await bridge.invoke('app/about', {});
  step('data-file');
}

electron.app.quit();
report.quit = record.quit;
report.errors = record.errors;
step('quit');
save();
process.exit(0);
