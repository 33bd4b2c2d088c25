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
  /** See packAnswers. */
  packed: string;
}

// Unit and record separators: splitting on one is about twice as fast as JSON.parse of an array.
const SEPARATOR = '\u001f';
const MISSING = '\u001e';

/**
 * The answers to `fields`, in that order, as one string; null when an answer itself contains a separator
 * character (such an interview gets no pack and is read from the answers table every time).
 */
export function packAnswers(fields: readonly string[], answers: Record<string, string | null>): string | null {
  const parts: string[] = new Array(fields.length);
  for (let i = 0; i < fields.length; i++) {
    const v = answers[fields[i]!];
    if (v === undefined || v === null) parts[i] = MISSING;
    else if (v.includes(SEPARATOR) || v.includes(MISSING)) return null;
    else parts[i] = v;
  }
  return parts.join(SEPARATOR);
}

/** The answers of a pack, by position in the field list it was made with; undefined where there was none. */
export function unpackAnswers(packed: string): (string | undefined)[] {
  const parts: (string | undefined)[] = packed.split(SEPARATOR);
  for (let i = 0; i < parts.length; i++) if (parts[i] === MISSING) parts[i] = undefined;
  return parts;
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
