import { randomUUID } from 'node:crypto';
import { accessSync, chmodSync, constants, existsSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { createPrivateFile, narrowToOwner } from '../src/node/private-file.ts';
import type { RunResult, SqlDriver, SqlParams, SqlStatement } from '../src/store/driver.ts';
import { StoreError } from '../src/store/errors.ts';
import {
  assertCompatible,
  LATEST_SCHEMA_VERSION,
  migrate,
  readSchemaState,
  SCILIT_APPLICATION_ID,
  schemaOf,
} from './migrate.ts';
import { migrations } from './migrations.ts';
import { recoverUnfinishedWrites } from './recover.ts';
import { acquireWriteGate, interactiveWriterWaiting, releaseWriteGate, writeOwner } from './write-gate.ts';

type Bindable = unknown[];

function bind(params: SqlParams | undefined): Bindable {
  if (params === undefined) return [];
  return Array.isArray(params) ? (params as unknown[]) : [params];
}

class BetterSqliteDriver implements SqlDriver {
  private readonly cache = new Map<string, SqlStatement<unknown>>();

  constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {}

  prepare<Row>(sql: string): SqlStatement<Row> {
    let cached = this.cache.get(sql) as SqlStatement<Row> | undefined;
    if (!cached) {
      const stmt = this.db.prepare(sql);
      // A write outside any transaction is one of its own, taken like every other (gate, then BEGIN IMMEDIATE).
      // Statements that cannot run inside a transaction (VACUUM, PRAGMA) are left as they are.
      const run =
        stmt.readonly || !/^\s*(INSERT|UPDATE|DELETE|REPLACE|WITH)\b/i.test(sql)
          ? (p?: SqlParams) => stmt.run(...bind(p)) as RunResult
          : (p?: SqlParams) =>
              this.db.inTransaction
                ? (stmt.run(...bind(p)) as RunResult)
                : this.transaction(() => stmt.run(...bind(p)) as RunResult);
      cached = {
        run,
        get: (p) => stmt.get(...bind(p)) as Row | undefined,
        all: (p) => stmt.all(...bind(p)) as Row[],
        iterate: (p) => stmt.iterate(...bind(p)) as IterableIterator<Row>,
      };
      this.cache.set(sql, cached as SqlStatement<unknown>);
    }
    return cached;
  }
  run(sql: string, params?: SqlParams): RunResult {
    return this.prepare(sql).run(params);
  }
  get<Row>(sql: string, params?: SqlParams): Row | undefined {
    return this.prepare<Row>(sql).get(params);
  }
  all<Row>(sql: string, params?: SqlParams): Row[] {
    return this.prepare<Row>(sql).all(params);
  }
  exec(sql: string): void {
    this.db.exec(sql);
  }
  transaction<T>(fn: () => T): T {
    if (this.db.inTransaction) return this.db.transaction(fn)();
    const gated = acquireWriteGate();
    try {
      return this.db.transaction(fn).immediate();
    } finally {
      if (gated) releaseWriteGate();
    }
  }
  othersWaiting(): boolean {
    return interactiveWriterWaiting();
  }
  writerId(): string {
    return writeOwner();
  }
  close(): void {
    this.cache.clear();
    if (this.db.open) this.db.close();
  }
}

export interface OpenOptions {
  /** Create the file (and apply the schema) when it does not exist. Default false. */
  create?: boolean;
  /** Open without any write: no pragma change, no migration. Default false. */
  readonly?: boolean;
}

function translate(err: unknown, path: string): never {
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    throw new StoreError(
      'not_a_database',
      `${path} is not a readable scilit database (${code === 'SQLITE_NOTADB' ? 'not an SQLite file' : 'the file is damaged'}); it was not modified.`,
    );
  }
  if (code === 'SQLITE_CANTOPEN') {
    throw new StoreError('not_found', `cannot open ${path}: ${(err as Error).message}`);
  }
  throw err;
}

function rawOpen(path: string, readonly: boolean): BetterSqliteDriver {
  try {
    const db = new Database(path, { readonly, fileMustExist: readonly });
    return new BetterSqliteDriver(db, path);
  } catch (err) {
    translate(err, path);
  }
}

/**
 * Opens a scilit database. Before anything is written, the file is inspected read-only: a file that is not
 * SQLite, belongs to another program or was written by a newer scilit is refused and left byte-identical.
 */
export function openDatabase(file: string, options: OpenOptions = {}): SqlDriver {
  const path = resolve(file);
  const exists = existsSync(path);
  if (!exists) {
    if (!options.create || options.readonly) throw new StoreError('not_found', `no database at ${path}.`);
    const dir = dirname(path);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new StoreError('not_found', `cannot create ${path}: the folder ${dir} does not exist.`);
    }
  } else if (!statSync(path).isFile()) {
    throw new StoreError('not_a_database', `${path} is not a file.`);
  }

  if (exists) {
    const probe = rawOpen(path, true);
    try {
      assertCompatible(probe, readSchemaState(probe), { expectedSchema });
    } catch (err) {
      translate(err, path);
    } finally {
      probe.close();
    }
  }
  if (options.readonly) {
    const db = rawOpen(path, true);
    db.exec('PRAGMA query_only = ON');
    return db;
  }

  if (!exists) {
    // Respondents' answers: the file (and the -wal and -shm files SQLite makes with its mode) is the user's alone.
    createPrivateFile(path);
  } else {
    for (const f of [path, `${path}-wal`, `${path}-shm`]) narrowToOwner(f);
  }
  if (!canWrite(path, exists)) {
    throw new StoreError(
      'read_only',
      `${path} cannot be written (read-only file or folder); copy it to a writable folder. It was not modified.`,
    );
  }
  const db = rawOpen(path, false);
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    db.exec('PRAGMA foreign_keys = ON');
    db.exec('PRAGMA busy_timeout = 5000');
    let backup: string | undefined;
    const applied = migrate(db, {
      expectedSchema,
      beforeMigrating: (from) => {
        backup = backupBeforeMigrating(db, path, from);
      },
    });
    if (backup) {
      db.run(
        "INSERT INTO audit_log (audit_uuid, at, action, entity, detail) VALUES (?, ?, 'database.migrate', 'database', ?)",
        [randomUUID(), new Date().toISOString(), JSON.stringify({ applied, backup: basename(backup) })],
      );
    }
    recoverUnfinishedWrites(db);
  } catch (err) {
    db.close();
    translate(err, path);
  }
  return db;
}

const expectedSchemas = new Map<number, string[]>();

/** The schema a new database has after migrations 1..version, built once in memory. */
function expectedSchema(version: number): string[] {
  let schema = expectedSchemas.get(version);
  if (!schema) {
    const scratch = new BetterSqliteDriver(new Database(':memory:'), ':memory:');
    try {
      for (const m of migrations) if (m.version <= version) scratch.exec(m.sql);
      schema = schemaOf(scratch);
    } finally {
      scratch.close();
    }
    expectedSchemas.set(version, schema);
  }
  return schema;
}

/**
 * Before a database that holds data is migrated, a consistent copy of it goes beside it (VACUUM INTO), readable by
 * its owner alone: `survey.sqlite` → `survey.before-schema-2-20261203T181800Z.sqlite`. No copy, no migration.
 */
function backupBeforeMigrating(db: SqlDriver, path: string, fromVersion: number): string {
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const stem = basename(path).replace(/\.(sqlite3?|db)$/i, '');
  const target = join(dirname(path), `${stem}.before-schema-${LATEST_SCHEMA_VERSION}-${stamp}.sqlite`);
  try {
    db.run('VACUUM INTO ?', [target]);
    chmodSync(target, 0o600);
  } catch (err) {
    rmSync(target, { force: true });
    throw new StoreError(
      'read_only',
      `升级 ${path} 的结构（${fromVersion} → ${LATEST_SCHEMA_VERSION}）前无法先备份到 ${target}：${(err as Error).message}。` +
        '请腾出磁盘空间后重试；数据库未作任何修改。',
    );
  }
  return target;
}

function canWrite(path: string, exists: boolean): boolean {
  try {
    // The folder must be writable too: WAL and journal files live beside the database.
    accessSync(dirname(path), constants.W_OK);
    if (exists) accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export interface CheckReport {
  ok: boolean;
  problems: string[];
  schemaVersion?: number;
}

/** `integrity_check`, `foreign_key_check` and the schema version, on a read-only connection. */
export function checkDatabase(file: string): CheckReport {
  const path = resolve(file);
  if (!existsSync(path)) return { ok: false, problems: [`no database at ${path}.`] };
  let db: BetterSqliteDriver | undefined;
  const problems: string[] = [];
  let schemaVersion: number | undefined;
  try {
    db = rawOpen(path, true);
    const state = readSchemaState(db);
    schemaVersion = state.version;
    if (state.applicationId !== SCILIT_APPLICATION_ID) {
      problems.push(`${path} is not a scilit database (application id ${state.applicationId}).`);
    } else if (state.version > LATEST_SCHEMA_VERSION) {
      problems.push(
        `${path} was written by a newer scilit (schema version ${state.version}; this scilit knows up to ${LATEST_SCHEMA_VERSION}).`,
      );
    } else if (state.version < LATEST_SCHEMA_VERSION) {
      problems.push(
        `schema version ${state.version} is older than ${LATEST_SCHEMA_VERSION}; opening it with scilit will upgrade it.`,
      );
    }
    if (state.applicationId === SCILIT_APPLICATION_ID && state.version <= LATEST_SCHEMA_VERSION) {
      try {
        assertCompatible(db, state, { expectedSchema });
      } catch (err) {
        problems.push((err as Error).message);
      }
    }
    for (const row of db.all<{ integrity_check: string }>('PRAGMA integrity_check')) {
      if (row.integrity_check !== 'ok') problems.push(`integrity: ${row.integrity_check}`);
    }
    for (const row of db.all<{ table: string; rowid: number; parent: string }>('PRAGMA foreign_key_check')) {
      problems.push(`foreign key: row ${row.rowid} of ${row.table} points to a missing ${row.parent}`);
    }
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    problems.push(
      code === 'SQLITE_NOTADB'
        ? `${path} is not an SQLite file.`
        : code === 'SQLITE_CORRUPT'
          ? `${path} is damaged: ${(err as Error).message}`
          : `${path}: ${(err as Error).message}`,
    );
  } finally {
    db?.close();
  }
  return { ok: problems.length === 0, problems, schemaVersion };
}
