/** SQL of the data export: final interviews of a form with their answers, latest score and latest weight. */
import type { SqlDriver } from './driver.ts';

export interface ExportInterview {
  interview_id: string;
  answers: Record<string, string>;
  total: number | null;
  level: string | null;
  weight: number | null;
}

export interface ExportSources {
  scoringSchemeId: string | null;
  weightingSchemeId: string | null;
}

export function exportSources(db: SqlDriver): ExportSources {
  const s = db.get<{ scheme_id: string }>(
    'SELECT scheme_id FROM scores GROUP BY scheme_id ORDER BY max(scored_at) DESC LIMIT 1',
  );
  const w = db.get<{ scheme_id: string }>(
    'SELECT scheme_id FROM weighting_schemes WHERE run_at IS NOT NULL ORDER BY run_at DESC LIMIT 1',
  );
  return { scoringSchemeId: s?.scheme_id ?? null, weightingSchemeId: w?.scheme_id ?? null };
}

/** Final interviews of a form (all its versions), in id order, answers attached. */
export function* exportInterviews(db: SqlDriver, formId: string, src: ExportSources): Generator<ExportInterview> {
  const answers = db.prepare<{ interview_id: string; field: string; value: string | null }>(
    `SELECT i.interview_id, a.field, a.value FROM interviews i JOIN answer_rows a ON a.interview_key = i.interview_key
     WHERE i.form_id = ? AND i.status = 'final' ORDER BY i.interview_id`,
  );
  const heads = db.prepare<{ interview_id: string; total: number | null; level: string | null; weight: number | null }>(
    `SELECT i.interview_id, s.total, s.level, w.weight FROM interviews i
     LEFT JOIN scores s ON s.interview_id = i.interview_id AND s.scheme_id = ?
     LEFT JOIN weights w ON w.interview_id = i.interview_id AND w.scheme_id = ?
     WHERE i.form_id = ? AND i.status = 'final' ORDER BY i.interview_id`,
  );
  const it = answers.iterate([formId]);
  let pending = it.next();
  for (const h of heads.iterate([src.scoringSchemeId, src.weightingSchemeId, formId])) {
    const a: Record<string, string> = {};
    while (!pending.done && pending.value.interview_id <= h.interview_id) {
      if (pending.value.interview_id === h.interview_id && pending.value.value !== null)
        a[pending.value.field] = pending.value.value;
      pending = it.next();
    }
    yield { interview_id: h.interview_id, answers: a, total: h.total, level: h.level, weight: h.weight };
  }
}
