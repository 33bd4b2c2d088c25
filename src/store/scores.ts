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
  /** resultHash of this score: a rescore compares it instead of reading every stored column. */
  resultHash: string;
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
  /** A hash of the form definition, the first part of every score stamp. */
  stampPrefix: string;
  /** A hash of the form's field list, the first part of every answer-pack stamp; null: read no packs. */
  packPrefix: string | null;
  /** Every final interview of the version, even where its stamp says nothing changed. */
  all: boolean;
  /** Read answers from the answers table, not from current packs (after edits outside scilit). */
  fromAnswers: boolean;
}

/** One final interview whose score has to be (re)computed. */
export interface ScoringInput {
  id: string;
  /** The interview's part of both stamps (updated_at|revision|content_hash), to prefix with stampPrefix or packPrefix. */
  interviewStamp: string;
  /** The stored score's stamp and result hash (null when there is none): a rescore writes only what differs. */
  storedStamp: string | null;
  resultHash: string | null;
  /** The stored answer pack and its stamp (null when there is none); current when the stamp is packPrefix +
   * interviewStamp (and neither fromAnswers nor a null packPrefix was asked for). */
  packStamp: string | null;
  packed: string | null;
  /** When the pack is not current (or fromAnswers): the answers as a JSON object `{field: value | null}` built by
   * SQLite (null if none). */
  answers: string | null;
}

// The interview's part of both stamps: any new revision, finalisation or merge moves one of its parts.
const INTERVIEW_STAMP = `i.updated_at || '|' || i.revision || '|' || ifnull(i.content_hash, '')`;
const STAMP = `@prefix || ${INTERVIEW_STAMP}`;

/**
 * Final interviews of one form version whose stored score of `schemeId` is missing or stale (its stamp differs),
 * or all of them (`all`), each with its stored score: one pass over the form's interviews, and nothing at all read
 * for interviews whose stamp matches. Each comes with its answer pack; where that is not current, with its answers
 * as one JSON object built by SQLite from the answers table (safe for any answer text; JSON.parse is native) — the
 * subquery runs only for those rows. A string per interview rather than a row per answer: better-sqlite3's
 * per-row cost dominates otherwise (3.2 M rows: ~7 s CPU; 100 k objects: ~1.1 s; 100 k packs: ~0.2 s); and few
 * columns, for the same reason.
 */
export function scoringInputs(db: SqlDriver, q: ScoringInputQuery): IterableIterator<ScoringInput> {
  return db
    .prepare<ScoringInput>(
      `SELECT i.interview_id AS id, ${INTERVIEW_STAMP} AS interviewStamp,
         s.input_stamp AS storedStamp, s.result_hash AS resultHash, p.stamp AS packStamp, p.packed,
         CASE WHEN @fromAnswers = 1 OR @packPrefix IS NULL OR p.stamp IS NULL
             OR p.stamp != (@packPrefix || ${INTERVIEW_STAMP}) THEN
           (SELECT json_group_object(a.field, a.value) FROM answers a WHERE a.interview_id = i.interview_id)
         END AS answers
       FROM interviews i
       LEFT JOIN scores s ON s.interview_id = i.interview_id AND s.scheme_id = @schemeId
       LEFT JOIN answer_packs p ON p.interview_id = i.interview_id
       WHERE i.status = 'final' AND i.form_id = @formId AND i.form_version = @formVersion
         AND (@all = 1 OR s.input_stamp IS NULL OR s.input_stamp != ${STAMP})`,
    )
    .iterate({
      prefix: q.stampPrefix,
      packPrefix: q.packPrefix,
      schemeId: q.schemeId,
      formId: q.formId,
      formVersion: q.formVersion,
      all: q.all ? 1 : 0,
      fromAnswers: q.fromAnswers ? 1 : 0,
    });
}

/** The hash of form and scheme under which a (scheme, form version)'s stored scores were last all checked. */
export function scoreSetHash(db: SqlDriver, schemeId: string, formId: string, formVersion: string): string | null {
  return (
    db.get<{ scheme_hash: string }>(
      'SELECT scheme_hash FROM score_sets WHERE scheme_id = ? AND form_id = ? AND form_version = ?',
      [schemeId, formId, formVersion],
    )?.scheme_hash ?? null
  );
}

export function putScoreSetHash(db: SqlDriver, schemeId: string, formId: string, formVersion: string, hash: string) {
  db.run(
    `INSERT INTO score_sets (scheme_id, form_id, form_version, scheme_hash) VALUES (?, ?, ?, ?)
     ON CONFLICT (scheme_id, form_id, form_version) DO UPDATE SET scheme_hash = excluded.scheme_hash`,
    [schemeId, formId, formVersion, hash],
  );
}

/** Counts by (level, literate, vetoed) of the stored scores that scoringInputs skips (stamp still matches). */
export function currentScoreCounts(
  db: SqlDriver,
  q: Omit<ScoringInputQuery, 'all' | 'fromAnswers' | 'packPrefix'>,
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
       scored_at, result_hash, input_stamp) VALUES ${Array(rows).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
     ON CONFLICT (interview_id, scheme_id) DO UPDATE SET total = excluded.total, max_total = excluded.max_total,
       level = excluded.level, literate = excluded.literate, dimensions = excluded.dimensions,
       percent = excluded.percent, vetoed = excluded.vetoed, scored_at = excluded.scored_at,
       result_hash = excluded.result_hash, input_stamp = excluded.input_stamp`;
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
        s.resultHash,
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
