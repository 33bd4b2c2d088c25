// `npm run dist -- --win` / `-- --linux` (on a machine that can download Electron): builds the renderer and the
// shell, then runs electron-builder with electron-builder.yml and the arguments given. The pack hooks rebuild
// better-sqlite3 for Electron and put the Node build back; should electron-builder stop in between, the Node build
// is put back here too, so tests, the CLI and `npm run web` keep working. `npm run dist:dry` works without Electron.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildElectron } from './build.ts';
import { restoreNodeBuild } from './pack-hooks.mjs';
import { PROJECT_DIR } from './runtime-files.ts';

await buildElectron();
const builder = join(PROJECT_DIR, 'node_modules', 'electron-builder', 'cli.js');
const run = spawnSync(process.execPath, [builder, '--config', 'electron-builder.yml', ...process.argv.slice(2)], {
  cwd: PROJECT_DIR,
  stdio: 'inherit',
});
if (restoreNodeBuild(PROJECT_DIR)) console.log('dist: the Node build of better-sqlite3 was put back.');
process.exitCode = run.status ?? 1;
