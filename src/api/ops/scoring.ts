import { z } from 'zod';
import {
  analyseStoredItems,
  levelsOf,
  loadScheme,
  NATIONAL_SCHEME_ID,
  rescoreInterviews,
  type ScoringScheme,
  validateScheme,
} from '../../scoring/index.ts';
import type { SqlDriver } from '../../store/driver.ts';
import { scoreCountsByLevel } from '../../store/scores.ts';
import { listSchemeRows } from '../../store/scoring-schemes.ts';
import { ApiError, op } from '../operation.ts';

const id = z.string().min(1).max(200);

/** The scheme a summary is about: the one asked for, else the national rule, else the only stored one. */
function pickScheme(db: SqlDriver, schemeId?: string): ScoringScheme {
  if (schemeId) return loadScheme(db, schemeId);
  const rows = listSchemeRows(db);
  const row = rows.find((r) => r.scheme_id === NATIONAL_SCHEME_ID) ?? (rows.length === 1 ? rows[0] : undefined);
  if (!row) {
    throw new ApiError(
      rows.length === 0 ? 'not_scored' : 'scheme_required',
      rows.length === 0
        ? 'no interviews have been scored yet: run scoring first (scilit score).'
        : `several scoring schemes are stored (${rows.map((r) => r.scheme_id).join(', ')}): choose one.`,
    );
  }
  return loadScheme(db, row.scheme_id);
}

export const scoringOps = {
  /** Scores every final interview and stores the scores (only what changed is written). */
  'score/run': op({
    input: z.object({
      formId: id.optional(),
      schemeId: id.optional(),
      /** A scheme document (the JSON of a `--scheme FILE`); stored under its id, then used. */
      scheme: z.unknown().optional(),
    }),
    long: true,
    run(ctx, a) {
      if (a.scheme !== undefined && a.schemeId) {
        throw new ApiError('invalid_arguments', 'give a scheme or a schemeId, not both.');
      }
      const scheme = a.scheme === undefined ? undefined : validateScheme(a.scheme, 'the scheme');
      return rescoreInterviews(ctx.db, {
        formId: a.formId,
        schemeId: a.schemeId,
        scheme,
        progress: ctx.progress,
      });
    },
  }),
  /** Counts by level of the stored scores (unweighted; weighted shares come from estimate/run). */
  'score/summary': op({
    input: z.object({ schemeId: id.optional() }),
    run(ctx, a) {
      const scheme = pickScheme(ctx.db, a.schemeId);
      const counts = new Map(scoreCountsByLevel(ctx.db, scheme.id).map((r) => [r.level, r]));
      const n = [...counts.values()].reduce((s, r) => s + r.n, 0);
      const literate = [...counts.values()].reduce((s, r) => s + r.literate, 0);
      const levels = levelsOf(scheme).map((level) => ({
        level,
        n: counts.get(level)?.n ?? 0,
        share: n > 0 ? (counts.get(level)?.n ?? 0) / n : 0,
      }));
      const meanPercent = n > 0 ? [...counts.values()].reduce((s, r) => s + r.meanPercent * r.n, 0) / n : null;
      return {
        weighting: 'unweighted' as const,
        scheme,
        n,
        literate,
        literateShare: n > 0 ? literate / n : null,
        meanPercent,
        levels,
      };
    },
  }),
  /** Stored schemes with their definitions (for reports and the scheme editor). */
  'score/schemes': op({
    input: z.object({}),
    run(ctx) {
      return listSchemeRows(ctx.db).map((r) => ({
        schemeId: r.scheme_id,
        name: r.name,
        createdAt: r.created_at,
        definition: JSON.parse(r.definition) as ScoringScheme,
      }));
    },
  }),
  /** Item analysis of the final interviews of a form; weighted when a weighting scheme is given. */
  'items/analyse': op({
    input: z.object({ formId: id.optional(), formVersion: id.optional(), weightingSchemeId: id.optional() }),
    long: true,
    run(ctx, a) {
      return analyseStoredItems(ctx.db, a);
    },
  }),
};
