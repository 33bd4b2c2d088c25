// Findings 6 and 11 of the attack review (issue 21). `keys generate --out K` twice silently replaced the office key
// pair (packages in transit could never be opened again), and a private key written over an existing 0644 file
// stayed 0644. Databases, backups and exports were written 0644 under the usual umask, although respondents'
// answers are personal data. Now: an existing pair is never overwritten (a dated backup on --replace), and every
// such file is the user's alone (0600), also when it existed before with wider rights.
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { importResponses } from '../../../src/interchange/responses/index.ts';
import { utf8 } from '../../fixtures/interchange/files.ts';
import { newDatabase } from '../../fixtures/interchange/forms.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';

const posix = process.platform !== 'win32';
const mode = (f: string) => statSync(f).mode & 0o777;
let umask: number;
beforeAll(() => {
  umask = process.umask(0o022); // the usual umask, under which files came out 0644
});
afterAll(() => {
  process.umask(umask);
});

describe('office keys are never silently replaced', () => {
  test('a second `keys generate` into the same folder refuses and leaves both keys byte for byte', async () => {
    const dir = tempDir();
    expect((await runCli('keys', 'generate', '--out', dir)).code).toBe(0);
    const before = ['office-public.pem', 'office-private.pem'].map((f) => readFileSync(join(dir, f), 'utf8'));
    const again = await runCli('keys', 'generate', '--out', dir);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/没有被覆盖/);
    expect(again.err).toMatch(/--replace/);
    expect(['office-public.pem', 'office-private.pem'].map((f) => readFileSync(join(dir, f), 'utf8'))).toEqual(before);
  });

  test('--replace keeps the old pair as dated backups; the new private key is 0600 even over a 0644 file', async () => {
    const dir = tempDir();
    expect((await runCli('keys', 'generate', '--out', dir)).code).toBe(0);
    const oldPrivate = readFileSync(join(dir, 'office-private.pem'), 'utf8');
    if (posix) chmodSync(join(dir, 'office-private.pem'), 0o644);
    const r = await runCli('keys', 'generate', '--out', dir, '--replace');
    expect(r.code).toBe(0);
    const backups = readdirSync(dir).filter((f) => /^office-private\.\d{4}-\d\d-\d\dT\d{4}\.pem$/.test(f));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(dir, backups[0]!), 'utf8')).toBe(oldPrivate);
    expect(readFileSync(join(dir, 'office-private.pem'), 'utf8')).not.toBe(oldPrivate);
    if (posix) expect(mode(join(dir, 'office-private.pem'))).toBe(0o600);
  });
});

describe.skipIf(!posix)('personal data is written for the user alone (0600)', () => {
  test('a new database, its WAL and its shared-memory file', () => {
    const file = join(tempDir(), 'field.sqlite');
    const db = openDatabase(file, { create: true });
    db.run("INSERT INTO target_sets (target_set_id, name, created_at) VALUES ('t', 't', 'now')");
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      expect(existsSync(f), f).toBe(true);
      expect(mode(f), f).toBe(0o600);
    }
    db.close();
  });

  test('an existing database made 0644 by an older scilit is narrowed when it is opened', () => {
    const file = join(tempDir(), 'old.sqlite');
    openDatabase(file, { create: true }).close();
    chmodSync(file, 0o644);
    openDatabase(file).close();
    expect(mode(file)).toBe(0o600);
  });

  test('a data export, an error report and a field package written by the CLI', async () => {
    const dir = tempDir();
    const dbFile = join(dir, 'office.sqlite');
    const db = newDatabase(dbFile);
    await importResponses(db, utf8('instanceID,age,sex\np1,30,male\n'), { fileName: 'a.csv', formId: 'office_test' });
    db.close();
    // An existing, world-readable file at the target: the export must not inherit its rights.
    writeFileSync(join(dir, 'data.csv'), 'old', { mode: 0o644 });
    expect((await runCli('export', 'data', '--db', dbFile, '--out', join(dir, 'data.csv'))).code).toBe(0);
    expect(mode(join(dir, 'data.csv'))).toBe(0o600);
    expect((await runCli('package', 'export', '--db', dbFile, '--out', join(dir, 'p.scilitpkg'))).code).toBe(0);
    expect(mode(join(dir, 'p.scilitpkg'))).toBe(0o600);
    writeFileSync(join(dir, 'bad.csv'), 'age,sex\n17,male\n');
    const bad = await runCli(
      'import',
      'responses',
      join(dir, 'bad.csv'),
      '--db',
      dbFile,
      '--form',
      'office_test',
      '--errors',
      join(dir, 'errors.xlsx'),
    );
    expect(bad.code).not.toBe(0);
    expect(mode(join(dir, 'errors.xlsx'))).toBe(0o600);
  });
});
