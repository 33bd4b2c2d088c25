import type { SqlDriver } from './driver.ts';
import type { InterviewStatus } from './interviews.ts';

/** Counts for one surveyor or region, split by status. */
export interface StatusCounts {
  total: number;
  draft: number;
  final: number;
  void: number;
}

export interface HomeOverview {
  forms: {
    form_id: string;
    version: string;
    title: string;
    imported_at: string;
    interviews: number;
  }[];
  interviews: StatusCounts;
  bySurveyor: (StatusCounts & { surveyor: string | null })[];
  byRegion: (StatusCounts & { region: string | null })[];
  lastImports: {
    batch_id: string;
    kind: string;
    file_name: string | null;
    form_id: string | null;
    form_version: string | null;
    imported_at: string;
    rows_total: number;
    rows_added: number;
    rows_skipped: number;
    rows_conflict: number;
  }[];
  lastActivity: string | null;
}

const COUNTS = `count(*) AS total, coalesce(sum(status = 'draft'), 0) AS draft,
  coalesce(sum(status = 'final'), 0) AS final, coalesce(sum(status = 'void'), 0) AS void`;

/** The Home screen: the database at a glance. `top` bounds the surveyor and region lists (largest first). */
export function homeOverview(db: SqlDriver, top = 50): HomeOverview {
  const forms = db.all<HomeOverview['forms'][number]>(
    `SELECT f.form_id, f.version, f.title, f.imported_at,
       (SELECT count(*) FROM interviews i WHERE i.form_id = f.form_id AND i.form_version = f.version) AS interviews
     FROM forms f ORDER BY f.form_id, f.imported_at`,
  );
  // One pass over each covering index; the overall counts are the sum of the per-surveyor ones.
  const surveyors = db.all<StatusCounts & { surveyor: string | null }>(
    `SELECT surveyor, ${COUNTS} FROM interviews GROUP BY surveyor`,
  );
  const regions = db.all<StatusCounts & { region: string | null }>(
    `SELECT region_code AS region, ${COUNTS} FROM interviews GROUP BY region_code`,
  );
  const interviews: StatusCounts = { total: 0, draft: 0, final: 0, void: 0 };
  for (const s of surveyors) {
    interviews.total += s.total;
    interviews.draft += s.draft;
    interviews.final += s.final;
    interviews.void += s.void;
  }
  const largest = <T extends StatusCounts>(rows: T[], key: (r: T) => string | null) =>
    rows.sort((a, b) => b.total - a.total || String(key(a) ?? '').localeCompare(String(key(b) ?? ''))).slice(0, top);
  const bySurveyor = largest(surveyors, (r) => r.surveyor);
  const byRegion = largest(regions, (r) => r.region);
  const lastImports = db.all<HomeOverview['lastImports'][number]>(
    `SELECT batch_id, kind, file_name, form_id, form_version, imported_at, rows_total, rows_added, rows_skipped,
       rows_conflict FROM import_batches ORDER BY imported_at DESC, rowid DESC LIMIT 10`,
  );
  const last = db.get<{ at: string | null }>('SELECT max(updated_at) AS at FROM interviews');
  return { forms, interviews, bySurveyor, byRegion, lastImports, lastActivity: last?.at ?? null };
}

export interface InterviewListRow {
  interview_id: string;
  form_id: string;
  form_version: string;
  surveyor: string | null;
  device: string | null;
  region_code: string | null;
  psu: string | null;
  household: string | null;
  status: InterviewStatus;
  source: string;
  current_field: string | null;
  void_reason: string | null;
  started_at: string;
  updated_at: string;
  finalized_at: string | null;
  answered: number;
}

export interface AuditRow {
  audit_id: number;
  at: string;
  actor: string | null;
  device: string | null;
  action: string;
  detail: unknown;
}

/** The audit trail of one interview, oldest first, with each detail parsed from its JSON. */
export function interviewAudit(db: SqlDriver, interviewId: string): AuditRow[] {
  return db
    .all<Omit<AuditRow, 'detail'> & { detail: string | null }>(
      `SELECT audit_id, at, actor, device, action, detail FROM audit_log
       WHERE interview_key = (SELECT interview_key FROM interviews WHERE interview_id = ?) ORDER BY audit_id`,
      [interviewId],
    )
    .map((r) => ({ ...r, detail: r.detail === null ? null : JSON.parse(r.detail) }));
}
