// A stand-in for the `electron` module, for starting the desktop shell under plain Node (Electron's binary cannot
// be downloaded here). It records what the main process does and enforces the rules of Electron that decide
// whether a window ever appears:
// - `ready` is emitted by the starter (start.mjs) right after a CommonJS main has been evaluated, or after an ES
//   module main (top-level awaits included) has settled — never later;
// - protocol.registerSchemesAsPrivileged after `ready` throws, as Electron's does;
// - a BrowserWindow, protocol.handle or session.defaultSession before `ready` throws;
// - IPC messages carry the frame that really sent them (the page's main frame or a child frame), the preload runs
//   sandboxed (it may require nothing but 'electron') and contextBridge needs contextIsolation;
// - a second ipcMain.handle on one channel throws; arguments and results are structured clones.
// It is not Electron: see electron/README.md for what only a real Electron run can prove.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import vm from 'node:vm';

/** Everything the stand-in saw, for the test to read. */
export const record = {
  ready: false,
  /** Errors Electron would have shown or logged ("A JavaScript error occurred in the main process"). */
  errors: [],
  privilegedSchemes: [],
  menus: [],
  messageBoxes: [],
  openedPaths: [],
  shownInFolder: [],
  openedExternal: [],
  windows: [],
  aboutPanel: undefined,
  quit: false,
  sent: [],
  reloads: [],
  recentDocuments: [],
  openDialogs: [],
  saveDialogs: [],
};

/** Answers for the next open/save dialogs (a test pushes them before clicking). */
export const dialogAnswers = { open: [], save: [], messageBox: [] };

const settings = { userData: undefined, appPath: undefined, version: '0.0.0', name: 'scilit', locale: 'zh-CN' };

/** Set by the starter before the main runs. */
export function configure(options) {
  Object.assign(settings, options);
}

function notReady(what) {
  if (!record.ready) throw new Error(`${what} cannot be used before the app is ready`);
}

class App extends EventEmitter {
  isPackaged = false;
  isReady() {
    return record.ready;
  }
  whenReady() {
    return record.ready ? Promise.resolve() : new Promise((resolve) => this.once('ready', () => resolve()));
  }
  requestSingleInstanceLock() {
    return true;
  }
  getPath(name) {
    if (name === 'userData') return settings.userData;
    if (name === 'temp') return settings.userData;
    if (name === 'documents' || name === 'home' || name === 'desktop' || name === 'downloads') return settings.userData;
    throw new Error(`app.getPath('${name}') is not recorded by the stand-in`);
  }
  getAppPath() {
    return settings.appPath;
  }
  getVersion() {
    return settings.version;
  }
  getName() {
    return settings.name;
  }
  getLocale() {
    return settings.locale;
  }
  getPreferredSystemLanguages() {
    return [settings.locale];
  }
  setAboutPanelOptions(options) {
    record.aboutPanel = options;
  }
  setAppUserModelId() {}
  addRecentDocument(path) {
    record.recentDocuments.push(path);
  }
  clearRecentDocuments() {
    record.recentDocuments.length = 0;
  }
  focus() {}
  quit() {
    if (record.quit) return;
    record.quit = true;
    const event = { defaultPrevented: false, preventDefault() {} };
    this.emit('before-quit', event);
    for (const w of [...windows]) w.close();
    this.emit('will-quit', event);
    this.emit('quit', event, 0);
  }
  exit() {
    this.quit();
  }
  /** Called by the starter, never by the app. */
  _becomeReady() {
    record.ready = true;
    this.emit('ready', {}, {});
  }
}

export const app = new App();

// --- protocol and session -------------------------------------------------------------------------------------

const handlers = new Map();
export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    if (record.ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    record.privilegedSchemes.push(...structuredClone(schemes));
  },
  handle(scheme, handler) {
    notReady('protocol.handle');
    if (handlers.has(scheme)) throw new Error(`The scheme "${scheme}" is already handled`);
    handlers.set(scheme, handler);
  },
  unhandle(scheme) {
    handlers.delete(scheme);
  },
  isProtocolHandled(scheme) {
    return Promise.resolve(handlers.has(scheme));
  },
};

const sessionState = { permissionRequest: undefined, permissionCheck: undefined, beforeRequest: undefined };
const defaultSession = {
  protocol,
  setPermissionRequestHandler(h) {
    sessionState.permissionRequest = h;
  },
  setPermissionCheckHandler(h) {
    sessionState.permissionCheck = h;
  },
  webRequest: {
    onBeforeRequest(filterOrListener, maybeListener) {
      sessionState.beforeRequest = maybeListener ?? filterOrListener;
    },
  },
};
export const session = {
  get defaultSession() {
    notReady('session.defaultSession');
    return defaultSession;
  },
};

/** What the session decides for a permission (camera, notifications…) a page asks for: true = granted. */
export function askPermission(contents, permission) {
  if (!sessionState.permissionRequest) return Promise.resolve(true);
  return new Promise((resolve) => sessionState.permissionRequest(contents, permission, resolve, {}));
}

/** Whether the session lets a request go out (onBeforeRequest): true = allowed. */
export function requestAllowed(url) {
  if (!sessionState.beforeRequest) return Promise.resolve(true);
  return new Promise((resolve) =>
    sessionState.beforeRequest({ url, method: 'GET', resourceType: 'other' }, (r) => resolve(!r?.cancel)),
  );
}

// --- IPC -------------------------------------------------------------------------------------------------------

const ipcHandlers = new Map();
class IpcMain extends EventEmitter {
  handle(channel, handler) {
    if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcHandlers.set(channel, handler);
  }
  handleOnce(channel, handler) {
    this.handle(channel, (...a) => {
      ipcHandlers.delete(channel);
      return handler(...a);
    });
  }
  removeHandler(channel) {
    ipcHandlers.delete(channel);
  }
}
export const ipcMain = new IpcMain();

/** A renderer's ipcRenderer.invoke, from a given frame of a given web contents. */
async function invokeFrom(contents, frame, channel, args) {
  const handler = ipcHandlers.get(channel);
  if (!handler) throw new Error(`Error invoking remote method '${channel}': No handler registered for '${channel}'`);
  const event = { sender: contents, senderFrame: frame, processId: 1, frameId: frame.routingId };
  return structuredClone(await handler(event, ...structuredClone(args)));
}

// --- windows and pages -----------------------------------------------------------------------------------------

const windows = [];
let nextId = 1;

class WebFrame {
  constructor(url, parent) {
    this.url = url;
    this.parent = parent;
    this.routingId = nextId++;
    this.frames = [];
    parent?.frames.push(this);
  }
}

class WebContents extends EventEmitter {
  constructor(window, webPreferences) {
    super();
    this.id = nextId++;
    this.window = window;
    this.webPreferences = webPreferences;
    this.mainFrame = undefined;
    /** The page as loaded: status, headers and text of the document, then its scripts and styles. */
    this.page = undefined;
    /** What the preload put on `window` with contextBridge. */
    this.exposed = {};
    this.openHandler = undefined;
  }
  getURL() {
    return this.mainFrame?.url ?? '';
  }
  setWindowOpenHandler(handler) {
    this.openHandler = handler;
  }
  isDestroyed() {
    return this.window.destroyed;
  }
  send(channel, ...args) {
    record.sent.push({ channel, args: structuredClone(args) });
  }
  reload() {
    record.reloads.push(this.getURL());
    if (this.mainFrame) return this.loadURL(this.mainFrame.url);
  }
  async loadURL(url) {
    const response = await fetchThroughProtocol(url);
    if (!response.ok) throw new Error(`ERR_FAILED (-2) loading '${url}' (status ${response.status})`);
    const text = await response.text();
    const headers = Object.fromEntries(response.headers.entries());
    this.mainFrame = new WebFrame(url, null);
    const page = { url, status: response.status, headers, text, resources: [] };
    for (const m of text.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/g)) {
      const target = new URL(m[1], url).href;
      const r = await fetchThroughProtocol(target);
      page.resources.push({ url: target, status: r.status, type: r.headers.get('content-type') });
      await r.arrayBuffer();
    }
    this.exposed = {};
    runPreload(this);
    this.emit('did-finish-load');
    this.window.emit('ready-to-show');
    this.page = page;
  }
  /** The page (or a child frame) calls `window.scilit.invoke(...)` through the preload's bridge. */
  invokeFromFrame(frame, channel, ...args) {
    return invokeFrom(this, frame, channel, args);
  }
  /** An iframe inside the page, e.g. a document the person opened that embeds something. */
  addChildFrame(url) {
    return new WebFrame(url, this.mainFrame);
  }
  /** The page tries to navigate (a link, a script): returns whether the app let it. */
  tryNavigate(url) {
    const event = preventable();
    this.emit('will-navigate', { ...event, url }, url);
    return !event.prevented();
  }
  tryAttachWebview() {
    const event = preventable();
    this.emit('will-attach-webview', event, {}, {});
    return !event.prevented();
  }
  tryOpenWindow(url) {
    const decision = this.openHandler ? this.openHandler({ url, frameName: '', features: '' }) : { action: 'allow' };
    return decision.action;
  }
}

function preventable() {
  let prevented = false;
  return {
    preventDefault() {
      prevented = true;
    },
    prevented: () => prevented,
  };
}

async function fetchThroughProtocol(url) {
  const scheme = new URL(url).protocol.replace(/:$/, '');
  if (!(await requestAllowed(url)))
    return new Response('blocked by the session (ERR_BLOCKED_BY_CLIENT)', { status: 499 });
  const handler = handlers.get(scheme);
  if (!handler) return new Response(`ERR_UNKNOWN_URL_SCHEME: ${scheme}`, { status: 499 });
  return handler(new Request(url));
}

/** Runs the preload as Electron's sandbox does: CommonJS, `require` knows only 'electron', no Node globals. */
function runPreload(contents) {
  const preload = contents.webPreferences?.preload;
  if (!preload) return;
  if (!isAbsolute(preload)) throw new Error(`the preload path must be absolute: ${preload}`);
  const sandboxed = contents.webPreferences.sandbox !== false;
  const isolated = contents.webPreferences.contextIsolation !== false;
  const rendererElectron = {
    contextBridge: {
      exposeInMainWorld(key, api) {
        if (!isolated) throw new Error('contextBridge API can only be used when contextIsolation is enabled');
        contents.exposed[key] = api;
      },
    },
    ipcRenderer: {
      invoke: (channel, ...args) => invokeFrom(contents, contents.mainFrame, channel, args),
      send() {},
      on() {},
    },
  };
  const require = (name) => {
    if (name === 'electron') return rendererElectron;
    if (sandboxed) throw new Error(`module not found: ${name} (a sandboxed preload may require only 'electron')`);
    throw new Error(`the stand-in does not provide ${name} to a preload`);
  };
  const module = { exports: {} };
  const code = readFileSync(preload, 'utf8');
  const fn = vm.runInNewContext(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, {
    Promise,
    String,
    Object,
    Error,
  });
  fn(module.exports, require, module, preload, dirname(preload));
}

export class BrowserWindow extends EventEmitter {
  constructor(options = {}) {
    super();
    if (!record.ready) throw new Error('Cannot create BrowserWindow before app is ready');
    this.id = nextId++;
    this.options = options;
    this.destroyed = false;
    this.visible = false;
    this.webContents = new WebContents(this, options.webPreferences ?? {});
    windows.push(this);
    record.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
    app.emit('browser-window-created', {}, this);
  }
  static getAllWindows() {
    return windows.filter((w) => !w.destroyed);
  }
  static getFocusedWindow() {
    return BrowserWindow.getAllWindows()[0] ?? null;
  }
  static fromWebContents(contents) {
    return windows.find((w) => w.webContents === contents) ?? null;
  }
  loadURL(url) {
    return this.webContents.loadURL(url);
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return this.destroyed;
  }
  setTitle(title) {
    this.title = title;
  }
  close() {
    if (this.destroyed) return;
    this.destroyed = true;
    windows.splice(windows.indexOf(this), 1);
    this.emit('closed');
    if (windows.length === 0) app.emit('window-all-closed');
  }
}

// --- menus, dialogs, shell ---------------------------------------------------------------------------------------

class MenuItem {
  constructor(options) {
    Object.assign(this, options);
    if (options.submenu && !(options.submenu instanceof Menu)) this.submenu = Menu.buildFromTemplate(options.submenu);
  }
}

export class Menu {
  constructor() {
    this.items = [];
  }
  static buildFromTemplate(template) {
    const menu = new Menu();
    menu.items = template.map((t) => new MenuItem(t));
    return menu;
  }
  static setApplicationMenu(menu) {
    record.menus.push(menu);
  }
  static getApplicationMenu() {
    return record.menus.at(-1) ?? null;
  }
}

export const dialog = {
  async showMessageBox(windowOrOptions, maybeOptions) {
    const options = maybeOptions ?? windowOrOptions;
    record.messageBoxes.push(structuredClone({ ...options, icon: undefined }));
    return { response: dialogAnswers.messageBox.shift() ?? 0, checkboxChecked: false };
  },
  showMessageBoxSync(windowOrOptions, maybeOptions) {
    const options = maybeOptions ?? windowOrOptions;
    record.messageBoxes.push(structuredClone({ ...options, icon: undefined }));
    return dialogAnswers.messageBox.shift() ?? 0;
  },
  showErrorBox(title, content) {
    record.messageBoxes.push({ type: 'error', title, message: content });
  },
  async showOpenDialog(windowOrOptions, maybeOptions) {
    const options = maybeOptions ?? windowOrOptions;
    record.openDialogs.push(structuredClone(options));
    const answer = dialogAnswers.open.shift();
    return answer ? { canceled: false, filePaths: [answer] } : { canceled: true, filePaths: [] };
  },
  async showSaveDialog(windowOrOptions, maybeOptions) {
    const options = maybeOptions ?? windowOrOptions;
    record.saveDialogs.push(structuredClone(options));
    const answer = dialogAnswers.save.shift();
    return answer ? { canceled: false, filePath: answer } : { canceled: true, filePath: '' };
  },
};

export const shell = {
  async openPath(path) {
    record.openedPaths.push(path);
    return '';
  },
  showItemInFolder(path) {
    record.shownInFolder.push(path);
  },
  async openExternal(url) {
    record.openedExternal.push(url);
  },
};

export const nativeTheme = { shouldUseDarkColors: false, themeSource: 'system' };

/** Finds a menu item by its labels from the top, e.g. ['数据文件', '立即备份']. */
export function menuItem(path) {
  let items = Menu.getApplicationMenu()?.items ?? [];
  let found;
  for (const label of path) {
    found = items.find((i) => i.label === label);
    if (!found) return undefined;
    items = found.submenu?.items ?? [];
  }
  return found;
}

export default {
  app,
  BrowserWindow,
  Menu,
  dialog,
  ipcMain,
  nativeTheme,
  protocol,
  session,
  shell,
};
