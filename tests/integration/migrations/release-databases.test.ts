// Databases in users' hands: a file made by each released scilit (tests/fixtures/databases/, made on the released
// commit by scripts/fixtures/make-release-database.ts) opens with today's code, is backed up, migrated, and keeps
// every row; a file whose migration history differs from the code's is refused and left byte-identical.
import { copyFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../../db/migrate.ts';
import { migrations } from '../../../db/migrations.ts';
import { openDatabase } from '../../../db/sqlite.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';

const FIXTURES = new URL('../../fixtures/databases/', import.meta.url).pathname;
const RELEASES = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.sqlite'))
  .map((f) => f.replace(/\.sqlite$/, ''));

function copyOf(release: string): string {
  const file = join(tempDir(), 'survey.sqlite');
  copyFileSync(join(FIXTURES, `${release}.sqlite`), file);
  return file;
}

/** Every row of the tables that hold what people entered and computed, as JSON lines in key order. */
function contents(file: string) {
  const raw = new Database(file, { readonly: true });
  const dump = (sql: string) =>
    raw
      .prepare(sql)
      .all()
      .map((r) => JSON.stringify(r));
  const out = {
    interviews: dump('SELECT * FROM interviews ORDER BY interview_key'),
    answers: dump('SELECT * FROM answer_rows ORDER BY interview_key, field'),
    scores: dump('SELECT * FROM scores ORDER BY scheme_id, interview_id'),
    audit: dump('SELECT * FROM audit_log ORDER BY audit_id'),
    conflicts: dump('SELECT * FROM interview_conflicts ORDER BY interview_id, content_hash'),
    weights: dump('SELECT * FROM weights ORDER BY scheme_id, interview_id'),
    targets: dump('SELECT * FROM population_targets ORDER BY target_set_id, variables, categories'),
    forms: dump('SELECT form_id, version, definition_checksum FROM forms ORDER BY form_id, version'),
    batches: dump('SELECT * FROM import_batches ORDER BY batch_id'),
    estimateRuns: dump('SELECT * FROM estimate_runs ORDER BY run_id'),
  };
  raw.close();
  return out;
}

describe.each(RELEASES)('a database made by scilit %s', (release) => {
  const counts = JSON.parse(readFileSync(join(FIXTURES, `${release}.counts.json`), 'utf8')) as Record<string, number>;

  test('opens, is backed up, migrates to the latest schema and keeps every row', () => {
    const file = copyOf(release);
    const before = contents(file);
    expect(before.interviews.length).toBe(counts.interviews);
    expect(before.answers.length).toBe(counts.answer_rows);
    expect(before.scores.length).toBe(counts.scores);
    expect(before.audit.length).toBe(counts.audit_log);
    expect(before.conflicts.length).toBe(counts.interview_conflicts);

    const db = openDatabase(file);
    expect(db.get<{ user_version: number }>('PRAGMA user_version')?.user_version).toBe(LATEST_SCHEMA_VERSION);
    const history = db.all<{ version: number; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
    );
    expect(history).toEqual(migrations.map(({ version, name, checksum }) => ({ version, name, checksum })));
    const migrated = db.all<{ detail: string }>("SELECT detail FROM audit_log WHERE action = 'database.migrate'");
    expect(migrated).toHaveLength(1);
    db.close();

    const after = contents(file);
    for (const key of Object.keys(before) as (keyof typeof before)[]) {
      if (key === 'audit') continue;
      expect(after[key], key).toEqual(before[key]);
    }
    // The trail is append-only: every old row is still there, plus the migration's own row.
    expect(after.audit.slice(0, before.audit.length)).toEqual(before.audit);
    expect(after.audit).toHaveLength(before.audit.length + 1);

    // The copy taken before migrating is the old file's content, readable by its owner alone.
    const backups = readdirSync(join(file, '..')).filter((f) => f.startsWith('survey.before-schema-'));
    expect(backups).toHaveLength(1);
    const backup = join(file, '..', backups[0]!);
    expect(JSON.parse(migrated[0]!.detail)).toMatchObject({ backup: backups[0] });
    expect(statSync(backup).mode & 0o777).toBe(0o600);
    expect(contents(backup)).toEqual(before);

    // Opening again migrates nothing and backs up nothing.
    openDatabase(file).close();
    expect(readdirSync(join(file, '..')).filter((f) => f.startsWith('survey.before-schema-'))).toHaveLength(1);
  });

  test('scilit check accepts it and says it will be upgraded', async () => {
    const file = copyOf(release);
    const r = await runCli('check', '--db', file);
    expect(r.err).toMatch(/older than|upgrade/);
    expect(r.err).not.toMatch(/differ|不同|不一致/);
  });
});

describe('a migration history that is not the code’s is refused, the file byte-identical', () => {
  function migrated(): string {
    const file = copyOf('0.1.0');
    openDatabase(file).close();
    // One self-contained file, so that "byte-identical" covers everything.
    const raw = new Database(file);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    return file;
  }
  const cases: [string, (raw: Database.Database) => void][] = [
    [
      'an edited migration (checksum changed)',
      (raw) => raw.prepare("UPDATE schema_migrations SET checksum = 'abc' WHERE version = 1").run(),
    ],
    [
      'a renamed migration',
      (raw) => raw.prepare("UPDATE schema_migrations SET name = '001_other' WHERE version = 1").run(),
    ],
    ['a missing history row', (raw) => raw.prepare('DELETE FROM schema_migrations WHERE version = 1').run()],
    [
      'an unknown migration in the history',
      (raw) =>
        raw
          .prepare("INSERT INTO schema_migrations VALUES (?, '999_someone_elses', 'x', '2026-01-01')")
          .run(LATEST_SCHEMA_VERSION + 1),
    ],
    ['a dropped history table', (raw) => raw.exec('DROP TABLE schema_migrations')],
  ];
  for (const [what, tamper] of cases) {
    test(what, async () => {
      const file = migrated();
      const raw = new Database(file);
      tamper(raw);
      raw.close();
      const bytes = readFileSync(file);
      expect(() => openDatabase(file)).toThrow(/迁移|migration/);
      const r = await runCli('check', '--db', file);
      expect(r.code).toBe(1);
      expect(readFileSync(file).equals(bytes)).toBe(true);
    });
  }

  test('a version-1 file whose schema is not 0.1.0’s (a pre-release build) is refused, not half-migrated', async () => {
    const file = copyOf('0.1.0');
    const raw = new Database(file);
    raw.pragma('journal_mode = DELETE');
    // An earlier 001 lacked the answers view's triggers and an index: the kind of file that used to pass `check`
    // and then fail with a raw SqliteError.
    raw.exec('DROP TRIGGER answers_update; DROP INDEX interviews_household');
    raw.close();
    const bytes = readFileSync(file);
    expect(() => openDatabase(file)).toThrow(/0\.1\.0/);
    const r = await runCli('check', '--db', file);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/0\.1\.0/);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });
});
