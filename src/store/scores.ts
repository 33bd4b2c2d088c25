import type { SqlDriver } from './driver.ts';
import { readKeyedRecords, splitKeyedList } from './keyed-lists.ts';

/** What a stored score says about one respondent under one scheme. */
export interface StoredScore {
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

/** The columns of `scores` that make a StoredScore, as SQLite returns them. */
export interface StoredScoreColumns {
  total: number;
  max_total: number;
  percent: number;
  level: string;
  literate: number;
  vetoed: number;
  dimensions: string;
  scored_at: string;
}

export function storedScoreOf(r: StoredScoreColumns): StoredScore {
  return {
    total: r.total,
    maxTotal: r.max_total,
    percent: r.percent,
    level: r.level,
    literate: r.literate === 1,
    vetoed: r.vetoed === 1,
    dimensions: JSON.parse(r.dimensions) as Record<string, number>,
    scoredAt: r.scored_at,
  };
}

/** One stored score, as the estimation engine joins it with design variables (by interview_id). */
export interface ScoreRow extends StoredScore {
  interviewId: string;
  formId: string;
  formVersion: string;
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
  /**
   * The tally in one short string (see the scores table): with level and literate, a rescore compares it instead of
   * every stored column, and classifies it again when only the scheme's rule changed.
   */
  resultKey: string;
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

/**
 * The interview's state in one short string: revision, the start of its content hash, and its update time in
 * seconds (to the millisecond): a new revision, finalisation or merge moves at least one part.
 */
export const INTERVIEW_STAMP = `revision || json_quote(substr(ifnull(content_hash, ''), 1, 16))
  || ifnull(unixepoch(updated_at, 'subsec'), json_quote(updated_at))`;

/**
 * The final interviews of a form version: their keys (see keyed-lists.ts) and, at the same positions, their stamps
 * (see INTERVIEW_STAMP): a stored score or pack made under another stamp is stale. `ordered`: in id order, so that
 * scores written from them go into the scores table in key order; else in the index's order, which saves SQLite a
 * sort of every interview (a third of the read) when few scores are written one by one. One string for the whole
 * version (about 80 characters an interview).
 */
export function finalInterviewStamps(
  db: SqlDriver,
  formId: string,
  formVersion: string,
  ordered = true,
): { keys: string[]; stamps: string[] } {
  const keys: string[] = [];
  const stamps: string[] = [];
  const list = db.get<{ list: string | null }>(
    `SELECT group_concat(json_quote(interview_id) || char(31) || stamp, char(28)) AS list
     FROM (SELECT interview_id, ${INTERVIEW_STAMP} AS stamp FROM interviews
           WHERE form_id = ? AND form_version = ? AND status = 'final' ${ordered ? 'ORDER BY interview_id' : ''})`,
    [formId, formVersion],
  )?.list;
  if (list)
    splitKeyedList(list, (key, stamp) => {
      keys.push(key);
      stamps.push(stamp);
    });
  return { keys, stamps };
}

const storedList = (after: boolean) =>
  `SELECT group_concat(json_quote(interview_id) || char(31) || ifnull(input_stamp, '') || char(31) || result_key
       || char(31) || literate || vetoed || json_quote(level), char(28)) AS list, max(interview_id) AS last,
     count(*) AS n
   FROM (SELECT interview_id, input_stamp, result_key, literate, vetoed, level FROM scores
         WHERE scheme_id = ? ${after ? 'AND interview_id > ?' : ''} ORDER BY interview_id LIMIT ?)`;

/**
 * Every stored score of a scheme, by interview key (see keyed-lists.ts), each as one string read with
 * storedStampIs, storedResultKey and storedOutcome: parsing 100,000 of them into objects would cost more than reading.
 */
export function readStoredScores(db: SqlDriver, schemeId: string): Map<string, string> {
  return readKeyedRecords(db, storedList, [schemeId]);
}

/** Whether a readStoredScores entry was stored under `stamp` (its ScoreWrite's inputStamp). */
export function storedStampIs(entry: string, stamp: string): boolean {
  return entry.length > stamp.length && entry.charCodeAt(stamp.length) === 0x1f && entry.startsWith(stamp);
}

/** The resultKey (the tally) a readStoredScores entry was stored with. */
export function storedResultKey(entry: string): string {
  const from = entry.indexOf('\u001f') + 1;
  return entry.slice(from, entry.indexOf('\u001f', from));
}

/**
 * What a readStoredScores entry counts for — literate and vetoed as 0/1, then the JSON-quoted level — as a short
 * string (see outcomeOf): equal strings, equal counts.
 */
export function storedOutcome(entry: string): string {
  return entry.slice(entry.lastIndexOf('\u001f') + 1);
}

/** The storedOutcome string of a result. */
export function outcomeOf(literate: boolean, vetoed: boolean, quotedLevel: string): string {
  return `${literate ? 1 : 0}${vetoed ? 1 : 0}${quotedLevel}`;
}

/** The level, literate and vetoed flags of a storedOutcome string. */
export function parseOutcome(outcome: string): { level: string; literate: boolean; vetoed: boolean } {
  return { level: JSON.parse(outcome.slice(2)) as string, literate: outcome[0] === '1', vetoed: outcome[1] === '1' };
}

/**
 * The answers of some interviews, by key, each as a JSON object `{field: value | null}` built by SQLite (safe for any
 * answer text; JSON.parse is native); an interview without answers is absent. Many keys: one pass over the answers
 * table; few: one indexed read per interview.
 */
export function answersByKey(db: SqlDriver, keys: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (keys.length > 2_000) {
    const wanted = new Set(keys);
    for (const r of db
      .prepare<{ k: string; answers: string }>(
        `SELECT json_quote(interview_id) AS k, json_group_object(field, value) AS answers FROM answers
         GROUP BY interview_id`,
      )
      .iterate())
      if (wanted.has(r.k)) out.set(r.k, r.answers);
    return out;
  }
  const one = db.prepare<{ answers: string | null; n: number }>(
    'SELECT json_group_object(field, value) AS answers, count(*) AS n FROM answers WHERE interview_id = ?',
  );
  for (const k of keys) {
    const r = one.get([JSON.parse(k) as string]);
    if (r && r.n > 0 && r.answers !== null) out.set(k, r.answers);
  }
  return out;
}

/**
 * The hashes under which a (scheme, form version)'s stored scores were last all checked: of form and scheme, and of
 * what their tallies depend on (null when not recorded). Undefined when the scheme never scored the version.
 */
export function scoreSetOf(
  db: SqlDriver,
  schemeId: string,
  formId: string,
  formVersion: string,
): { schemeHash: string; tallyHash: string | null } | undefined {
  const row = db.get<{ scheme_hash: string; tally_hash: string | null }>(
    'SELECT scheme_hash, tally_hash FROM score_sets WHERE scheme_id = ? AND form_id = ? AND form_version = ?',
    [schemeId, formId, formVersion],
  );
  return row && { schemeHash: row.scheme_hash, tallyHash: row.tally_hash };
}

export function putScoreSet(
  db: SqlDriver,
  schemeId: string,
  formId: string,
  formVersion: string,
  schemeHash: string,
  tallyHash: string,
): void {
  db.run(
    `INSERT INTO score_sets (scheme_id, form_id, form_version, scheme_hash, tally_hash) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (scheme_id, form_id, form_version) DO UPDATE SET scheme_hash = excluded.scheme_hash,
       tally_hash = excluded.tally_hash`,
    [schemeId, formId, formVersion, schemeHash, tallyHash],
  );
}

/**
 * Another scheme whose stored scores of the form version carry tallies made as `tallyHash` says (see score_sets):
 * the first by id, or undefined.
 */
export function tallyDonor(
  db: SqlDriver,
  schemeId: string,
  formId: string,
  formVersion: string,
  tallyHash: string,
): string | undefined {
  return db.get<{ scheme_id: string }>(
    `SELECT scheme_id FROM score_sets WHERE form_id = ? AND form_version = ? AND tally_hash = ? AND scheme_id != ?
     ORDER BY scheme_id LIMIT 1`,
    [formId, formVersion, tallyHash, schemeId],
  )?.scheme_id;
}

/** Orders rows by interview id: the scores and answer_packs keys' order, in which writes fill pages instead of splitting them. */
export function byInterviewId(a: { interviewId: string }, b: { interviewId: string }): number {
  return a.interviewId < b.interviewId ? -1 : a.interviewId > b.interviewId ? 1 : 0;
}

const BATCH = 100;

function upsertSql(rows: number): string {
  return `INSERT INTO scores (interview_id, scheme_id, total, max_total, level, literate, dimensions, percent, vetoed,
       scored_at, result_key, input_stamp) VALUES ${Array(rows).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
     ON CONFLICT (scheme_id, interview_id) DO UPDATE SET total = excluded.total, max_total = excluded.max_total,
       level = excluded.level, literate = excluded.literate, dimensions = excluded.dimensions,
       percent = excluded.percent, vetoed = excluded.vetoed, scored_at = excluded.scored_at,
       result_key = excluded.result_key, input_stamp = excluded.input_stamp`;
}

/**
 * Upserts scores of one scheme, 100 rows per statement (one statement per score costs ~3× more), in key order (rows
 * written in order fill B-tree pages instead of splitting them); call it inside a transaction, and not while a query
 * of the same connection is being iterated.
 */
export function writeScores(db: SqlDriver, schemeId: string, scoredAt: string, unordered: readonly ScoreWrite[]): void {
  let ordered = true;
  for (let k = 1; k < unordered.length && ordered; k++)
    ordered = unordered[k - 1]!.interviewId < unordered[k]!.interviewId;
  const scores = ordered ? unordered : [...unordered].sort(byInterviewId);
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
        s.resultKey,
        s.inputStamp ?? null,
      );
    }
    const stmt = end - start === BATCH ? full : db.prepare(upsertSql(end - start));
    stmt.run(params);
  }
}

const RELEVEL_BATCH = 100;

function relevelSql(rows: number): string {
  return `UPDATE scores SET level = v.column2, literate = v.column3, scored_at = ?
     FROM (VALUES ${Array(rows).fill('(?, ?, ?)').join(', ')}) AS v
     WHERE scores.scheme_id = ? AND scores.interview_id = v.column1`;
}

/**
 * Gives stored scores of a scheme a new level (their tally unchanged: only the scheme's rule changed), 100 per
 * statement in key order: three values a score instead of a whole row, and no insert attempt. Inside a transaction.
 */
export function relevelScores(
  db: SqlDriver,
  schemeId: string,
  scoredAt: string,
  unordered: readonly { interviewId: string; level: string; literate: boolean }[],
): void {
  const rows = [...unordered].sort(byInterviewId);
  const params: (string | number)[] = [];
  const full = db.prepare(relevelSql(RELEVEL_BATCH));
  for (let start = 0; start < rows.length; start += RELEVEL_BATCH) {
    const end = Math.min(start + RELEVEL_BATCH, rows.length);
    params.length = 0;
    params.push(scoredAt);
    for (let k = start; k < end; k++) {
      const r = rows[k]!;
      params.push(r.interviewId, r.level, r.literate ? 1 : 0);
    }
    params.push(schemeId);
    (end - start === RELEVEL_BATCH ? full : db.prepare(relevelSql(end - start))).run(params);
  }
}

/**
 * New levels by tally (scores.result_key): a stored score whose tally is listed gets the level it lists, and is
 * literate when its tally is in `literate`.
 */
export interface LevelsByTally {
  levels: Map<string, string[]>;
  /** Scores per level: the level of most scores is the CASE's ELSE (one lookup fewer for most rows). */
  scores: Map<string, number>;
  literate: string[];
}

/**
 * `CASE` over the listed tallies, and the named parameters it uses (JSON arrays, read with json_each). Every score
 * it is applied to has a listed tally, so the level of most scores needs no lookup: it is the ELSE.
 */
function levelCase(by: LevelsByTally, params: Record<string, string>): { level: string; literate: string } {
  let most: string | undefined;
  for (const [level, n] of by.scores) if (most === undefined || n > by.scores.get(most)!) most = level;
  const whens: string[] = [];
  for (const [level, tallies] of by.levels) {
    if (level === most) continue;
    const n = whens.length;
    params[`t${n}`] = JSON.stringify(tallies);
    params[`l${n}`] = level;
    whens.push(`WHEN result_key IN (SELECT value FROM json_each(@t${n})) THEN @l${n}`);
  }
  params.lit = JSON.stringify(by.literate);
  params.most = most ?? '';
  return {
    level: whens.length > 0 ? `CASE ${whens.join(' ')} ELSE @most END` : '@most',
    literate: 'result_key IN (SELECT value FROM json_each(@lit))',
  };
}

/**
 * Gives every stored score of a scheme whose tally is listed its new level, in one pass over the scheme's scores:
 * no value bound per score. Only when those are exactly the scores to change, but for `exceptKeys` (interview keys,
 * see keyed-lists.ts: the stale ones, or of other versions); else relevelScores. `everyTally`: every stored score's
 * tally is listed.
 */
export function relevelTallies(
  db: SqlDriver,
  schemeId: string,
  scoredAt: string,
  by: LevelsByTally,
  everyTally: boolean,
  exceptKeys: readonly string[],
): number {
  const all = [...by.levels.values()].flat();
  if (all.length === 0) return 0;
  const params: Record<string, string> = { scheme: schemeId, at: scoredAt };
  const c = levelCase(by, params);
  // Every stored tally listed (e.g. every level renamed): no need to look each score's tally up to select it.
  if (!everyTally) params.changed = JSON.stringify(all);
  if (exceptKeys.length > 0) params.except = `[${exceptKeys.join(',')}]`;
  return db.run(
    `UPDATE scores SET level = ${c.level}, literate = ${c.literate}, scored_at = @at
     WHERE scheme_id = @scheme ${everyTally ? '' : 'AND result_key IN (SELECT value FROM json_each(@changed))'}
       ${exceptKeys.length > 0 ? 'AND interview_id NOT IN (SELECT value FROM json_each(@except))' : ''}`,
    params,
  ).changes;
}

/**
 * Copies every stored score of scheme `from` to scheme `to` with the level its tally gets under `to` (both schemes
 * count the same tallies, see score_sets.tally_hash), in key order, in one statement, but for `exceptKeys` (interview
 * keys: stale ones, other versions'). Only when `to` has none of the copied interviews.
 */
export function copyScoresRelevelled(
  db: SqlDriver,
  from: string,
  to: string,
  scoredAt: string,
  by: LevelsByTally,
  exceptKeys: readonly string[],
): number {
  const params: Record<string, string> = { from, to, at: scoredAt };
  const c = levelCase(by, params);
  if (exceptKeys.length > 0) params.except = `[${exceptKeys.join(',')}]`;
  return db.run(
    `INSERT INTO scores (interview_id, scheme_id, total, max_total, level, literate, dimensions, percent, vetoed,
       scored_at, result_key, input_stamp)
     SELECT interview_id, @to, total, max_total, ${c.level}, ${c.literate}, dimensions, percent, vetoed, @at,
       result_key, input_stamp
     FROM scores WHERE scheme_id = @from
       ${exceptKeys.length > 0 ? 'AND interview_id NOT IN (SELECT value FROM json_each(@except))' : ''}
     ORDER BY interview_id`,
    params,
  ).changes;
}

/** Records that a stored score is still current under a new stamp (answers changed nowhere the score reads). */
export function restampScores(db: SqlDriver, schemeId: string, stamps: readonly [string, string][]): void {
  const stmt = db.prepare('UPDATE scores SET input_stamp = ? WHERE scheme_id = ? AND interview_id = ?');
  for (const [id, stamp] of stamps) stmt.run([stamp, schemeId, id]);
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
  return db
    .all<StoredScoreColumns & { interview_id: string; form_id: string; form_version: string }>(
      `SELECT s.interview_id, i.form_id, i.form_version, s.total, s.max_total, s.percent, s.level, s.literate,
         s.vetoed, s.dimensions, s.scored_at
       FROM scores s JOIN interviews i ON i.interview_id = s.interview_id
       WHERE s.scheme_id = ? AND i.status = 'final' ORDER BY s.interview_id`,
      [schemeId],
    )
    .map((r) => ({
      interviewId: r.interview_id,
      formId: r.form_id,
      formVersion: r.form_version,
      ...storedScoreOf(r),
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
