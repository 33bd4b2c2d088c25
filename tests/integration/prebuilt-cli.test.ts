// The prebuilt `scilit` (dist/node, built on install and by `npm run build`): it answers as the sources do, finds
// every file it loads at run time (its workers, the bundled questionnaire), runs a batch package import through
// its bundled package-reader worker without tsx, and steps aside for the sources when they are newer.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { prebuiltEntry } from '../../bin/prebuilt.mjs';
import { openDatabase } from '../../db/sqlite.ts';
import { runtimeReferences } from '../../electron/runtime-files.ts';
import { buildNode } from '../../scripts/build.ts';
import { commands } from '../../src/node/commands/index.ts';
import { laptopPackage } from '../helpers/bundled-laptop.ts';
import { tempDir } from '../helpers/tmp.ts';

const root = resolve(import.meta.dirname, '../..');
const rootUrl = pathToFileURL(`${root}/`);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

/** Runs the prebuilt entry itself under plain Node (no tsx anywhere), as bin/scilit.mjs does when it is current. */
function prebuilt(...args: string[]): { code: number | null; out: string; err: string } {
  const runner = join(tempDir('scilit-prebuilt-run-'), 'run.mjs');
  const entry = pathToFileURL(join(root, 'dist/node/scilit.mjs')).href;
  writeFileSync(
    runner,
    `import { main } from ${JSON.stringify(entry)};\nprocess.exitCode = await main(process.argv.slice(2));\n`,
  );
  const r = spawnSync(process.execPath, [runner, ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  await buildNode();
}, 120_000);

describe('the prebuilt scilit command', () => {
  test('every file a bundle of dist/node loads at run time exists', () => {
    const entries = ['dist/node/scilit.mjs', 'dist/node/cli.mjs'];
    const files = runtimeReferences(root, entries)
      .map((r) => r.file)
      .filter((f) => !f.startsWith('renderer/'));
    for (const f of [
      'dist/node/worker-entry.mjs',
      'dist/node/package-reader-worker-entry.mjs',
      'dist/node/import-store-worker.mjs',
      'forms/civic-science-literacy.xlsx',
    ]) {
      expect(files).toContain(f);
    }
    const missing = runtimeReferences(root, entries).filter((r) => {
      if (r.file.endsWith('/')) return false;
      try {
        readFileSync(join(root, r.file));
        return false;
      } catch {
        return true;
      }
    });
    expect(missing).toEqual([]);
  });

  test('--version, --help and a command’s usage answer as from the sources', () => {
    expect(prebuilt('--version').out.trim()).toBe(`scilit ${pkg.version}`);
    const help = prebuilt('--help').out;
    for (const c of commands) expect(help).toContain(`  ${c.name} `);
    expect(prebuilt('check', '--help').out).toContain('Usage: scilit check --db FILE');
    const unknown = prebuilt('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown command "frobnicate"');
  });

  test('a batch package import runs through the bundled package-reader worker', async () => {
    const dir = tempDir('scilit-prebuilt-');
    const db = join(dir, 'office.sqlite');
    expect(prebuilt('init', '--db', db).code).toBe(0);
    const a = await laptopPackage('王芳', 'R1', 2);
    writeFileSync(join(dir, 'a.scilitpkg'), a);
    writeFileSync(join(dir, 'b.scilitpkg'), await laptopPackage('赵强', 'R2', 3));
    writeFileSync(join(dir, 'c.scilitpkg'), a.subarray(0, 100));
    // The office database needs the questionnaire the packages were filled in.
    const office = openDatabase(db);
    const { ensureBundledForm } = await import('../../src/node/bundled-form.ts');
    await ensureBundledForm(office);
    office.close();
    const r = prebuilt(
      'package',
      'import',
      join(dir, 'a.scilitpkg'),
      join(dir, 'b.scilitpkg'),
      join(dir, 'c.scilitpkg'),
      '--db',
      db,
    );
    expect(r.err + r.out).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find module/);
    const check = openDatabase(db, { readonly: true });
    expect(check.get('SELECT count(*) AS n FROM interviews'), r.out + r.err).toEqual({ n: 5 });
    check.close();
  });

  test('bin/scilit.mjs runs the bundle while it is current and the sources once one of them is newer', () => {
    expect(prebuiltEntry(rootUrl)?.href).toBe(pathToFileURL(join(root, 'dist/node/scilit.mjs')).href);
    expect(prebuiltEntry(rootUrl, { SCILIT_FROM_SOURCE: '1' })).toBeUndefined();
    const info = JSON.parse(readFileSync(join(root, 'dist/node/build-info.json'), 'utf8')) as { sources: string[] };
    expect(info.sources).toContain('src/node/cli.ts');
    // A developer edits a source file after the build (its time moves past the build's).
    const source = join(root, 'src/node/cli-help.ts');
    const before = statSync(source);
    const later = new Date(Date.now() + 60_000);
    utimesSync(source, later, later);
    try {
      expect(prebuiltEntry(rootUrl)).toBeUndefined();
      // And the command still answers, from the sources.
      const out = execFileSync(process.execPath, [join(root, 'bin/scilit.mjs'), '--version'], { encoding: 'utf8' });
      expect(out.trim()).toBe(`scilit ${pkg.version}`);
    } finally {
      utimesSync(source, before.atime, before.mtime);
    }
  });
});
