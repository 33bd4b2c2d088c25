/**
 * SQL of the spreadsheet imports: import batches, imported interviews with their answers, and lookups that
 * decide "already stored". The caller runs the writes inside one transaction (all or nothing).
 */
import { appendAudit, nowIso } from './audit.ts';
import type { SqlDriver } from './driver.ts';
import { INTERVIEW_STAMP } from './scores.ts';

export interface ImportBatchRow {
  batch_id: string;
  kind: string;
  file_name: string | null;
  file_checksum: string | null;
  form_id: string | null;
  form_version: string | null;
  imported_at: string;
  rows_total: number;
  rows_added: number;
  rows_skipped: number;
  rows_conflict: number;
  detail: string | null;
}

export function findBatchByChecksum(
  db: SqlDriver,
  kind: string,
  checksum: string,
  formId?: string,
): ImportBatchRow | undefined {
  return db.get<ImportBatchRow>(
    `SELECT * FROM import_batches WHERE kind = ? AND file_checksum = ? AND (? IS NULL OR form_id = ?)
     ORDER BY imported_at LIMIT 1`,
    [kind, checksum, formId ?? null, formId ?? null],
  );
}

export function listImportBatches(db: SqlDriver, kind?: string): ImportBatchRow[] {
  return db.all<ImportBatchRow>(
    `SELECT * FROM import_batches WHERE (? IS NULL OR kind = ?) AND ${FINISHED} ORDER BY imported_at DESC, rowid DESC`,
    [kind ?? null, kind ?? null],
  );
}

export interface StoredInterviewKey {
  interview_id: string;
  form_id: string;
  form_version: string;
  status: string;
  content_hash: string | null;
}

export function interviewKey(db: SqlDriver, interviewId: string): StoredInterviewKey | undefined {
  return db.get<StoredInterviewKey>(
    'SELECT interview_id, form_id, form_version, status, content_hash FROM interviews WHERE interview_id = ?',
    [interviewId],
  );
}

export function answersOf(db: SqlDriver, interviewId: string): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const r of db.all<{ field: string; value: string | null }>(
    'SELECT field, value FROM answers WHERE interview_id = ?',
    [interviewId],
  ))
    out[r.field] = r.value;
  return out;
}

/** Content hash → how many non-void interviews of the form carry it (rows without an id dedupe on this). */
export function contentHashCounts(db: SqlDriver, formId: string, formVersion: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const stmt = db.prepare<{ interview_id: string; content_hash: string }>(
    `SELECT interview_id, content_hash FROM interviews
     WHERE form_id = ? AND form_version = ? AND status != 'void' AND content_hash IS NOT NULL`,
  );
  for (const r of stmt.iterate([formId, formVersion])) {
    const list = out.get(r.content_hash) ?? [];
    list.push(r.interview_id);
    out.set(r.content_hash, list);
  }
  return out;
}

export interface NewBatch {
  batchId: string;
  kind: 'responses' | 'targets';
  fileName: string;
  fileChecksum: string;
  formId?: string | null;
  formVersion?: string | null;
  rowsTotal: number;
  rowsAdded: number;
  rowsSkipped: number;
  rowsConflict: number;
  detail: unknown;
}

/**
 * An import written in slices (see staged-batch.ts) has its batch row from the start, marked unfinished in `detail`
 * and without a checksum (so that the file does not count as imported); its interviews are drafts until the end.
 */
const FINISHED = "(file_checksum IS NOT NULL OR json_extract(detail, '$.unfinished') IS NULL)";

export interface UnfinishedBatch {
  batch_id: string;
  owner: string;
}

export function insertUnfinishedBatch(
  db: SqlDriver,
  b: { batchId: string; kind: 'responses'; fileName: string; formId: string; formVersion: string; owner: string },
): void {
  db.run(
    `INSERT INTO import_batches (batch_id, kind, file_name, file_checksum, form_id, form_version, imported_at, detail)
     VALUES (?, ?, ?, NULL, ?, ?, ?, ?)`,
    [
      b.batchId,
      b.kind,
      b.fileName,
      b.formId,
      b.formVersion,
      nowIso(),
      JSON.stringify({ unfinished: { owner: b.owner } }),
    ],
  );
}

export function unfinishedBatches(db: SqlDriver): UnfinishedBatch[] {
  return db.all<UnfinishedBatch>(
    `SELECT batch_id, json_extract(detail, '$.unfinished.owner') AS owner FROM import_batches
     WHERE file_checksum IS NULL AND json_extract(detail, '$.unfinished') IS NOT NULL`,
  );
}

/** The interview keys a batch's rows lie between (keys grow as rows arrive; other writers' keys interleave). */
export function batchKeyRange(db: SqlDriver, batchId: string): [number, number] | undefined {
  const r = db.get<{ lo: number | null; hi: number | null }>(
    'SELECT min(interview_key) AS lo, max(interview_key) AS hi FROM interviews WHERE batch_id = ?',
    [batchId],
  );
  return r?.lo == null || r.hi == null ? undefined : [r.lo, r.hi];
}

/** Makes the batch's drafts with keys in [lo, hi] final (one slice of the publication). */
export function publishBatchSlice(db: SqlDriver, batchId: string, lo: number, hi: number): void {
  db.run(
    "UPDATE interviews SET status = 'final' WHERE interview_key BETWEEN ? AND ? AND batch_id = ? AND status = 'draft'",
    [lo, hi, batchId],
  );
}

/** Removes the batch's interviews with keys in [lo, hi]; answers, packs and scores go with them (foreign keys on). */
export function discardBatchSlice(db: SqlDriver, batchId: string, lo: number, hi: number): void {
  db.run('DELETE FROM interviews WHERE interview_key BETWEEN ? AND ? AND batch_id = ?', [lo, hi, batchId]);
}

export function deleteUnfinishedBatch(db: SqlDriver, batchId: string): void {
  db.run('DELETE FROM import_batches WHERE batch_id = ? AND file_checksum IS NULL', [batchId]);
}

/** The batch row of a finished slice-written import: its checksum, counts and detail, and the import's audit row. */
export function finishImportBatch(db: SqlDriver, b: NewBatch): void {
  db.run(
    `UPDATE import_batches SET file_checksum = ?, imported_at = ?, rows_total = ?, rows_added = ?, rows_skipped = ?,
       rows_conflict = ?, detail = ? WHERE batch_id = ?`,
    [
      b.fileChecksum,
      nowIso(),
      b.rowsTotal,
      b.rowsAdded,
      b.rowsSkipped,
      b.rowsConflict,
      JSON.stringify(b.detail),
      b.batchId,
    ],
  );
  auditImport(db, b, nowIso());
}

function auditImport(db: SqlDriver, b: NewBatch, at: string): void {
  appendAudit(db, {
    action: `import.${b.kind}`,
    entity: 'batch',
    entityId: b.batchId,
    at,
    detail: {
      file: b.fileName,
      checksum: b.fileChecksum,
      added: b.rowsAdded,
      skipped: b.rowsSkipped,
      conflicts: b.rowsConflict,
    },
  });
}

export function insertImportBatch(db: SqlDriver, b: NewBatch): void {
  const at = nowIso();
  db.run(
    `INSERT INTO import_batches (batch_id, kind, file_name, file_checksum, form_id, form_version, imported_at,
       rows_total, rows_added, rows_skipped, rows_conflict, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      b.batchId,
      b.kind,
      b.fileName,
      b.fileChecksum,
      b.formId ?? null,
      b.formVersion ?? null,
      at,
      b.rowsTotal,
      b.rowsAdded,
      b.rowsSkipped,
      b.rowsConflict,
      JSON.stringify(b.detail),
    ],
  );
  auditImport(db, b, at);
}

export function updateImportBatchCounts(
  db: SqlDriver,
  batchId: string,
  added: number,
  skipped: number,
  conflict: number,
  detail: unknown,
): void {
  db.run(
    'UPDATE import_batches SET rows_added = ?, rows_skipped = ?, rows_conflict = ?, detail = ? WHERE batch_id = ?',
    [added, skipped, conflict, JSON.stringify(detail), batchId],
  );
}

export interface ImportedInterview {
  interviewId: string;
  formId: string;
  formVersion: string;
  batchId: string;
  contentHash: string;
  regionCode?: string | null;
  surveyor?: string | null;
  device?: string | null;
  stratum?: string | null;
  psu?: string | null;
  household?: string | null;
  /** Non-empty answers only, flat: field, value, field, value, … in field-name order (no pair objects per answer). */
  answers: readonly string[];
  /** The same answers already as a JSON object text (`{"field":"value",…}`, field-name order); wins over `answers`. */
  answersJson?: string;
  /** The answers as an answer pack (packFromJoined), stored with it when the writer was given a packPrefix. */
  pack?: string | null;
}

/**
 * Runs a bulk import's writes with SQLite's foreign-key checks off, restoring them afterwards. Only for writers
 * that insert each parent (batch, interview) before its children in the same transaction, so every reference
 * holds by construction: the per-answer parent lookup is ~15 % of the CPU of storing 6 M answers. The pragma
 * must be set outside a transaction (inside one SQLite ignores it, which is harmless: the checks just stay on).
 */
export function withoutForeignKeyChecks<T>(db: SqlDriver, fn: () => T): T {
  const on = db.get<{ foreign_keys: number }>('PRAGMA foreign_keys')?.foreign_keys === 1;
  if (on) db.exec('PRAGMA foreign_keys = OFF');
  try {
    return fn();
  } finally {
    if (on) db.exec('PRAGMA foreign_keys = ON');
  }
}

/**
 * A writer for many imported interviews: prepared statements reused; call inside the import's transaction. With
 * `packPrefix` (packFieldsStamp of the form), each interview's pack is stored too, so that the first scoring and
 * estimates after a large import read packs instead of millions of answer rows.
 */
export function importedInterviewWriter(
  db: SqlDriver,
  options: { packPrefix?: string; status?: 'draft' | 'final' } = {},
): (iv: ImportedInterview) => number {
  const at = nowIso();
  // The stamp from the row just written, by the same SQL as every later check (finalInterviewStamps).
  const insertPack = db.prepare(
    `INSERT INTO answer_packs (interview_id, stamp, packed)
     SELECT interview_id, ? || ${INTERVIEW_STAMP}, ? FROM interviews WHERE interview_id = ?
     ON CONFLICT (interview_id) DO UPDATE SET stamp = excluded.stamp, packed = excluded.packed`,
  );
  const insertInterview = db.prepare(
    `INSERT INTO interviews (interview_id, form_id, form_version, surveyor, device, region_code, stratum, psu,
       household, status, source, batch_id, started_at, updated_at, finalized_at, content_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'import', ?, ?, ?, ?, ?)`,
  );
  const status = options.status ?? 'final';
  // One statement per interview, its answers passed as one JSON object that SQLite unpacks (json_each keeps the
  // text's order): 3 bound values instead of 4 per answer, ~25 % less CPU than a 60-row VALUES list.
  const insertAnswers = db.prepare(
    'INSERT INTO answer_rows (interview_key, field, value, answered_at) SELECT ?, key, value, ? FROM json_each(?)',
  );
  return (iv) => {
    const key = insertInterview.run([
      iv.interviewId,
      iv.formId,
      iv.formVersion,
      iv.surveyor ?? null,
      iv.device ?? null,
      iv.regionCode ?? null,
      iv.stratum ?? null,
      iv.psu ?? null,
      iv.household ?? null,
      status,
      iv.batchId,
      at,
      at,
      at,
      iv.contentHash,
    ]).lastInsertRowid;
    if (options.packPrefix !== undefined && iv.pack) insertPack.run([options.packPrefix, iv.pack, iv.interviewId]);
    if (iv.answersJson !== undefined) {
      if (iv.answersJson !== '{}') insertAnswers.run([key, at, iv.answersJson]);
      return Number(key);
    }
    const a = iv.answers;
    if (a.length === 0) return Number(key);
    let json = '{';
    for (let k = 0; k < a.length; k += 2) json += `${k ? ',' : ''}${JSON.stringify(a[k])}:${JSON.stringify(a[k + 1])}`;
    insertAnswers.run([key, at, `${json}}`]);
    return Number(key);
  };
}
