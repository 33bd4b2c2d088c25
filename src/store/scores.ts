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

/** interview_id → input_hash of the stored scores of one scheme. */
export function storedInputHashes(db: SqlDriver, schemeId: string): Map<string, string> {
  const out = new Map<string, string>();
  const rows = db
    .prepare<{ interview_id: string; input_hash: string }>(
      'SELECT interview_id, input_hash FROM scores WHERE scheme_id = ?',
    )
    .iterate([schemeId]);
  for (const r of rows) out.set(r.interview_id, r.input_hash);
  return out;
}

/** Returns a writer that upserts scores of one scheme; call it inside a transaction. */
export function scoreWriter(db: SqlDriver, schemeId: string, scoredAt: string): (s: ScoreWrite) => void {
  const stmt = db.prepare(
    `INSERT INTO scores (interview_id, scheme_id, total, max_total, level, literate, dimensions, percent, vetoed,
       scored_at, input_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (interview_id, scheme_id) DO UPDATE SET total = excluded.total, max_total = excluded.max_total,
       level = excluded.level, literate = excluded.literate, dimensions = excluded.dimensions,
       percent = excluded.percent, vetoed = excluded.vetoed, scored_at = excluded.scored_at,
       input_hash = excluded.input_hash`,
  );
  return (s) => {
    stmt.run([
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
    ]);
  };
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
