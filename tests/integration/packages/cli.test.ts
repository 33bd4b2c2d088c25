import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { interview, newLaptop } from '../../helpers/field-laptops.ts';
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
