import type { SqlDriver } from '../src/store/driver.ts';
import { StoreError } from '../src/store/errors.ts';
import { type Migration, migrations } from './migrations.ts';

/** `PRAGMA application_id` of every scilit database ("SCIL" in ASCII): tells our files from other SQLite files. */
export const SCILIT_APPLICATION_ID = 0x5343494c;
export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]?.version ?? 0;
/** The migration that added schema_migrations: databases below it (0.1.0) have no recorded history. */
const HISTORY_VERSION = 2;

export interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
}

export interface SchemaState {
  applicationId: number;
  version: number;
  /** The file has tables but is not a scilit database. */
  foreign: boolean;
  /** The rows of schema_migrations, in version order; null where the table does not exist (0.1.0 and new files). */
  history: AppliedMigration[] | null;
}

export function readSchemaState(db: SqlDriver): SchemaState {
  const applicationId = Number(db.get<{ application_id: number }>('PRAGMA application_id')?.application_id ?? 0);
  const version = Number(db.get<{ user_version: number }>('PRAGMA user_version')?.user_version ?? 0);
  const tables = Number(db.get<{ n: number }>("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'")?.n ?? 0);
  const hasHistory = db.get("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'");
  const foreign = applicationId !== SCILIT_APPLICATION_ID && tables > 0;
  const history =
    hasHistory && !foreign
      ? db.all<AppliedMigration>('SELECT version, name, checksum FROM schema_migrations ORDER BY version')
      : null;
  return { applicationId, version, foreign, history };
}

/**
 * The schema objects of a database as comparable lines (type, name, table and the CREATE text with runs of white
 * space made one), SQLite's own objects left out: what decides whether a 0.1.0 file was made by 0.1.0's schema.
 */
export function schemaOf(db: SqlDriver): string[] {
  return db
    .all<{ type: string; name: string; tbl_name: string; sql: string | null }>(
      "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )
    .map((r) => `${r.type} ${r.name} ${r.tbl_name} ${(r.sql ?? '').replace(/\s+/g, ' ').trim()}`);
}

export interface CompatibilityOptions {
  /** The schema a new database has after migrations 1..version (db/sqlite.ts builds it in memory). */
  expectedSchema?: (version: number) => string[];
  all?: readonly Migration[];
}

const untouched = '文件未作任何修改。';

/** Refuses, with a message the user can act on, any file this version of scilit must not write to. */
export function assertCompatible(
  db: SqlDriver,
  state: SchemaState = readSchemaState(db),
  options: CompatibilityOptions = {},
): void {
  const all = options.all ?? migrations;
  const latest = all[all.length - 1]?.version ?? 0;
  if (state.foreign) {
    throw new StoreError(
      'foreign_database',
      `${db.path} 是其他程序的 SQLite 文件，不是 scilit 数据库（an SQLite file of another program）。${untouched}`,
    );
  }
  if (state.version > latest) {
    throw new StoreError(
      'newer_schema',
      `${db.path} 由更新版本的 scilit 写入（结构版本 ${state.version}，本版本最多认识 ${latest}；written by a newer scilit）。` +
        `请安装新版本后再打开。${untouched}`,
    );
  }
  const problem = historyProblem(db, state, all, options.expectedSchema);
  if (problem) throw new StoreError('migration_mismatch', `${db.path}：${problem}${untouched}`);
}

/** Why the file's recorded migrations are not the code's (edited, missing, unknown), or null when they agree. */
function historyProblem(
  db: SqlDriver,
  state: SchemaState,
  all: readonly Migration[],
  expectedSchema?: (version: number) => string[],
): string | null {
  if (state.version === 0) return null;
  if (state.history === null) {
    if (state.version >= HISTORY_VERSION) {
      return `结构版本为 ${state.version}，但迁移记录表 schema_migrations 不见了（the migration history is missing），无法确认其结构。`;
    }
    // A 0.1.0 database: no history was kept then, so its schema itself must be 0.1.0's.
    if (expectedSchema && schemaOf(db).join('\n') !== expectedSchema(state.version).join('\n')) {
      return (
        '该数据库的结构与 scilit 0.1.0 的不同：它可能由某个预发布版本创建或被其他工具改动过' +
        '（schema differs from the released 0.1.0 schema），scilit 不会升级它。请用创建它的版本导出数据。'
      );
    }
    return null;
  }
  const byVersion = new Map(state.history.map((h) => [h.version, h]));
  for (const h of state.history) {
    const m = all.find((x) => x.version === h.version);
    if (!m || h.version > state.version) {
      return `迁移记录中有本版本 scilit 不认识的迁移 ${h.version}（${h.name}）（unknown migration in the history）。`;
    }
  }
  for (const m of all) {
    if (m.version > state.version) break;
    const h = byVersion.get(m.version);
    if (!h) return `迁移记录缺少第 ${m.version} 步（${m.name}）（a migration is missing from the history）。`;
    if (h.name !== m.name || h.checksum !== m.checksum) {
      return (
        `迁移记录与本版本不一致：第 ${m.version} 步记录为 ${h.name}（校验和 ${h.checksum.slice(0, 12)}…），` +
        `本版本为 ${m.name}（${m.checksum.slice(0, 12)}…）（the applied migrations differ from this version's）。`
      );
    }
  }
  return null;
}

export interface MigrateOptions extends CompatibilityOptions {
  /** Called before the first pending migration of a database that already has data (db/sqlite.ts backs it up). */
  beforeMigrating?: (fromVersion: number) => void;
}

/**
 * Applies the pending migrations, each in its own transaction with its schema_migrations row (and, for a 0.1.0
 * database, the row of the migrations it already had), and records the version.
 */
export function migrate(db: SqlDriver, options: MigrateOptions = {}): number[] {
  const all = options.all ?? migrations;
  const state = readSchemaState(db);
  assertCompatible(db, state, options);
  const pending = all.filter((m) => m.version > state.version);
  if (pending.length && state.version > 0) options.beforeMigrating?.(state.version);
  const applied: number[] = [];
  for (const m of pending) {
    // PRAGMAs take no bound parameters; both values are integers from our own code, checked here.
    if (!Number.isInteger(m.version)) throw new Error(`bad migration version ${m.version}`);
    db.transaction(() => {
      db.exec(m.sql);
      if (m.version >= HISTORY_VERSION) {
        const at = new Date().toISOString();
        for (const done of all) {
          if (done.version > m.version) break;
          db.run('INSERT OR IGNORE INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)', [
            done.version,
            done.name,
            done.checksum,
            at,
          ]);
        }
      }
      db.exec(`PRAGMA application_id = ${SCILIT_APPLICATION_ID}`);
      db.exec(`PRAGMA user_version = ${m.version}`);
    });
    applied.push(m.version);
  }
  return applied;
}
