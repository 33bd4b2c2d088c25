import type { SqlDriver } from './driver.ts';

/** Design variables of final interviews (stratum, PSU, region) by interview id. */
export function interviewDesignVariables(
  db: SqlDriver,
  formId?: string,
): Map<string, { stratum: string | null; psu: string | null; region: string | null }> {
  const out = new Map<string, { stratum: string | null; psu: string | null; region: string | null }>();
  for (const r of db
    .prepare<{ interview_id: string; stratum: string | null; psu: string | null; region_code: string | null }>(
      `SELECT interview_id, stratum, psu, region_code FROM interviews
       WHERE status = 'final' AND (@formId IS NULL OR form_id = @formId)`,
    )
    .iterate({ formId: formId ?? null }))
    out.set(r.interview_id, { stratum: r.stratum, psu: r.psu, region: r.region_code });
  return out;
}

/** Scoring schemes that have stored scores, most scores first. */
export function scoredSchemes(db: SqlDriver): { scheme_id: string; n: number }[] {
  return db.all('SELECT scheme_id, count(*) AS n FROM scores GROUP BY scheme_id ORDER BY n DESC, scheme_id');
}

export interface EstimateRun {
  weightingSchemeId: string | null;
  scoringSchemeId: string | null;
  /** What was asked and what came out, stored as JSON so that a run can be shown and checked again later. */
  request: unknown;
  result: unknown;
  software: string;
}

/** Records an estimate run under a new id and the current time, and returns them. */
export function recordEstimateRun(db: SqlDriver, r: EstimateRun): { runId: string; createdAt: string } {
  const runId = crypto.randomUUID();
  const createdAt = new Date().toISOString();
  db.run(
    `INSERT INTO estimate_runs (run_id, created_at, weighting_scheme_id, scoring_scheme_id, request, result, software)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [
      runId,
      createdAt,
      r.weightingSchemeId,
      r.scoringSchemeId,
      JSON.stringify(r.request),
      JSON.stringify(r.result),
      r.software,
    ],
  );
  return { runId, createdAt };
}

/** A stored run as written: request and result are still JSON text. */
export interface EstimateRunRow {
  runId: string;
  createdAt: string;
  weightingSchemeId: string | null;
  scoringSchemeId: string | null;
  request: string;
  result: string;
  software: string;
}

export function getEstimateRun(db: SqlDriver, runId: string): EstimateRunRow | undefined {
  const r = db.get<{
    run_id: string;
    created_at: string;
    weighting_scheme_id: string | null;
    scoring_scheme_id: string | null;
    request: string;
    result: string;
    software: string;
  }>('SELECT * FROM estimate_runs WHERE run_id = ?', [runId]);
  return r
    ? {
        runId: r.run_id,
        createdAt: r.created_at,
        weightingSchemeId: r.weighting_scheme_id,
        scoringSchemeId: r.scoring_scheme_id,
        request: r.request,
        result: r.result,
        software: r.software,
      }
    : undefined;
}
