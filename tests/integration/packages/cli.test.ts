import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { runCli } from '../../helpers/cli.ts';
import { exportPkg, interview, newLaptop } from '../../helpers/field-laptops.ts';
import { tempDir } from '../../helpers/tmp.ts';

test('an office makes its keys; a surveyor exports an encrypted package; the office imports it with the CLI', async () => {
  const dir = tempDir('scilit-pkg-cli-');
  const keys = join(dir, 'keys');
  expect((await runCli('keys', 'generate', '--out', keys)).code).toBe(0);
  expect(readFileSync(join(keys, 'office-public.pem'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  expect(statSync(join(keys, 'office-private.pem')).mode & 0o077).toBe(0); // private key: owner only

  const laptop = newLaptop('surveyor');
  await interview(laptop.db, 'S03', 5);
  laptop.db.close();
  const pkg = join(dir, 'S03.scilitpkg');
  const exported = await runCli(
    'package',
    'export',
    '--db',
    laptop.path,
    '--out',
    pkg,
    '--encrypt-to',
    join(keys, 'office-public.pem'),
  );
  expect(exported.code).toBe(0);
  expect(exported.out).toMatch(/5 interviews.*encrypted/);

  const office = newLaptop('office');
  office.db.close();
  const withoutKey = await runCli('package', 'import', pkg, '--db', office.path);
  expect(withoutKey.code).toBe(1);
  expect(withoutKey.err).toMatch(/encrypted to the office key/);

  const imported = await runCli(
    'package',
    'import',
    pkg,
    '--db',
    office.path,
    '--key',
    join(keys, 'office-private.pem'),
  );
  expect(imported.code).toBe(0);
  expect(imported.out).toMatch(/5 added/);
  const again = await runCli('package', 'import', pkg, '--db', office.path, '--key', join(keys, 'office-private.pem'));
  expect(again.out).toMatch(/already imported; nothing added/);
  expect((await runCli('check', '--db', office.path)).code).toBe(0);
});

test('the office merges a stack of packages with one command; a damaged one is refused alone and named', async () => {
  const dir = tempDir('scilit-pkg-cli-many-');
  const a = newLaptop('surveyor-a');
  const b = newLaptop('surveyor-b');
  await interview(a.db, 'S01', 4, 1);
  await interview(b.db, 'S02', 3, 2);
  const files = [join(dir, 'a.scilitpkg'), join(dir, 'broken.scilitpkg'), join(dir, 'b.scilitpkg')];
  writeFileSync(files[0] as string, await exportPkg(a.db));
  const fromB = await exportPkg(b.db);
  writeFileSync(files[1] as string, fromB.subarray(0, fromB.length - 40)); // cut short: a truncated copy
  writeFileSync(files[2] as string, fromB);
  const office = newLaptop('office');
  office.db.close();

  const r = await runCli('package', 'import', ...files, '--db', office.path);
  expect(r.code).toBe(1);
  expect(r.out).toMatch(/a\.scilitpkg: 4 interviews — 4 added/);
  expect(r.out).toMatch(/b\.scilitpkg: 3 interviews — 3 added/);
  expect(r.err).toMatch(/broken\.scilitpkg: refused, nothing from it was imported: [\s\S]*damaged or truncated/);
  expect(r.out).toMatch(/2 of 3 packages merged \(7 interviews added or updated\); 1 refused/);

  // The same stack again: nothing added, the broken copy still refused.
  const again = await runCli('package', 'import', ...files, '--db', office.path);
  expect(again.out).toMatch(/a\.scilitpkg: already imported; nothing added/);
  expect(again.out).toMatch(/2 of 3 packages merged \(0 interviews added or updated\)/);
  const db = openDatabase(office.path);
  expect(db.get<{ n: number }>("SELECT count(*) AS n FROM interviews WHERE status = 'final'")?.n).toBe(7);
  db.close();
});
