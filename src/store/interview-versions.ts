import { appendAudit } from './audit.ts';
import type { SqlDriver } from './driver.ts';

/**
 * One version of an interview as it travels between laptops (field packages): the interview's own fields, its
 * answers and its ancestry. Two records with the same content hash are the same version, wherever they were made.
 */
export interface InterviewVersion {
  interview_id: string;
  form_id: string;
  form_version: string;
  surveyor: string | null;
  device: string | null;
  region_code: string | null;
  stratum: string | null;
  psu: string | null;
  household: string | null;
  /** 1/π from the sample design; null means 1. */
  design_weight: number | null;
  status: 'draft' | 'final' | 'void';
  void_reason: string | null;
  started_at: string;
  finalized_at: string | null;
  revision: number;
  /** Content hashes of the earlier revisions this one was edited from, oldest first. */
  ancestors: string[];
  /** [field, value, answered_at, duration_ms], sorted by field. */
  answers: [string, string | null, string, number | null][];
}

export interface AuditRow {
  audit_uuid: string;
  at: string;
  actor: string | null;
  device: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  detail: string | null;
}

interface InterviewRow extends Omit<InterviewVersion, 'ancestors' | 'answers'> {
  ancestors: string | null;
  updated_at: string;
  in_conflict: number;
}

const COLUMNS = `interview_id, form_id, form_version, surveyor, device, region_code, stratum, psu, household, design_weight, status,
  void_reason, started_at, finalized_at, revision, ancestors, updated_at, in_conflict`;

function toVersion(r: InterviewRow, answers: InterviewVersion['answers']): InterviewVersion {
  return {
    interview_id: r.interview_id,
    form_id: r.form_id,
    form_version: r.form_version,
    surveyor: r.surveyor,
    device: r.device,
    region_code: r.region_code,
    stratum: r.stratum,
    psu: r.psu,
    household: r.household,
    design_weight: r.design_weight,
    status: r.status,
    void_reason: r.void_reason,
    started_at: r.started_at,
    finalized_at: r.finalized_at,
    revision: r.revision,
    ancestors: r.ancestors ? (JSON.parse(r.ancestors) as string[]) : [],
    answers,
  };
}

export interface VersionSelection {
  /** Only interviews changed at or after this ISO time. */
  since?: string;
  includeDrafts?: boolean;
}

/** The selected interviews as versions, answers attached, in interview_id order (one pass over each table). */
export function readVersions(db: SqlDriver, sel: VersionSelection = {}): InterviewVersion[] {
  const statuses = sel.includeDrafts ? ['draft', 'final', 'void'] : ['final', 'void'];
  const where = `status IN (${statuses.map(() => '?').join(', ')}) AND (? IS NULL OR updated_at >= ?)`;
  const params = [...statuses, sel.since ?? null, sel.since ?? null];
  const rows = db.all<InterviewRow>(`SELECT ${COLUMNS} FROM interviews WHERE ${where} ORDER BY interview_id`, params);
  const answers = new Map<string, InterviewVersion['answers']>();
  for (const a of db
    .prepare<{
      interview_id: string;
      field: string;
      value: string | null;
      answered_at: string;
      duration_ms: number | null;
    }>(
      `SELECT i.interview_id, a.field, a.value, a.answered_at, a.duration_ms FROM interviews i
       JOIN answer_rows a ON a.interview_key = i.interview_key
       WHERE ${where.replaceAll('status', 'i.status').replaceAll('updated_at', 'i.updated_at')}
       ORDER BY i.interview_id, a.field`,
    )
    .iterate(params)) {
    let list = answers.get(a.interview_id);
    if (!list) {
      list = [];
      answers.set(a.interview_id, list);
    }
    list.push([a.field, a.value, a.answered_at, a.duration_ms]);
  }
  return rows.map((r) => toVersion(r, answers.get(r.interview_id) ?? []));
}

export function readVersion(db: SqlDriver, interviewId: string): InterviewVersion | undefined {
  const r = db.get<InterviewRow>(`SELECT ${COLUMNS} FROM interviews WHERE interview_id = ?`, [interviewId]);
  if (!r) return undefined;
  const answers = db
    .all<{ field: string; value: string | null; answered_at: string; duration_ms: number | null }>(
      'SELECT field, value, answered_at, duration_ms FROM answers WHERE interview_id = ? ORDER BY field',
      [interviewId],
    )
    .map((a) => [a.field, a.value, a.answered_at, a.duration_ms] as InterviewVersion['answers'][number]);
  return toVersion(r, answers);
}

/** Audit rows about the given interviews, in the order they were written. */
export function auditRowsFor(db: SqlDriver, interviewIds: readonly string[]): AuditRow[] {
  const out: AuditRow[] = [];
  const stmt = db.prepare<AuditRow>(
    `SELECT audit_uuid, at, actor, device, action, entity, entity_id, detail FROM audit_log
     WHERE interview_key = (SELECT interview_key FROM interviews WHERE interview_id = ?) ORDER BY audit_id`,
  );
  for (const id of interviewIds) out.push(...stmt.all([id]));
  return out;
}

/**
 * Adds audit rows that came from another laptop, after their interviews are written; a row already here (same
 * interview, same uuid) is skipped.
 */
export function mergeAuditRows(db: SqlDriver, rows: readonly AuditRow[]): number {
  let added = 0;
  // Many rows per statement, as for answers below: a package carries a thousand audit rows and more.
  for (let start = 0; start < rows.length; start += AUDIT_ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + AUDIT_ROWS_PER_STATEMENT);
    const params: (string | null)[] = [];
    for (const r of chunk)
      params.push(
        r.audit_uuid,
        r.at,
        r.actor,
        r.device,
        r.action,
        r.entity,
        r.entity_id,
        r.detail,
        r.entity,
        r.entity_id,
      );
    added += db.run(
      `INSERT INTO audit_log (audit_uuid, at, actor, device, action, entity, entity_id, detail, interview_key)
       VALUES ${chunk.map(() => `(?, ?, ?, ?, ?, ?, ?, ?, ${KEY_OF_AUDITED_INTERVIEW})`).join(', ')}
       ON CONFLICT (interview_key, audit_uuid) WHERE interview_key IS NOT NULL DO NOTHING`,
      params,
    ).changes;
  }
  return added;
}

const AUDIT_ROWS_PER_STATEMENT = 100;
const KEY_OF_AUDITED_INTERVIEW = "(SELECT interview_key FROM interviews WHERE ? = 'interview' AND interview_id = ?)";

/** Which of these interviews are in the database: one statement for a whole package, not one per interview. */
export function existingInterviews(db: SqlDriver, interviewIds: readonly string[]): Set<string> {
  return new Set(
    db
      .all<{ interview_id: string }>(
        'SELECT interview_id FROM interviews WHERE interview_id IN (SELECT value FROM json_each(?))',
        [JSON.stringify(interviewIds)],
      )
      .map((r) => r.interview_id),
  );
}

/**
 * Makes `v` the version shown in `interviews` (replacing the row and its answers), with the conflict flag.
 * The caller has decided, from the ancestry, that nothing is lost: superseded versions are ancestors of `v`,
 * and conflicting ones are kept in interview_conflicts.
 */
export function writeHead(
  db: SqlDriver,
  v: InterviewVersion,
  hash: string,
  inConflict: boolean,
  batchId: string | null,
  updatedAt: string,
  /** No row for this interview yet: there are no old answers to remove. */
  isNew = false,
): void {
  const written = db.run(
    `INSERT INTO interviews (interview_id, form_id, form_version, surveyor, device, region_code, stratum, psu, household,
       design_weight, status, source, batch_id, void_reason, started_at, updated_at, finalized_at, revision,
       content_hash, ancestors, in_conflict)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'package', ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (interview_id) DO UPDATE SET form_id = excluded.form_id, form_version = excluded.form_version,
       surveyor = excluded.surveyor, device = excluded.device, region_code = excluded.region_code,
       stratum = excluded.stratum, psu = excluded.psu, household = excluded.household,
       design_weight = excluded.design_weight, status = excluded.status,
       void_reason = excluded.void_reason, started_at = excluded.started_at, updated_at = excluded.updated_at,
       finalized_at = excluded.finalized_at, revision = excluded.revision, content_hash = excluded.content_hash,
       ancestors = excluded.ancestors, in_conflict = excluded.in_conflict`,
    [
      v.interview_id,
      v.form_id,
      v.form_version,
      v.surveyor,
      v.device,
      v.region_code,
      v.stratum,
      v.psu,
      v.household,
      v.design_weight,
      v.status,
      batchId,
      v.void_reason,
      v.started_at,
      updatedAt,
      v.finalized_at,
      v.revision,
      hash,
      JSON.stringify(v.ancestors),
      inConflict ? 1 : 0,
    ],
  );
  // RETURNING would cost 2.5x the insert itself (SQLite buffers its rows): a new row's key is the insert's rowid.
  const key = isNew
    ? Number(written.lastInsertRowid)
    : db.get<{ k: number }>('SELECT interview_key AS k FROM interviews WHERE interview_id = ?', [v.interview_id])!.k;
  if (!isNew) db.run('DELETE FROM answer_rows WHERE interview_key = ?', [key]);
  // Up to 100 answers per statement: merging 100,000 interviews is millions of rows, and one call per row costs
  // more than SQLite's own work.
  for (let start = 0; start < v.answers.length; start += ANSWERS_PER_STATEMENT) {
    const end = Math.min(start + ANSWERS_PER_STATEMENT, v.answers.length);
    const params: (string | number | null)[] = [];
    for (let k = start; k < end; k++) {
      const [field, value, at, ms] = v.answers[k]!;
      params.push(key, field, value, at, ms);
    }
    db.run(insertAnswersSql(end - start), params);
  }
}

const ANSWERS_PER_STATEMENT = 100;
// One SQL text per row count, built once: the driver finds its prepared statement by the text.
const answersSql: string[] = [];
function insertAnswersSql(rows: number): string {
  answersSql[rows] ??= `INSERT INTO answer_rows (interview_key, field, value, answered_at, duration_ms)
    VALUES ${Array(rows).fill('(?, ?, ?, ?, ?)').join(', ')}`;
  return answersSql[rows];
}

export function readConflicts(db: SqlDriver, interviewId: string): { hash: string; version: InterviewVersion }[] {
  return db
    .all<{ content_hash: string; record: string }>(
      'SELECT content_hash, record FROM interview_conflicts WHERE interview_id = ? ORDER BY content_hash',
      [interviewId],
    )
    .map((r) => ({ hash: r.content_hash, version: JSON.parse(r.record) as InterviewVersion }));
}

export function replaceConflicts(
  db: SqlDriver,
  interviewId: string,
  versions: readonly { hash: string; version: InterviewVersion }[],
): void {
  db.run('DELETE FROM interview_conflicts WHERE interview_id = ?', [interviewId]);
  const insert = db.prepare('INSERT INTO interview_conflicts (interview_id, content_hash, record) VALUES (?, ?, ?)');
  for (const c of versions) insert.run([interviewId, c.hash, JSON.stringify(c.version)]);
}

export interface ConflictSummary {
  interview_id: string;
  surveyor: string | null;
  region_code: string | null;
  versions: number;
}

export function listConflicts(db: SqlDriver): ConflictSummary[] {
  return db.all<ConflictSummary>(
    `SELECT i.interview_id, i.surveyor, i.region_code, 1 + count(c.content_hash) AS versions
     FROM interviews i JOIN interview_conflicts c USING (interview_id)
     WHERE i.in_conflict = 1 GROUP BY i.interview_id ORDER BY i.interview_id`,
  );
}

/**
 * Settings for merging many packages in a row, restored afterwards: a page cache that holds one package's pages, a
 * checkpoint every few packages rather than after each one (pages that several packages touch are copied into the
 * database once), and commits that do not wait for the disk (synchronous=NORMAL; an fsync of a package's WAL pages
 * costs ~10 ms here): each package stays one atomic transaction, and its pages reach the disk at the next checkpoint
 * or FULL commit. `durable` runs after the settings are restored, also after a failure or a cancel: one FULL commit
 * there puts every package merged before it on disk before the import returns.
 */
export async function withBulkMergeSettings<T>(db: SqlDriver, fn: () => Promise<T>, durable: () => void): Promise<T> {
  const cache = db.get<{ cache_size: number }>('PRAGMA cache_size')?.cache_size;
  const checkpoint = db.get<{ wal_autocheckpoint: number }>('PRAGMA wal_autocheckpoint')?.wal_autocheckpoint;
  const synchronous = db.get<{ synchronous: number }>('PRAGMA synchronous')?.synchronous;
  db.exec(`PRAGMA cache_size = ${-MERGE_CACHE_KIB}`);
  db.exec(`PRAGMA wal_autocheckpoint = ${MERGE_CHECKPOINT_PAGES}`);
  db.exec('PRAGMA synchronous = NORMAL');
  try {
    return await fn();
  } finally {
    // Values read back from SQLite itself, checked to be integers before they go into the pragma text.
    if (Number.isSafeInteger(cache)) db.exec(`PRAGMA cache_size = ${cache}`);
    if (Number.isSafeInteger(checkpoint)) db.exec(`PRAGMA wal_autocheckpoint = ${checkpoint}`);
    db.exec(`PRAGMA synchronous = ${Number.isSafeInteger(synchronous) ? synchronous : 'FULL'}`);
    durable();
  }
}

const MERGE_CACHE_KIB = 65536;
const MERGE_CHECKPOINT_PAGES = 8192;

export function auditPackageImport(db: SqlDriver, batchId: string, detail: unknown): void {
  appendAudit(db, { action: 'package.import', entity: 'batch', entityId: batchId, detail });
}

/** Records a stack of packages imported together (how many files merged or were refused), in its own transaction. */
export function auditPackageStack(db: SqlDriver, detail: { files: number; merged: number; refused: number }): void {
  db.transaction(() => appendAudit(db, { action: 'package.importMany', entity: 'batch', detail }));
}
