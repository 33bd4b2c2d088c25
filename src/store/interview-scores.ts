import type { SqlDriver } from './driver.ts';
import { type StoredScore, type StoredScoreColumns, storedScoreOf } from './scores.ts';

/** One interview's stored score under one scoring scheme, as the reports read it. */
export interface StoredInterviewScore extends StoredScore {
  schemeId: string;
  schemeName: string;
  /** The scheme's label by language (`{zh, en}` from its definition), when it has one. */
  schemeLabel: Record<string, string> | null;
}

/** Every stored score of one interview (one per scheme that scored it), oldest scheme first. */
export function interviewScores(db: SqlDriver, interviewId: string): StoredInterviewScore[] {
  return db
    .all<StoredScoreColumns & { scheme_id: string; name: string; label: string | null }>(
      // CROSS JOIN keeps the few schemes outside: each is one primary-key read (scheme_id, interview_id) of scores.
      `SELECT s.scheme_id, sc.name, json_extract(sc.definition, '$.label') AS label, s.total, s.max_total, s.percent, s.level, s.literate, s.vetoed, s.dimensions,
         s.scored_at
       FROM scoring_schemes sc CROSS JOIN scores s ON s.scheme_id = sc.scheme_id AND s.interview_id = ?
       ORDER BY sc.created_at, s.scheme_id`,
      [interviewId],
    )
    .map((r) => ({
      schemeId: r.scheme_id,
      schemeName: r.name,
      schemeLabel: r.label === null ? null : (JSON.parse(r.label) as Record<string, string>),
      ...storedScoreOf(r),
    }));
}
