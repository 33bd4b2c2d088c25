// electron-builder hooks. The working tree keeps better-sqlite3 built for Node (tests, CLI, `npm run web`);
// only while packaging is it rebuilt for the Electron being shipped, and the Node build is put back after.
import { copyFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const ARCH = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

function binary(projectDir) {
  return join(projectDir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
}

export async function beforePack(context) {
  const projectDir = context.packager.projectDir;
  const built = binary(projectDir);
  if (existsSync(built) && !existsSync(`${built}.node-build`)) copyFileSync(built, `${built}.node-build`);
  const { rebuild } = await import('@electron/rebuild');
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

export async function afterPack(context) {
  const built = binary(context.packager.projectDir);
  if (existsSync(`${built}.node-build`)) copyFileSync(`${built}.node-build`, built);
}
