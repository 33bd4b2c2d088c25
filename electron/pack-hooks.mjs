// electron-builder hooks. The working tree keeps better-sqlite3 built for Node (tests, CLI, `npm run web`); only
// while packaging is it rebuilt for the Electron being shipped, and the Node build is put back afterwards.
// The Node build waits outside better-sqlite3's build/ folder: when @electron/rebuild falls back to node-gyp,
// node-gyp deletes build/ before compiling, and a copy kept inside it would go with it.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const ARCH = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

export function nativeBinary(projectDir) {
  return join(projectDir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
}

export function nodeBuildBackup(projectDir) {
  return join(projectDir, 'node_modules', '.cache', 'scilit-pack', 'better_sqlite3.node');
}

/** Whether this Node can load the binary (a build for Electron's ABI, or a damaged file, cannot). */
export function loadsUnderNode(file) {
  try {
    execFileSync(process.execPath, ['-e', 'process.dlopen({ exports: {} }, process.argv[1])', file], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Copies the Node build aside before it is replaced. When a backup is already there (a packaging run that
 * stopped before afterPack), it is kept unless the binary in place is itself a Node build, which is newer.
 */
export function keepNodeBuild(projectDir) {
  const built = nativeBinary(projectDir);
  const backup = nodeBuildBackup(projectDir);
  if (!existsSync(built)) return;
  if (existsSync(backup) && !loadsUnderNode(built)) return;
  mkdirSync(dirname(backup), { recursive: true });
  copyFileSync(built, backup);
}

/** Puts the Node build back (build/ may have been deleted and remade in between) and checks that it loads. */
export function restoreNodeBuild(projectDir) {
  const built = nativeBinary(projectDir);
  const backup = nodeBuildBackup(projectDir);
  if (!existsSync(backup)) return false;
  mkdirSync(dirname(built), { recursive: true });
  copyFileSync(backup, built);
  if (!loadsUnderNode(built)) {
    throw new Error(
      `the Node build of better-sqlite3 put back from ${backup} does not load; run \`npm rebuild better-sqlite3\``,
    );
  }
  rmSync(backup);
  return true;
}

async function electronRebuild(options) {
  const { rebuild } = await import('@electron/rebuild');
  await rebuild(options);
}

/** beforePack: keep the Node build aside, then rebuild better-sqlite3 for the Electron being packed. */
export async function beforePack(context, rebuild = electronRebuild) {
  const projectDir = context.packager.projectDir;
  keepNodeBuild(projectDir);
  const electronVersion = context.packager.config.electronVersion ?? require('electron/package.json').version;
  await rebuild({
    buildPath: projectDir,
    electronVersion,
    arch: ARCH[context.arch] ?? process.arch,
    platform: context.electronPlatformName,
    onlyModules: ['better-sqlite3'],
    force: true,
  });
}

/** afterPack: the app's copy has been made; the working tree gets its Node build back. */
export async function afterPack(context) {
  restoreNodeBuild(context.packager.projectDir);
}
