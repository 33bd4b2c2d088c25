import { appendAudit, nowIso } from './audit.ts';
import type { SqlDriver } from './driver.ts';
import { StoreError } from './errors.ts';

/** A stored weighting scheme: its definition (design variables and steps, JSON) and its last run. */
export interface WeightingSchemeRow {
  schemeId: string;
  name: string;
  /** Parsed JSON; validated by the caller (src/analysis/weighting-run.ts). */
  definition: unknown;
  /** JSON of the last run: steps as run, convergence, min/max/CV, n_kish; null before the first run. */
  diagnostics: unknown;
  createdAt: string;
  runAt: string | null;
  /** Interviews with a stored weight. */
  weights: number;
}

interface Row {
  scheme_id: string;
  name: string;
  definition: string;
  diagnostics: string | null;
  created_at: string;
  run_at: string | null;
  weights: number;
}

const SELECT = `SELECT s.scheme_id, s.name, s.definition, s.diagnostics, s.created_at, s.run_at,
  (SELECT count(*) FROM weights w WHERE w.scheme_id = s.scheme_id) AS weights FROM weighting_schemes s`;

function toScheme(r: Row): WeightingSchemeRow {
  return {
    schemeId: r.scheme_id,
    name: r.name,
    definition: JSON.parse(r.definition),
    diagnostics: r.diagnostics === null ? null : JSON.parse(r.diagnostics),
    createdAt: r.created_at,
    runAt: r.run_at,
    weights: r.weights,
  };
}

/** A scheme by id or by name. */
export function findWeightingScheme(db: SqlDriver, idOrName: string): WeightingSchemeRow | undefined {
  const r = db.get<Row>(`${SELECT} WHERE s.scheme_id = ? OR s.name = ? LIMIT 1`, [idOrName, idOrName]);
  return r ? toScheme(r) : undefined;
}

export function listWeightingSchemes(db: SqlDriver): WeightingSchemeRow[] {
  return db.all<Row>(`${SELECT} ORDER BY s.name`).map(toScheme);
}

/**
 * Stores a scheme under its name: a new name is a new scheme; the same name with another definition
 * replaces the definition (audited, and its stored weights are dropped: they no longer match it).
 */
export function putWeightingScheme(
  db: SqlDriver,
  name: string,
  definition: unknown,
): { schemeId: string; created: boolean; changed: boolean } {
  const text = JSON.stringify(definition);
  return db.transaction(() => {
    const old = db.get<{ scheme_id: string; definition: string }>(
      'SELECT scheme_id, definition FROM weighting_schemes WHERE name = ?',
      [name],
    );
    if (old) {
      if (old.definition === text) return { schemeId: old.scheme_id, created: false, changed: false };
      db.run('UPDATE weighting_schemes SET definition = ?, diagnostics = NULL, run_at = NULL WHERE scheme_id = ?', [
        text,
        old.scheme_id,
      ]);
      db.run('DELETE FROM weights WHERE scheme_id = ?', [old.scheme_id]);
      appendAudit(db, {
        action: 'weighting.redefine',
        entity: 'weighting_scheme',
        entityId: old.scheme_id,
        detail: { name, old: JSON.parse(old.definition), new: definition },
      });
      return { schemeId: old.scheme_id, created: false, changed: true };
    }
    const schemeId = crypto.randomUUID();
    db.run('INSERT INTO weighting_schemes (scheme_id, name, definition, created_at) VALUES (?, ?, ?, ?)', [
      schemeId,
      name,
      text,
      nowIso(),
    ]);
    appendAudit(db, {
      action: 'weighting.define',
      entity: 'weighting_scheme',
      entityId: schemeId,
      detail: { name, definition },
    });
    return { schemeId, created: true, changed: true };
  });
}

/**
 * Replaces a scheme's weights and records the run's diagnostics, in one transaction: one final weight per
 * interview, nothing half-written if anything fails.
 */
export function storeWeights(
  db: SqlDriver,
  schemeId: string,
  interviewIds: readonly string[],
  weights: Float64Array,
  diagnostics: unknown,
  runAt = nowIso(),
): void {
  if (interviewIds.length !== weights.length) {
    throw new StoreError('invalid_argument', `${interviewIds.length} interviews for ${weights.length} weights.`);
  }
  db.transaction(() => {
    const found = db.run('UPDATE weighting_schemes SET diagnostics = ?, run_at = ? WHERE scheme_id = ?', [
      JSON.stringify(diagnostics),
      runAt,
      schemeId,
    ]);
    if (found.changes === 0) throw new StoreError('not_found', `no weighting scheme ${schemeId}.`);
    db.run('DELETE FROM weights WHERE scheme_id = ?', [schemeId]);
    const insert = db.prepare('INSERT INTO weights (scheme_id, interview_id, weight) VALUES (?, ?, ?)');
    for (let i = 0; i < interviewIds.length; i++) insert.run([schemeId, interviewIds[i]!, weights[i]!]);
    appendAudit(db, {
      action: 'weighting.run',
      entity: 'weighting_scheme',
      entityId: schemeId,
      at: runAt,
      detail: { interviews: interviewIds.length },
    });
  });
}

/** interview_id → weight of a scheme. */
export function storedWeights(db: SqlDriver, schemeId: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of db
    .prepare<{ interview_id: string; weight: number }>('SELECT interview_id, weight FROM weights WHERE scheme_id = ?')
    .iterate([schemeId]))
    out.set(r.interview_id, r.weight);
  return out;
}

/** Interview columns a weighting scheme may use as variables (besides answer fields). */
export const INTERVIEW_COLUMNS = ['stratum', 'psu', 'region_code', 'household', 'surveyor'] as const;
export type InterviewColumn = (typeof INTERVIEW_COLUMNS)[number];

export interface FinalInterviewRecord {
  interview_id: string;
  form_id: string;
  form_version: string;
  stratum: string | null;
  psu: string | null;
  region_code: string | null;
  household: string | null;
  surveyor: string | null;
  /** Design (base) weight recorded at interview start; null = 1. */
  design_weight: number | null;
}

/** Final interviews (of one form when given), in id order, with their design columns. */
export function finalInterviewRecords(db: SqlDriver, formId?: string): FinalInterviewRecord[] {
  return db.all<FinalInterviewRecord>(
    `SELECT interview_id, form_id, form_version, stratum, psu, region_code, household, surveyor, design_weight
     FROM interviews
     WHERE status = 'final' AND (@formId IS NULL OR form_id = @formId) ORDER BY interview_id`,
    { formId: formId ?? null },
  );
}
