import type { SqlDriver, SqlValue } from './driver.ts';
import type { InterviewStatus } from './interviews.ts';
import type { InterviewListRow } from './overview.ts';

/**
 * The Interviews screen's list, read a page at a time by keyset: each page continues after the last row of the
 * previous one (its sort value and rowid), so the 1,000th page costs what the first does — no OFFSET that walks
 * every row before it. Only the two time columns sort (both NOT NULL, both indexed with the rowid behind them).
 */
export const PAGE_SORTS = ['updated', 'started'] as const;
export type PageSort = (typeof PAGE_SORTS)[number];
const SORT_COLUMN: Record<PageSort, string> = { updated: 'updated_at', started: 'started_at' };

export interface InterviewFilter {
  status?: InterviewStatus | null;
  surveyor?: string | null;
  region?: string | null;
  /** Started on or after this ISO date or time. */
  from?: string | null;
  /** Started on or before this ISO date (the whole day) or time. */
  to?: string | null;
  /** The start of an interview id or of a household code (any letter case). */
  search?: string | null;
}

/** Where the next page starts: the last row's sort value and rowid. Opaque to the screen. */
export interface PageCursor {
  at: string;
  rid: number;
}

export interface PageQuery extends InterviewFilter {
  after?: PageCursor | null;
  limit: number;
  sort?: PageSort;
  descending?: boolean;
}

export interface InterviewPage {
  rows: InterviewListRow[];
  /** Null when this page is the last one. */
  next: PageCursor | null;
}

function endOfDay(to: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(to) ? `${to}T23:59:59.999Z` : to;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The WHERE clause of a filter; every term is served by an index (see 001_initial.sql). */
function whereOf(f: InterviewFilter): { sql: string[]; params: SqlValue[] } {
  const sql: string[] = [];
  const params: SqlValue[] = [];
  if (f.status) {
    sql.push('status = ?');
    params.push(f.status);
  }
  if (f.surveyor) {
    sql.push('surveyor = ?');
    params.push(f.surveyor);
  }
  if (f.region) {
    sql.push('region_code = ?');
    params.push(f.region);
  }
  if (f.from) {
    sql.push('started_at >= ?');
    params.push(f.from);
  }
  if (f.to) {
    sql.push('started_at <= ?');
    params.push(endOfDay(f.to));
  }
  const term = f.search?.trim();
  if (term) {
    // A prefix, never a substring: `LIKE 'x%'` on the NOCASE household index is a range search, '%x%' would read
    // every row. Ids are ranges on the primary key, in the case typed and in lower case (UUIDs are lower case).
    sql.push(
      "(household LIKE ? ESCAPE '\\' OR (interview_id >= ? AND interview_id < ?) OR (interview_id >= ? AND interview_id < ?))",
    );
    const lower = term.toLowerCase();
    params.push(`${escapeLike(term)}%`, term, `${term}\u{10ffff}`, lower, `${lower}\u{10ffff}`);
  }
  return { sql, params };
}

/** One page of interviews, newest first by default, with each interview's count of answered questions. */
export function interviewPage(db: SqlDriver, q: PageQuery): InterviewPage {
  const { sql, params } = whereOf(q);
  const column = SORT_COLUMN[q.sort ?? 'updated'];
  const desc = q.descending ?? true;
  const dir = desc ? 'DESC' : 'ASC';
  if (q.after) {
    sql.push(`(${column}, rowid) ${desc ? '<' : '>'} (?, ?)`);
    params.push(q.after.at, q.after.rid);
  }
  const whereSql = sql.length ? `WHERE ${sql.join(' AND ')}` : '';
  // One more row than asked tells whether there is a next page. The page is chosen on the index alone, then
  // only its rows are read (deferred join).
  const rows = db.all<InterviewListRow & { rid: number }>(
    `SELECT p.rid, i.interview_id, i.form_id, i.form_version, i.surveyor, i.device, i.region_code, i.psu,
       i.household, i.status, i.source, i.current_field, i.void_reason, i.started_at, i.updated_at, i.finalized_at,
       (SELECT count(*) FROM answer_rows a WHERE a.interview_key = i.interview_key AND a.value IS NOT NULL) AS answered
     FROM (SELECT rowid AS rid FROM interviews ${whereSql} ORDER BY ${column} ${dir}, rowid ${dir} LIMIT ?) p
     JOIN interviews i ON i.rowid = p.rid
     ORDER BY i.${column} ${dir}, i.rowid ${dir}`,
    [...params, q.limit + 1],
  );
  const more = rows.length > q.limit;
  if (more) rows.pop();
  const last = rows.at(-1);
  const next = more && last ? { at: q.sort === 'started' ? last.started_at : last.updated_at, rid: last.rid } : null;
  return { rows: rows.map(({ rid: _, ...r }) => r), next };
}

/** How many interviews a filter selects (each filter term on its index: a range count, no table read). */
export function countInterviews(db: SqlDriver, f: InterviewFilter): number {
  const { sql, params } = whereOf(f);
  const whereSql = sql.length ? `WHERE ${sql.join(' AND ')}` : '';
  return db.get<{ n: number }>(`SELECT count(*) AS n FROM interviews ${whereSql}`, params)?.n ?? 0;
}

/** The surveyors and regions that occur, for the filter lists (distinct values straight off their indexes). */
export function interviewFacets(db: SqlDriver): { surveyors: string[]; regions: string[] } {
  const surveyors = db
    .all<{ v: string }>('SELECT DISTINCT surveyor AS v FROM interviews WHERE surveyor IS NOT NULL ORDER BY surveyor')
    .map((r) => r.v);
  const regions = db
    .all<{ v: string }>(
      'SELECT DISTINCT region_code AS v FROM interviews WHERE region_code IS NOT NULL ORDER BY region_code',
    )
    .map((r) => r.v);
  return { surveyors, regions };
}
