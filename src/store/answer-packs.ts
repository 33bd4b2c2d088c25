import type { SqlDriver } from './driver.ts';

const BATCH = 100;

function upsertSql(rows: number): string {
  return `INSERT INTO answer_packs (interview_id, stamp, packed) VALUES ${Array(rows).fill('(?, ?, ?)').join(', ')}
     ON CONFLICT (interview_id) DO UPDATE SET stamp = excluded.stamp, packed = excluded.packed`;
}

/** One interview's answers packed in its form version's field order (see the `answer_packs` table). */
export interface AnswerPack {
  interviewId: string;
  stamp: string;
  /** JSON array of the answers, null where a field has none. */
  packed: string;
}

/**
 * Stores packs, 100 rows per statement (as writeScores); call it inside a transaction, and not while a query of
 * the same connection is being iterated.
 */
export function writeAnswerPacks(db: SqlDriver, packs: readonly AnswerPack[]): void {
  const params: string[] = [];
  const full = db.prepare(upsertSql(BATCH));
  for (let start = 0; start < packs.length; start += BATCH) {
    const end = Math.min(start + BATCH, packs.length);
    params.length = 0;
    for (let k = start; k < end; k++) {
      const p = packs[k]!;
      params.push(p.interviewId, p.stamp, p.packed);
    }
    (end - start === BATCH ? full : db.prepare(upsertSql(end - start))).run(params);
  }
}
