// Starts a desktop app folder under plain Node the way Electron starts it, with the stand-in `electron` module
// (electron.mjs): package.json "main" is loaded as Electron loads it (an ES module when it ends in .mjs, or in .js
// under "type": "module"; CommonJS otherwise) and `ready` is emitted exactly when Electron emits it — at once
// after a CommonJS main returns, after an ES module main has settled, top-level awaits included.
import { readFileSync } from 'node:fs';
import Module, { createRequire, register } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as electron from './electron.mjs';

const STAND_IN_URL = new URL('./electron.mjs', import.meta.url).href;
const CJS_ID = '\0electron-stand-in';

function installResolver() {
  register(new URL('./hooks.mjs', import.meta.url), { data: { standIn: STAND_IN_URL } });
  // CommonJS `require('electron')` gets the same stand-in.
  const original = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return request === 'electron' ? CJS_ID : original.call(this, request, ...rest);
  };
  const cjs = new Module(CJS_ID);
  cjs.exports = electron.default;
  cjs.loaded = true;
  Module._cache[CJS_ID] = cjs;
}

/**
 * Loads the app in `appDir` and emits `ready` when Electron would. Errors Electron would show in its
 * "A JavaScript error occurred in the main process" box, and unhandled rejections it would log, are recorded.
 */
export async function startApp(appDir, { userData, locale = 'zh-CN' }) {
  installResolver();
  process.on('uncaughtException', (e) => electron.record.errors.push(`uncaught: ${e?.stack ?? e}`));
  process.on('unhandledRejection', (e) => electron.record.errors.push(`unhandled rejection: ${e?.stack ?? e}`));
  const pkg = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8'));
  const main = resolve(appDir, pkg.main ?? 'index.js');
  const esm = main.endsWith('.mjs') || (main.endsWith('.js') && pkg.type === 'module');
  electron.configure({ userData, appPath: appDir, version: pkg.version, name: pkg.productName ?? pkg.name, locale });
  try {
    if (esm) await import(pathToFileURL(main).href);
    else createRequire(main)(main);
  } catch (e) {
    electron.record.errors.push(`A JavaScript error occurred in the main process: ${e?.stack ?? e}`);
  }
  electron.app._becomeReady();
  return { electron, main, esm };
}

/** Waits until `test()` gives something truthy, checking every 50 ms; undefined after `ms`. */
export async function waitFor(test, ms) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await test();
    if (value) return value;
    if (Date.now() > end) return undefined;
    await new Promise((r) => setTimeout(r, 50));
  }
}
