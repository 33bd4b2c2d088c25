import type { SqlDriver } from './driver.ts';

/** One stored score, as the estimation engine joins it with design variables (by interview_id). */
export interface ScoreRow {
  interviewId: string;
  formId: string;
  formVersion: string;
  total: number;
  maxTotal: number;
  /** total / maxTotal × 100. */
  percent: number;
  level: string;
  literate: boolean;
  vetoed: boolean;
  /** Points per dimension. */
  dimensions: Record<string, number>;
  scoredAt: string;
}

export interface ScoreWrite {
  interviewId: string;
  total: number;
  maxTotal: number;
  percent: number;
  level: string;
  literate: boolean;
  vetoed: boolean;
  dimensions: string;
  inputHash: string;
  /** See scoringInputs; absent: the next rescore reads this interview's answers again. */
  inputStamp?: string;
}

/** Form versions that have at least one final interview (an EXISTS probe per form: no scan of interviews). */
export function formsWithFinalInterviews(
  db: SqlDriver,
  formId?: string,
): { form_id: string; version: string; definition: string; definition_checksum: string }[] {
  return db.all(
    `SELECT f.form_id, f.version, f.definition, f.definition_checksum FROM forms f
     WHERE (@formId IS NULL OR f.form_id = @formId)
       AND EXISTS (SELECT 1 FROM interviews i
                   WHERE i.form_id = f.form_id AND i.form_version = f.version AND i.status = 'final')
     ORDER BY f.form_id, f.version`,
    { formId: formId ?? null },
  );
}

/** Final interviews (of one form when given) with their form version. */
export function finalInterviews(
  db: SqlDriver,
  formId?: string,
): IterableIterator<{ interview_id: string; form_id: string; form_version: string }> {
  return db
    .prepare<{ interview_id: string; form_id: string; form_version: string }>(
      `SELECT interview_id, form_id, form_version FROM interviews
       WHERE status = 'final' AND (@formId IS NULL OR form_id = @formId)`,
    )
    .iterate({ formId: formId ?? null });
}

/**
 * Every interview's answers, one row per interview in primary-key order, as a JSON object built by SQLite
 * (`{"field": "value" | null, …}`). One sequential read of the answers table, 100,000 rows instead of millions
 * crossing into JavaScript, and JSON.parse is native: measured the fastest of the variants tried (concatenated
 * text with separators, a join from interviews, one row per answer; scripts/bench-score.ts). Callers skip the
 * interviews they do not score.
 */
export function iterateAnswerObjects(db: SqlDriver): IterableIterator<{ id: string; answers: string }> {
  return db
    .prepare<{ id: string; answers: string }>(
      'SELECT interview_id AS id, json_group_object(field, value) AS answers FROM answers GROUP BY interview_id',
    )
    .iterate();
}

/** What decides whether a stored score is current: see scoringInputs. */
export interface ScoringInputQuery {
  formId: string;
  formVersion: string;
  schemeId: string;
  /** A hash of the form definition and the scheme, the first part of every stamp. */
  stampPrefix: string;
  /** Read every interview's answers, even where the stamp says nothing changed. */
  all: boolean;
}

/** One final interview whose score has to be (re)computed. */
export interface ScoringInput {
  id: string;
  /** The input stamp to store with the new score. */
  stamp: string;
  /** The stored score's input hash, null when there is none. */
  hash: string | null;
  /** The interview's answers as a JSON object `{field: value | null}` built by SQLite; null when it has none. */
  answers: string | null;
}

// The stamp of an interview under a form/scheme: any new revision, finalisation or merge moves one of its parts.
const STAMP = `@prefix || i.updated_at || '|' || i.revision || '|' || ifnull(i.content_hash, '')`;

/**
 * Final interviews of one form version whose stored score of `schemeId` is missing or stale (its stamp differs),
 * each with its answers as one JSON object built by SQLite (safe for any answer text; JSON.parse is native):
 * one pass over the form's interviews, answers fetched per interview by primary key, and nothing at all read for interviews whose stamp
 * matches. A string per interview rather than a row per answer: better-sqlite3's per-row cost dominates
 * otherwise (3.2 M rows: ~7 s CPU; 100 k objects: ~1.8 s). Filtering the answers to the
 * scored fields in SQL costs more than it saves (a list subquery per interview).
 */
export function scoringInputs(db: SqlDriver, q: ScoringInputQuery): IterableIterator<ScoringInput> {
  return db
    .prepare<ScoringInput>(
      `SELECT i.interview_id AS id, ${STAMP} AS stamp, s.input_hash AS hash,
         (SELECT json_group_object(a.field, a.value) FROM answers a WHERE a.interview_id = i.interview_id) AS answers
       FROM interviews i LEFT JOIN scores s ON s.interview_id = i.interview_id AND s.scheme_id = @schemeId
       WHERE i.status = 'final' AND i.form_id = @formId AND i.form_version = @formVersion
         AND (@all = 1 OR s.input_stamp IS NULL OR s.input_stamp != ${STAMP})
`,
    )
    .iterate({
      prefix: q.stampPrefix,
      schemeId: q.schemeId,
      formId: q.formId,
      formVersion: q.formVersion,
      all: q.all ? 1 : 0,
    });
}

/** Counts by (level, literate, vetoed) of the stored scores that scoringInputs skips (stamp still matches). */
export function currentScoreCounts(
  db: SqlDriver,
  q: Omit<ScoringInputQuery, 'all'>,
): { level: string; literate: number; vetoed: number; n: number }[] {
  return db.all(
    `SELECT s.level, s.literate, s.vetoed, count(*) AS n
     FROM interviews i JOIN scores s ON s.interview_id = i.interview_id AND s.scheme_id = @schemeId
     WHERE i.status = 'final' AND i.form_id = @formId AND i.form_version = @formVersion
       AND s.input_stamp = ${STAMP}
     GROUP BY s.level, s.literate, s.vetoed`,
    { prefix: q.stampPrefix, schemeId: q.schemeId, formId: q.formId, formVersion: q.formVersion },
  );
}

const BATCH = 100;

function upsertSql(rows: number): string {
  return `INSERT INTO scores (interview_id, scheme_id, total, max_total, level, literate, dimensions, percent, vetoed,
       scored_at, input_hash, input_stamp) VALUES ${Array(rows).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
     ON CONFLICT (interview_id, scheme_id) DO UPDATE SET total = excluded.total, max_total = excluded.max_total,
       level = excluded.level, literate = excluded.literate, dimensions = excluded.dimensions,
       percent = excluded.percent, vetoed = excluded.vetoed, scored_at = excluded.scored_at,
       input_hash = excluded.input_hash, input_stamp = excluded.input_stamp`;
}

/**
 * Upserts scores of one scheme, 100 rows per statement (one statement per score costs ~3× more); call it inside
 * a transaction, and not while a query of the same connection is being iterated.
 */
export function writeScores(db: SqlDriver, schemeId: string, scoredAt: string, scores: readonly ScoreWrite[]): void {
  const params: (string | number | null)[] = [];
  const full = db.prepare(upsertSql(BATCH));
  for (let start = 0; start < scores.length; start += BATCH) {
    const end = Math.min(start + BATCH, scores.length);
    params.length = 0;
    for (let k = start; k < end; k++) {
      const s = scores[k]!;
      params.push(
        s.interviewId,
        schemeId,
        s.total,
        s.maxTotal,
        s.level,
        s.literate ? 1 : 0,
        s.dimensions,
        s.percent,
        s.vetoed ? 1 : 0,
        scoredAt,
        s.inputHash,
        s.inputStamp ?? null,
      );
    }
    const stmt = end - start === BATCH ? full : db.prepare(upsertSql(end - start));
    stmt.run(params);
  }
}

/** Records that a stored score is still current under a new stamp (answers changed nowhere the score reads). */
export function restampScores(db: SqlDriver, schemeId: string, stamps: readonly [string, string][]): void {
  const stmt = db.prepare('UPDATE scores SET input_stamp = ? WHERE interview_id = ? AND scheme_id = ?');
  for (const [id, stamp] of stamps) stmt.run([stamp, id, schemeId]);
}

/** Removes the scores of a scheme whose interview is no longer final (voided), or outside `formId` when given. */
export function removeStaleScores(db: SqlDriver, schemeId: string): number {
  return db.run(
    `DELETE FROM scores WHERE scheme_id = ? AND interview_id IN
       (SELECT interview_id FROM interviews WHERE status != 'final')`,
    [schemeId],
  ).changes;
}

/** Every stored score of a scheme, in interview order. */
export function listScores(db: SqlDriver, schemeId: string): ScoreRow[] {
  const rows = db.all<{
    interview_id: string;
    form_id: string;
    form_version: string;
    total: number;
    max_total: number;
    percent: number;
    level: string;
    literate: number;
    vetoed: number;
    dimensions: string;
    scored_at: string;
  }>(
    `SELECT s.interview_id, i.form_id, i.form_version, s.total, s.max_total, s.percent, s.level, s.literate,
       s.vetoed, s.dimensions, s.scored_at
     FROM scores s JOIN interviews i ON i.interview_id = s.interview_id
     WHERE s.scheme_id = ? AND i.status = 'final' ORDER BY s.interview_id`,
    [schemeId],
  );
  return rows.map((r) => ({
    interviewId: r.interview_id,
    formId: r.form_id,
    formVersion: r.form_version,
    total: r.total,
    maxTotal: r.max_total,
    percent: r.percent,
    level: r.level,
    literate: r.literate === 1,
    vetoed: r.vetoed === 1,
    dimensions: JSON.parse(r.dimensions) as Record<string, number>,
    scoredAt: r.scored_at,
  }));
}

/** Counts, mean score and literate count by level for a scheme's stored scores of final interviews. */
export function scoreCountsByLevel(
  db: SqlDriver,
  schemeId: string,
): { level: string; n: number; literate: number; meanPercent: number }[] {
  return db.all(
    `SELECT s.level, count(*) AS n, sum(s.literate) AS literate, avg(s.percent) AS meanPercent
     FROM scores s JOIN interviews i ON i.interview_id = s.interview_id
     WHERE s.scheme_id = ? AND i.status = 'final' GROUP BY s.level ORDER BY s.level`,
    [schemeId],
  );
}

/** interview_id → final weight of a weighting scheme (for weighted item analysis). */
export function weightsOf(db: SqlDriver, weightingSchemeId: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of db
    .prepare<{ interview_id: string; weight: number }>('SELECT interview_id, weight FROM weights WHERE scheme_id = ?')
    .iterate([weightingSchemeId]))
    out.set(r.interview_id, r.weight);
  return out;
}
