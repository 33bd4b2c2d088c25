import type { SqlDriver, SqlValue } from './driver.ts';

/**
 * Reading many short records per interview fast: SQLite joins them into a few long strings (CHUNK records each)
 * instead of returning a row per interview, which costs better-sqlite3 about 2.5 µs a row, ten times SQLite's own
 * reading. A record is the interview's key — its id as json_quote writes it, so control characters are escaped
 * and the separators below cannot occur in it (JSON.parse gives the id back) — the unit separator (31), then the
 * rest, which the caller's SQL must also keep free of the file separator (28).
 */
export const CHUNK = 20_000;
const FIELD = '\u001f';
const LIST = '\u001c';

/** Splits a list SQLite joined with char(28) into its records' keys and rests. */
export function splitKeyedList(list: string, onRecord: (key: string, rest: string) => void): void {
  for (const record of list.split(LIST)) {
    const k = record.indexOf(FIELD);
    onRecord(record.slice(0, k), record.slice(k + 1));
  }
}

/**
 * Every record of a table read in interview_id order, CHUNK at a time, by key. `select(after)` is the query of one
 * chunk: `SELECT group_concat(json_quote(interview_id) || char(31) || …, char(28)) AS list, max(interview_id) AS
 * last, count(*) AS n FROM (SELECT … WHERE … [AND interview_id > ?] ORDER BY interview_id LIMIT ?)`, with the
 * `interview_id > ?` condition only when `after` is true; `params` come first, then that id and the chunk size.
 */
export function readKeyedRecords(
  db: SqlDriver,
  select: (after: boolean) => string,
  params: readonly SqlValue[],
): Map<string, string> {
  const out = new Map<string, string>();
  let last: string | null = null;
  for (;;) {
    const chunk: { list: string | null; last: string | null; n: number } | undefined =
      last === null ? db.get(select(false), [...params, CHUNK]) : db.get(select(true), [...params, last, CHUNK]);
    if (!chunk || chunk.n === 0 || chunk.list === null || chunk.last === null) break;
    splitKeyedList(chunk.list, (key, rest) => out.set(key, rest));
    if (chunk.n < CHUNK) break;
    last = chunk.last;
  }
  return out;
}
