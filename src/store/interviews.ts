import { appendAudit, nowIso } from './audit.ts';
import type { SqlDriver } from './driver.ts';
import { StoreError } from './errors.ts';

export type InterviewStatus = 'draft' | 'final' | 'void';

export interface InterviewRecord {
  /** This database's own number for the interview (arrival order); answer_rows are stored under it. */
  interview_key: number;
  interview_id: string;
  form_id: string;
  form_version: string;
  surveyor: string | null;
  device: string | null;
  region_code: string | null;
  stratum: string | null;
  psu: string | null;
  household: string | null;
  status: InterviewStatus;
  source: 'field' | 'import' | 'package';
  batch_id: string | null;
  current_field: string | null;
  void_reason: string | null;
  started_at: string;
  updated_at: string;
  finalized_at: string | null;
  revision: number;
  content_hash: string | null;
  ancestors: string | null;
  in_conflict: number;
  /** The sample's design (base) weight, 1 / selection probability; null = 1. */
  design_weight: number | null;
}

export interface StartInterview {
  formId: string;
  formVersion: string;
  surveyor?: string | null;
  device?: string | null;
  regionCode?: string | null;
  stratum?: string | null;
  psu?: string | null;
  household?: string | null;
  /** The design (base) weight the sample gives this respondent; the weighting starts from it. */
  designWeight?: number | null;
  /** Kept when given (an imported row's instanceID); a fresh UUID v4 otherwise. */
  interviewId?: string;
}

export function startInterview(db: SqlDriver, s: StartInterview): InterviewRecord {
  return db.transaction(() => {
    const form = db.get('SELECT 1 FROM forms WHERE form_id = ? AND version = ?', [s.formId, s.formVersion]);
    if (!form) throw new StoreError('not_found', `form ${s.formId} version ${s.formVersion} is not in this database.`);
    const id = s.interviewId ?? crypto.randomUUID();
    const at = nowIso();
    db.run(
      `INSERT INTO interviews (interview_id, form_id, form_version, surveyor, device, region_code, stratum, psu,
         household, design_weight, status, source, started_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', 'field', ?, ?)`,
      [
        id,
        s.formId,
        s.formVersion,
        s.surveyor ?? null,
        s.device ?? null,
        s.regionCode ?? null,
        s.stratum ?? null,
        s.psu ?? null,
        s.household ?? null,
        s.designWeight ?? null,
        at,
        at,
      ],
    );
    appendAudit(db, {
      action: 'interview.start',
      entity: 'interview',
      entityId: id,
      actor: s.surveyor,
      device: s.device,
      at,
      detail: { form: `${s.formId}@${s.formVersion}` },
    });
    return getInterview(db, id) as InterviewRecord;
  });
}

export function getInterview(db: SqlDriver, interviewId: string): InterviewRecord | undefined {
  return db.get<InterviewRecord>('SELECT * FROM interviews WHERE interview_id = ?', [interviewId]);
}

type DraftCheck = Pick<InterviewRecord, 'interview_key' | 'status' | 'surveyor' | 'device' | 'source'>;

/** Every saved answer passes here: read only the columns it needs. */
function requireDraft(db: SqlDriver, interviewId: string): DraftCheck {
  const iv = db.get<DraftCheck>(
    'SELECT interview_key, status, surveyor, device, source FROM interviews WHERE interview_id = ?',
    [interviewId],
  );
  if (!iv) throw new StoreError('not_found', `interview ${interviewId} does not exist.`);
  if (iv.status !== 'draft') {
    throw new StoreError('invalid_state', `interview ${interviewId} is ${iv.status}; only drafts take answers.`);
  }
  // An office import's interviews are drafts only while the import is being written (src/store/staged-batch.ts).
  if (iv.source === 'import') {
    throw new StoreError(
      'invalid_state',
      `问卷 ${interviewId} 正在导入中，不能修改。\ninterview ${interviewId} is being imported; it cannot be changed.`,
    );
  }
  return iv;
}

export interface SaveAnswer {
  interviewId: string;
  field: string;
  /** Canonical text; null clears the answer (a skip that became irrelevant). */
  value: string | null;
  durationMs?: number | null;
  /** Where the interviewer is now, so that a resumed draft opens there. */
  currentField?: string | null;
}

/**
 * Saves one answer in one transaction. With synchronous=FULL the answer is on disk when this returns.
 * A changed answer keeps its old value in the audit log.
 */
export function saveAnswer(db: SqlDriver, a: SaveAnswer): void {
  db.transaction(() => {
    const iv = requireDraft(db, a.interviewId);
    const at = nowIso();
    const old = db.get<{ value: string | null }>(
      'SELECT value FROM answer_rows WHERE interview_key = ? AND field = ?',
      [iv.interview_key, a.field],
    );
    db.run(
      `INSERT INTO answer_rows (interview_key, field, value, answered_at, duration_ms) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (interview_key, field) DO UPDATE SET value = excluded.value, answered_at = excluded.answered_at,
         duration_ms = coalesce(answer_rows.duration_ms, 0) + coalesce(excluded.duration_ms, 0)`,
      [iv.interview_key, a.field, a.value, at, a.durationMs ?? null],
    );
    db.run('UPDATE interviews SET updated_at = ?, current_field = coalesce(?, current_field) WHERE interview_id = ?', [
      at,
      a.currentField ?? null,
      a.interviewId,
    ]);
    if (old && old.value !== a.value) {
      appendAudit(db, {
        action: 'answer.change',
        entity: 'interview',
        entityId: a.interviewId,
        actor: iv.surveyor,
        device: iv.device,
        at,
        detail: { field: a.field, from: old.value, to: a.value },
      });
    }
  });
}

export function getAnswers(db: SqlDriver, interviewId: string): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const r of db.all<{ field: string; value: string | null }>(
    'SELECT field, value FROM answers WHERE interview_id = ? ORDER BY field',
    [interviewId],
  )) {
    out[r.field] = r.value;
  }
  return out;
}

export function finalizeInterview(db: SqlDriver, interviewId: string, contentHash: string | null = null): void {
  db.transaction(() => {
    const iv = requireDraft(db, interviewId);
    const at = nowIso();
    db.run(
      "UPDATE interviews SET status = 'final', finalized_at = ?, updated_at = ?, content_hash = ? WHERE interview_id = ?",
      [at, at, contentHash, interviewId],
    );
    appendAudit(db, {
      action: 'interview.finalize',
      entity: 'interview',
      entityId: interviewId,
      actor: iv.surveyor,
      device: iv.device,
      at,
    });
  });
}

/**
 * Voids an interview with a reason. Voiding a finalized interview is a new revision of it: pass the content hash
 * of the finalized revision (`parentHash`) so that other laptops' copies of it are superseded, not in conflict.
 */
export function voidInterview(
  db: SqlDriver,
  interviewId: string,
  reason: string,
  actor?: string | null,
  parentHash?: string,
): void {
  if (!reason.trim()) throw new StoreError('invalid_argument', 'voiding an interview needs a reason.');
  db.transaction(() => {
    const iv = getInterview(db, interviewId);
    if (!iv) throw new StoreError('not_found', `interview ${interviewId} does not exist.`);
    if (iv.status === 'void') return;
    const at = nowIso();
    if (iv.status === 'final' && parentHash) {
      const ancestors = [...(iv.ancestors ? (JSON.parse(iv.ancestors) as string[]) : []), parentHash];
      db.run(
        "UPDATE interviews SET status = 'void', void_reason = ?, updated_at = ?, revision = revision + 1, ancestors = ? WHERE interview_id = ?",
        [reason, at, JSON.stringify(ancestors), interviewId],
      );
    } else {
      db.run("UPDATE interviews SET status = 'void', void_reason = ?, updated_at = ? WHERE interview_id = ?", [
        reason,
        at,
        interviewId,
      ]);
    }
    appendAudit(db, {
      action: 'interview.void',
      entity: 'interview',
      entityId: interviewId,
      actor: actor ?? iv.surveyor,
      at,
      detail: { reason, previousStatus: iv.status },
    });
  });
}

export interface AmendInterview {
  interviewId: string;
  /** field → new value (null clears it). */
  changes: Readonly<Record<string, string | null>>;
  reason: string;
  actor?: string | null;
  /** The revision the change was made against; a concurrent amendment makes this one fail. */
  expectedRevision: number;
  /** Content hash of the revision being amended: it becomes an ancestor, so merges know this one supersedes it. */
  parentHash: string;
}

/**
 * Edits a finalized interview as a new revision: the old answers stay in the audit log and the old revision's
 * hash joins the ancestry, so that the office's copy of the old revision is superseded rather than conflicting.
 */
export function amendInterview(db: SqlDriver, a: AmendInterview): void {
  if (!a.reason.trim()) throw new StoreError('invalid_argument', 'amending a finalized interview needs a reason.');
  db.transaction(() => {
    const iv = getInterview(db, a.interviewId);
    if (!iv) throw new StoreError('not_found', `interview ${a.interviewId} does not exist.`);
    if (iv.status === 'draft')
      throw new StoreError('invalid_state', `interview ${a.interviewId} is a draft: save answers instead.`);
    if (iv.revision !== a.expectedRevision) {
      throw new StoreError(
        'conflict',
        `interview ${a.interviewId} was changed meanwhile (revision ${iv.revision}); reload it.`,
      );
    }
    const at = nowIso();
    const before = getAnswers(db, a.interviewId);
    const changed: { field: string; from: string | null; to: string | null }[] = [];
    for (const [field, value] of Object.entries(a.changes)) {
      const from = before[field] ?? null;
      if (from === value) continue;
      db.run(
        `INSERT INTO answer_rows (interview_key, field, value, answered_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (interview_key, field) DO UPDATE SET value = excluded.value, answered_at = excluded.answered_at`,
        [iv.interview_key, field, value, at],
      );
      changed.push({ field, from, to: value });
    }
    if (changed.length === 0) return;
    const ancestors = [...(iv.ancestors ? (JSON.parse(iv.ancestors) as string[]) : []), a.parentHash];
    db.run('UPDATE interviews SET revision = revision + 1, ancestors = ?, updated_at = ? WHERE interview_id = ?', [
      JSON.stringify(ancestors),
      at,
      a.interviewId,
    ]);
    appendAudit(db, {
      action: 'interview.amend',
      entity: 'interview',
      entityId: a.interviewId,
      actor: a.actor ?? iv.surveyor,
      at,
      detail: { reason: a.reason, revision: iv.revision + 1, changes: changed },
    });
  });
}
