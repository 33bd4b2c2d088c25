import type { Form } from '../form/model.ts';
import type { QcForm, QcInterview, Review, ReviewState } from '../quality/types.ts';
import { appendAudit, nowIso } from './audit.ts';
import type { SqlDriver } from './driver.ts';
import { StoreError } from './errors.ts';
import { finalAnswersOfVersion } from './final-answers.ts';

interface InterviewRow {
  interview_key: number;
  interview_id: string;
  surveyor: string | null;
  region_code: string | null;
  stratum: string | null;
  psu: string | null;
  household: string | null;
  source: string;
  started_at: string;
  finalized_at: string | null;
  design_weight: number | null;
}

/**
 * Every final interview of a form version as the quality checks read it: the interview rows with their score under
 * `schemeId`, the answers from the answer packs (one string per interview; see final-answers.ts), the time on the
 * questions summed by SQLite per interview (with the count of answers under each field's `fastUnderMs`), and the
 * count of changed answers from the audit trail. Four reads, none of one row per answer on the JavaScript side.
 */
export function readQcInterviews(
  db: SqlDriver,
  form: Form,
  qcForm: QcForm,
  schemeId: string | null,
  fastUnderMs: ReadonlyMap<string, number>,
): QcInterview[] {
  const rows = db.all<InterviewRow>(
    `SELECT interview_key, interview_id, surveyor, region_code, stratum, psu, household, source, started_at,
       finalized_at, design_weight
     FROM interviews WHERE form_id = ? AND form_version = ? AND status = 'final'`,
    [form.formId, form.version],
  );
  // The scheme's scores in one range of their primary key (a join would look each one up: a second at 100,000).
  const scores = new Map<string, { literate: number; percent: number }>();
  for (const r of db.all<{ interview_id: string; literate: number; percent: number }>(
    'SELECT interview_id, literate, percent FROM scores WHERE scheme_id = ?',
    [schemeId],
  )) {
    scores.set(r.interview_id, r);
  }
  const names = qcForm.fields.map((f) => f.name);
  const answersOf = finalAnswersOfVersion(db, form, { wanted: names });

  // Per interview: time in all, answers timed, answers faster than their field's threshold. The thresholds go in a
  // temporary table keyed by field, which each answer row looks up (a CASE over every field, or a join with an
  // unindexed list, tests 70 fields for each of 3.6 million rows).
  db.exec(
    'CREATE TEMP TABLE IF NOT EXISTS qc_reading_limits (field TEXT PRIMARY KEY, under REAL NOT NULL) WITHOUT ROWID',
  );
  const timing = new Map<number, { totalMs: number; timed: number; fast: number }>();
  db.transaction(() => {
    db.run('DELETE FROM temp.qc_reading_limits');
    const put = db.prepare('INSERT INTO temp.qc_reading_limits (field, under) VALUES (?, ?)');
    for (const [field, under] of fastUnderMs) put.run([field, under]);
    // Every answer row in key order, so that SQLite groups as it reads (joining the interviews first would need a
    // sort of 3.6 million rows); the rows of other forms and drafts are left out below.
    for (const t of db.all<{ k: number; total: number; timed: number; fast: number }>(
      `SELECT r.interview_key AS k, sum(r.duration_ms) AS total, count(*) AS timed,
         sum(r.duration_ms < coalesce(l.under, 0)) AS fast
       FROM answer_rows r LEFT JOIN temp.qc_reading_limits l ON l.field = r.field
       WHERE r.duration_ms IS NOT NULL AND r.value <> ''
       GROUP BY r.interview_key`,
    )) {
      timing.set(t.k, { totalMs: t.total, timed: t.timed, fast: t.fast ?? 0 });
    }
  });
  const changes = new Map<number, number>();
  for (const c of db.all<{ k: number; n: number }>(
    `SELECT a.interview_key AS k, count(*) AS n FROM audit_log a
     WHERE a.action = 'answer.change' AND a.interview_key IS NOT NULL GROUP BY a.interview_key`,
  )) {
    changes.set(c.k, c.n);
  }
  return rows.map((r) => {
    const lookup = answersOf.get(r.interview_id);
    const score = scores.get(r.interview_id);
    return {
      id: r.interview_id,
      surveyor: r.surveyor,
      regionCode: r.region_code,
      stratum: r.stratum,
      psu: r.psu,
      household: r.household,
      source: r.source,
      startedAt: r.started_at,
      finalizedAt: r.finalized_at,
      designWeight: r.design_weight,
      answers: names.map((n) => lookup?.(n)?.trim() ?? ''),
      timing: timing.get(r.interview_key) ?? null,
      changes: changes.get(r.interview_key) ?? 0,
      literate: score ? score.literate === 1 : null,
      percent: score ? score.percent : null,
    };
  });
}

/** A kept setting (JSON), or undefined where none was saved. */
export function getSetting<T>(db: SqlDriver, key: string): T | undefined {
  const row = db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]);
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export function putSetting(db: SqlDriver, key: string, value: unknown, actor?: string | null): void {
  db.transaction(() => {
    const at = nowIso();
    db.run(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [key, JSON.stringify(value), at],
    );
    appendAudit(db, { action: 'settings.save', entity: 'settings', entityId: key, actor, at, detail: value });
  });
}

interface ReviewRow {
  review_uuid: string;
  interview_id: string;
  revision: number;
  state: ReviewState;
  comment: string | null;
  reviewer: string | null;
  at: string;
}

const reviewOf = (r: ReviewRow): Review => ({
  reviewUuid: r.review_uuid,
  interviewId: r.interview_id,
  revision: r.revision,
  state: r.state,
  comment: r.comment,
  reviewer: r.reviewer,
  at: r.at,
});

/** Records a supervisor's decision on a final interview (one transaction, with its audit row). */
export function reviewInterview(
  db: SqlDriver,
  a: { interviewId: string; state: ReviewState; comment?: string | null; reviewer?: string | null },
): Review {
  return db.transaction(() => {
    const iv = db.get<{ status: string; revision: number }>(
      'SELECT status, revision FROM interviews WHERE interview_id = ?',
      [a.interviewId],
    );
    if (!iv) throw new StoreError('not_found', `问卷 ${a.interviewId} 不存在（interview does not exist）。`);
    if (iv.status !== 'final') {
      throw new StoreError(
        'invalid_state',
        `问卷 ${a.interviewId} 的状态是 ${iv.status}，只能审核已完成的问卷（only final interviews are reviewed）。`,
      );
    }
    if ((a.state === 'has_issues' || a.state === 'rejected') && !a.comment?.trim()) {
      throw new StoreError('invalid_argument', '标记“有问题”或“退回”时请写明原因，调查员会在下一个数据包里看到它。');
    }
    const review: Review = {
      reviewUuid: crypto.randomUUID(),
      interviewId: a.interviewId,
      revision: iv.revision,
      state: a.state,
      comment: a.comment?.trim() || null,
      reviewer: a.reviewer ?? null,
      at: nowIso(),
    };
    insertReview(db, review);
    appendAudit(db, {
      action: 'interview.review',
      entity: 'interview',
      entityId: a.interviewId,
      actor: review.reviewer,
      at: review.at,
      detail: { state: review.state, comment: review.comment, revision: review.revision },
    });
    return review;
  });
}

/** Inserts a review (from this database or a package); one already here (same UUID) is skipped. */
export function insertReview(db: SqlDriver, r: Review): boolean {
  return (
    db.run(
      `INSERT OR IGNORE INTO interview_reviews (review_uuid, interview_id, revision, state, comment, reviewer, at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [r.reviewUuid, r.interviewId, r.revision, r.state, r.comment, r.reviewer, r.at],
    ).changes > 0
  );
}

/** Every review of one interview, oldest first. */
export function reviewsOf(db: SqlDriver, interviewId: string): Review[] {
  return db
    .all<ReviewRow>(
      `SELECT review_uuid, interview_id, revision, state, comment, reviewer, at FROM interview_reviews
       WHERE interview_id = ? ORDER BY at, review_key`,
      [interviewId],
    )
    .map(reviewOf);
}

/** The current state of every reviewed interview (its latest decision). */
export function latestReviews(db: SqlDriver): Map<string, Review> {
  const out = new Map<string, Review>();
  for (const r of db.all<ReviewRow>(
    `SELECT review_uuid, interview_id, revision, state, comment, reviewer, at FROM interview_reviews
     ORDER BY interview_id, at, review_key`,
  )) {
    out.set(r.interview_id, reviewOf(r));
  }
  return out;
}

/** Reviews written since `since` (ISO time; every review without it), for a package going back to the field. */
export function reviewsSince(db: SqlDriver, since?: string): Review[] {
  return db
    .all<ReviewRow>(
      `SELECT review_uuid, interview_id, revision, state, comment, reviewer, at FROM interview_reviews
       WHERE ? IS NULL OR at >= ? ORDER BY at, review_key`,
      [since ?? null, since ?? null],
    )
    .map(reviewOf);
}

/** The final interviews of the given surveyors, in arrival order. */
export function finalInterviewsOf(
  db: SqlDriver,
  surveyors: readonly string[],
): { interviewId: string; surveyor: string }[] {
  if (surveyors.length === 0) return [];
  return db
    .all<{ interview_id: string; surveyor: string }>(
      `SELECT interview_id, surveyor FROM interviews
       WHERE status = 'final' AND surveyor IN (SELECT value FROM json_each(?)) ORDER BY interview_key`,
      [JSON.stringify(surveyors)],
    )
    .map((r) => ({ interviewId: r.interview_id, surveyor: r.surveyor }));
}

/** The final interviews whose latest review is "approved". */
export function approvedInterviewIds(db: SqlDriver): Set<string> {
  const out = new Set<string>();
  for (const [id, r] of latestReviews(db)) if (r.state === 'approved') out.add(id);
  return out;
}
