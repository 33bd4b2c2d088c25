// Scripted field laptops for the package tests: each is a database in its own folder, filled through dispatch()
// as the app does.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../db/sqlite.ts';
import { dispatch } from '../../src/api/dispatch.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { putForm } from '../../src/store/forms.ts';
import { tempDir } from './tmp.ts';

export const FORM = { formId: 'csl_test', formVersion: '1' };

export function newLaptop(name = 'laptop'): { db: SqlDriver; path: string } {
  const path = join(tempDir(`scilit-${name}-`), `${name}.sqlite`);
  const db = openDatabase(path, { create: true });
  putForm(db, {
    formId: FORM.formId,
    version: FORM.formVersion,
    title: 'test form',
    definition: '{"fields":["age","sex","k1","k2"]}',
    definitionChecksum: 'csl-test-1',
  });
  return { db, path };
}

/** A copy of a laptop's database file, as when an office clones a laptop image. */
export function cloneLaptop(from: { db: SqlDriver; path: string }, name: string): { db: SqlDriver; path: string } {
  from.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  const path = join(tempDir(`scilit-${name}-`), `${name}.sqlite`);
  copyFileSync(from.path, path);
  return { db: openDatabase(path), path };
}

async function call(db: SqlDriver, name: string, args: unknown): Promise<unknown> {
  const r = await dispatch({ db }, name, args);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.result;
}

/** A surveyor completes `n` interviews; answers are derived from `seed` so that they differ between surveyors. */
export async function interview(db: SqlDriver, surveyor: string, n: number, seed = 1): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const iv = (await call(db, 'interview/start', {
      ...FORM,
      surveyor,
      device: `${surveyor}-laptop`,
      regionCode: `R${(i + seed) % 3}`,
      psu: `P${(i * seed) % 7}`,
      designWeight: 100 + i * seed,
    })) as { interview_id: string };
    const answers: Record<string, string> = {
      age: String(18 + ((i * 7 + seed) % 52)),
      sex: (i + seed) % 2 ? 'male' : 'female',
      k1: String((i + seed) % 4),
      k2: `${(i * 3 + seed) % 5} ${(i + 2 * seed) % 5}`,
    };
    for (const [field, value] of Object.entries(answers)) {
      await call(db, 'interview/saveAnswer', { interviewId: iv.interview_id, field, value });
    }
    await call(db, 'interview/finalize', { interviewId: iv.interview_id });
    ids.push(iv.interview_id);
  }
  return ids;
}

export async function amend(
  db: SqlDriver,
  interviewId: string,
  changes: Record<string, string | null>,
  reason = 'recheck',
) {
  return call(db, 'interview/amend', { interviewId, changes, reason });
}

export async function exportPkg(db: SqlDriver, args: Record<string, unknown> = {}): Promise<Uint8Array> {
  const r = (await call(db, 'package/export', args)) as { dataBase64: string };
  return new Uint8Array(Buffer.from(r.dataBase64, 'base64'));
}

export async function importPkg(db: SqlDriver, bytes: Uint8Array, privateKeyPem?: string) {
  const r = await dispatch({ db }, 'package/import', {
    dataBase64: Buffer.from(bytes).toString('base64'),
    privateKeyPem,
  });
  return r;
}

/**
 * What a database holds, independent of local bookkeeping (row ids, import batches, when a merge happened):
 * used to compare offices that received the same packages in different orders.
 */
export function content(db: SqlDriver): string {
  const interviews = db.all(
    `SELECT interview_id, form_id, form_version, surveyor, device, region_code, stratum, psu, household, status,
       void_reason, started_at, finalized_at, revision, ancestors, in_conflict
     FROM interviews ORDER BY interview_id`,
  );
  const answers = db.all('SELECT interview_id, field, value, answered_at FROM answers ORDER BY interview_id, field');
  const conflicts = db.all('SELECT interview_id, content_hash, record FROM interview_conflicts ORDER BY 1, 2');
  const forms = db.all('SELECT form_id, version, definition, definition_checksum FROM forms ORDER BY 1, 2');
  const audit = db.all(
    `SELECT audit_uuid, at, actor, device, action, entity, entity_id, detail FROM audit_log
     WHERE entity = 'interview' ORDER BY audit_uuid`,
  );
  return JSON.stringify({ interviews, answers, conflicts, forms, audit });
}

/** Everything, bookkeeping included: a refused import must leave this unchanged. */
export function everything(db: SqlDriver): string {
  const tables = db.all<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
  return JSON.stringify(
    tables.map((t) => [t.name, db.all(`SELECT * FROM "${t.name.replaceAll('"', '""')}" ORDER BY 1`)]),
  );
}
