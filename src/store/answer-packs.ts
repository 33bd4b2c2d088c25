import { allFields, type Form } from '../form/model.ts';
import { fastHash } from '../util/hash.ts';
import type { SqlDriver } from './driver.ts';
import { readKeyedRecords } from './keyed-lists.ts';

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

// Unit separator between answers, record separator for "no answer"; lists of packs (readAnswerPacks, see
// keyed-lists.ts) are joined with the file separator. Splitting on one is about twice as fast as JSON.parse of an
// array.
const SEPARATOR = '\u001f';
const MISSING = '\u001e';
const LIST = '\u001c';

/**
 * The answers to `fields`, in that order, as one string; null when an answer itself contains one of the separator
 * characters (such an interview gets no pack and is read from the answers table every time).
 */
export function packAnswers(fields: readonly string[], answers: Record<string, string | null>): string | null {
  const parts: string[] = new Array(fields.length);
  for (let i = 0; i < fields.length; i++) {
    const v = answers[fields[i]!];
    if (v === undefined || v === null) parts[i] = MISSING;
    else if (v.includes(SEPARATOR) || v.includes(MISSING) || v.includes(LIST)) return null;
    else parts[i] = v;
  }
  return parts.join(SEPARATOR);
}

const packList = (after: boolean) =>
  `SELECT group_concat(json_quote(interview_id) || char(31) || stamp || char(31) || packed, char(28)) AS list,
     max(interview_id) AS last, count(*) AS n
   FROM (SELECT interview_id, stamp, packed FROM answer_packs ${after ? 'WHERE interview_id > ?' : ''}
         ORDER BY interview_id LIMIT ?)`;

/**
 * Every stored pack, by interview key (see keyed-lists.ts), each as `stamp`, the unit separator, then the pack
 * (see currentPack). Stamps are made by this module and packs hold no file separator (packAnswers).
 */
export function readAnswerPacks(db: SqlDriver): Map<string, string> {
  return readKeyedRecords(db, packList, []);
}

/**
 * The pack of a readAnswerPacks entry when it was stored under the stamp `prefix` + `stamp` (writeAnswerPacks), else
 * undefined (stale or absent).
 */
export function currentPack(entry: string | undefined, prefix: string, stamp: string): string | undefined {
  const end = prefix.length + stamp.length;
  if (entry === undefined || entry.length <= end || entry.charCodeAt(end) !== 0x1f) return undefined;
  return entry.startsWith(prefix) && entry.startsWith(stamp, prefix.length) ? entry.slice(end + 1) : undefined;
}

/** The fields a pack holds, in its order: every field of the form that can have an answer (notes cannot). */
export function packFieldsOf(form: Form): string[] {
  return allFields(form)
    .filter((f) => f.type !== 'note')
    .map((f) => f.name);
}

/**
 * A pack from answers already joined by the unit separator in packFieldsOf order, '' meaning no answer (an office
 * import's rows); null when an answer holds another separator character.
 */
export function packFromJoined(joined: string): string | null {
  if (joined.includes(MISSING) || joined.includes(LIST)) return null;
  const parts = joined.split(SEPARATOR);
  for (let i = 0; i < parts.length; i++) if (parts[i] === '') parts[i] = MISSING;
  return parts.join(SEPARATOR);
}

/**
 * The first part of every pack stamp for a form's field list (the pack's order): packs stay valid through a change
 * of the form that keeps its fields.
 */
export function packFieldsStamp(fields: readonly string[]): string {
  return fastHash(JSON.stringify(fields));
}

/**
 * Reads packs made with `fields` as lookups field → answer (undefined where there is none). A lookup splits its
 * pack on first use; building an object of forty answers per interview instead cost V8 ten times more.
 */
export function packLookupReader(fields: readonly string[]): (packed: string) => (field: string) => string | undefined {
  const index = new Map(fields.map((f, i) => [f, i]));
  return (packed) => {
    let parts: string[] | undefined;
    return (field) => {
      const i = index.get(field);
      if (i === undefined) return undefined;
      parts ??= packed.split(SEPARATOR);
      const v = parts[i];
      return v === MISSING ? undefined : v;
    };
  };
}

/**
 * Reads a pack into `values`: values[i] is the answer at positions[i] of the field list the pack was made with,
 * undefined where there was none. Only the answers asked for are copied.
 */
export function unpackAnswers(packed: string, positions: readonly number[], values: (string | undefined)[]): void {
  const parts = packed.split(SEPARATOR);
  for (let i = 0; i < positions.length; i++) {
    const v = parts[positions[i]!];
    values[i] = v === MISSING ? undefined : v;
  }
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
