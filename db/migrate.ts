import type { SqlDriver } from '../src/store/driver.ts';
import { StoreError } from '../src/store/errors.ts';
import { type Migration, migrations } from './migrations.ts';

/** `PRAGMA application_id` of every scilit database ("SCIL" in ASCII): tells our files from other SQLite files. */
export const SCILIT_APPLICATION_ID = 0x5343494c;
export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]?.version ?? 0;

export interface SchemaState {
  applicationId: number;
  version: number;
  /** The file has tables but is not a scilit database. */
  foreign: boolean;
}

export function readSchemaState(db: SqlDriver): SchemaState {
  const applicationId = Number(db.get<{ application_id: number }>('PRAGMA application_id')?.application_id ?? 0);
  const version = Number(db.get<{ user_version: number }>('PRAGMA user_version')?.user_version ?? 0);
  const tables = Number(db.get<{ n: number }>("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'")?.n ?? 0);
  return { applicationId, version, foreign: applicationId !== SCILIT_APPLICATION_ID && tables > 0 };
}

/** Refuses, with a message the user can act on, any file this version of scilit must not write to. */
export function assertCompatible(db: SqlDriver, state: SchemaState = readSchemaState(db)): void {
  if (state.foreign) {
    throw new StoreError(
      'foreign_database',
      `${db.path} is an SQLite file of another program, not a scilit database; it was not modified.`,
    );
  }
  if (state.version > LATEST_SCHEMA_VERSION) {
    throw new StoreError(
      'newer_schema',
      `${db.path} was written by a newer scilit (schema version ${state.version}; this scilit knows up to ${LATEST_SCHEMA_VERSION}). ` +
        'Install the newer scilit to open it; the file was not modified.',
    );
  }
}

/** Applies the pending migrations, each in its own transaction, and records the version. */
export function migrate(db: SqlDriver, all: readonly Migration[] = migrations): number[] {
  const applied: number[] = [];
  assertCompatible(db);
  for (const m of all) {
    if (m.version <= readSchemaState(db).version) continue;
    db.transaction(() => {
      db.exec(m.sql);
      // PRAGMAs take no bound parameters; both values are integers from our own code, checked here.
      if (!Number.isInteger(m.version)) throw new Error(`bad migration version ${m.version}`);
      db.exec(`PRAGMA application_id = ${SCILIT_APPLICATION_ID}`);
      db.exec(`PRAGMA user_version = ${m.version}`);
    });
    applied.push(m.version);
  }
  return applied;
}
