// Packaging rebuilds better-sqlite3 for Electron in the working tree; the tests, the CLI and `npm run web` need
// the Node build back afterwards. @electron/rebuild's fallback (node-gyp) deletes build/ before compiling: the
// stand-in rebuild below does the same, then leaves a binary Node cannot load, as a build for Electron's ABI is.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { expect, test } from 'vitest';
import {
  afterPack,
  beforePack,
  loadsUnderNode,
  nativeBinary,
  type PackContext,
  type RebuildOptions,
} from '../../../electron/pack-hooks.mjs';
import { tempDir } from '../../helpers/tmp.ts';

const require = createRequire(import.meta.url);
const NODE_BUILD = join(
  dirname(require.resolve('better-sqlite3/package.json')),
  'build',
  'Release',
  'better_sqlite3.node',
);

/** A project folder holding a copy of the working tree's Node build of better-sqlite3. */
function project(): { dir: string; context: PackContext } {
  const dir = tempDir('scilit-pack-');
  mkdirSync(dirname(nativeBinary(dir)), { recursive: true });
  copyFileSync(NODE_BUILD, nativeBinary(dir));
  return {
    dir,
    context: {
      packager: { projectDir: dir, config: { electronVersion: '45.4.1' } },
      arch: 1,
      electronPlatformName: 'linux',
    },
  };
}

const calls: RebuildOptions[] = [];
/** What node-gyp does to the module when @electron/rebuild falls back to it: build/ removed, an Electron build left. */
async function nodeGypRebuild(options: RebuildOptions): Promise<void> {
  calls.push(options);
  const build = join(options.buildPath, 'node_modules', 'better-sqlite3', 'build');
  rmSync(build, { recursive: true, force: true });
  mkdirSync(join(build, 'Release'), { recursive: true });
  writeFileSync(join(build, 'Release', 'better_sqlite3.node'), 'built for Electron 45 (NODE_MODULE_VERSION 140)');
}

test('the Node build is intact after packaging even when the rebuild deleted build/', async () => {
  const { dir, context } = project();
  const original = readFileSync(nativeBinary(dir));
  expect(loadsUnderNode(nativeBinary(dir))).toBe(true);

  await beforePack(context, nodeGypRebuild);
  expect(calls.at(-1)).toEqual({
    buildPath: dir,
    electronVersion: '45.4.1',
    arch: 'x64',
    platform: 'linux',
    onlyModules: ['better-sqlite3'],
    force: true,
  });
  // While the app is copied, the module is Electron's.
  expect(readFileSync(nativeBinary(dir), 'utf8')).toContain('Electron');

  await afterPack(context);
  expect(readFileSync(nativeBinary(dir)).equals(original)).toBe(true);
  expect(loadsUnderNode(nativeBinary(dir))).toBe(true);
});

test('a packaging run that stopped before afterPack: the next run still restores the Node build', async () => {
  const { dir, context } = project();
  const original = readFileSync(nativeBinary(dir));
  await beforePack(context, nodeGypRebuild);
  // electron-builder failed here; afterPack never ran. The next run must not take Electron's build for Node's.
  await beforePack(context, nodeGypRebuild);
  await afterPack(context);
  expect(readFileSync(nativeBinary(dir)).equals(original)).toBe(true);
});

test('afterPack without a backup leaves the tree as it is', async () => {
  const { dir, context } = project();
  rmSync(nativeBinary(dir));
  await afterPack(context);
  expect(existsSync(nativeBinary(dir))).toBe(false);
});

test('every package the hooks import is a declared devDependency', () => {
  const hooks = readFileSync(join(import.meta.dirname, '../../../electron/pack-hooks.mjs'), 'utf8');
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../../package.json'), 'utf8'));
  const imported = [...hooks.matchAll(/import\(\s*'([^'.][^']*)'\s*\)|from '([^'.][^']*)'/g)]
    .map((m) => (m[1] ?? m[2]) as string)
    .filter((name) => !name.startsWith('node:'));
  expect(imported).toContain('@electron/rebuild');
  for (const name of imported) expect(Object.keys(pkg.devDependencies)).toContain(name);
});
