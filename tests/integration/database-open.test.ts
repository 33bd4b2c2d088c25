import { chmodSync, copyFileSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../db/migrate.ts';
import { openDatabase } from '../../db/sqlite.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

function freshDb(): string {
  const file = join(tempDir(), 'survey.sqlite');
  openDatabase(file, { create: true }).close();
  return file;
}

describe('opening a database', () => {
  test('a new database gets the latest schema, WAL, foreign keys and synchronous=FULL', () => {
    const db = openDatabase(join(tempDir(), 'new.sqlite'), { create: true });
    expect(db.get<{ journal_mode: string }>('PRAGMA journal_mode')?.journal_mode).toBe('wal');
    expect(db.get<{ foreign_keys: number }>('PRAGMA foreign_keys')?.foreign_keys).toBe(1);
    expect(db.get<{ synchronous: number }>('PRAGMA synchronous')?.synchronous).toBe(2); // 2 = FULL
    expect(db.get<{ timeout: number }>('PRAGMA busy_timeout')?.timeout).toBe(5000);
    expect(db.get<{ user_version: number }>('PRAGMA user_version')?.user_version).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  test('a missing folder is refused and nothing is created', () => {
    expect(() => openDatabase(join(tempDir(), 'no', 'such', 'x.sqlite'), { create: true })).toThrow(
      /folder .* does not exist/,
    );
  });

  test('a missing file is refused unless creation was asked for', () => {
    expect(() => openDatabase(join(tempDir(), 'absent.sqlite'))).toThrow(/no database at/);
  });

  test('a read-only folder is refused with a clear message', () => {
    if (process.getuid?.() === 0) return; // root writes anywhere; the permission check cannot be observed
    const dir = tempDir();
    const file = join(dir, 'ro.sqlite');
    openDatabase(file, { create: true }).close();
    chmodSync(dir, 0o555);
    try {
      expect(() => openDatabase(file)).toThrow(/cannot be written/);
    } finally {
      chmodSync(dir, 0o755);
    }
  });
});

describe('bad files are refused and left byte-identical', () => {
  const cases: [string, (file: string) => void, RegExp][] = [
    ['a text file', (f) => writeFileSync(f, 'name,age\nZhang,34\n'), /not an SQLite file|not a readable/],
    [
      'random bytes',
      (f) => writeFileSync(f, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 256))),
      /not/,
    ],
    ['an empty header of zeros', (f) => writeFileSync(f, Buffer.alloc(4096)), /not/],
    [
      'a truncated database',
      (f) => {
        const src = freshDb();
        copyFileSync(src, f);
        truncateSync(f, 1500);
      },
      /not|damaged|malformed/,
    ],
    [
      'a database from a newer scilit',
      (f) => {
        const src = freshDb();
        const raw = new Database(src);
        raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
        raw.pragma('journal_mode = DELETE');
        raw.close();
        copyFileSync(src, f);
      },
      /newer scilit/,
    ],
    [
      'an SQLite file of another program',
      (f) => {
        const raw = new Database(f);
        raw.exec('CREATE TABLE contacts (name TEXT)');
        raw.close();
      },
      /another program|not a scilit database/,
    ],
  ];

  for (const [what, make, message] of cases) {
    test(`${what}: open refuses, check exits non-zero, bytes unchanged`, async () => {
      const file = join(tempDir(), 'bad.sqlite');
      make(file);
      const before = readFileSync(file);
      expect(() => openDatabase(file)).toThrow(message);
      const r = await runCli('check', '--db', file);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/problem:/);
      expect(readFileSync(file).equals(before)).toBe(true);
    });
  }
});

describe('scilit init and check', () => {
  test('init creates a database that check accepts', async () => {
    const file = join(tempDir(), 'fresh.sqlite');
    expect((await runCli('init', '--db', file)).code).toBe(0);
    const r = await runCli('check', '--db', file);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^OK /);
  });

  test('check finds a broken foreign key', async () => {
    const file = freshDb();
    const raw = new Database(file);
    raw.pragma('foreign_keys = OFF');
    raw
      .prepare(
        "INSERT INTO interviews (interview_id, form_id, form_version, started_at, updated_at) VALUES ('x', 'nope', '1', 't', 't')",
      )
      .run();
    raw.close();
    const r = await runCli('check', '--db', file);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/foreign key: .*interviews.*forms/);
  });

  test('--help lists the commands; an unknown command is a usage error', async () => {
    const h = await runCli('--help');
    expect(h.out).toMatch(/init/);
    expect(h.out).toMatch(/check/);
    expect((await runCli('frobnicate')).code).toBe(2);
    expect((await runCli('check')).code).toBe(2);
  });
});
