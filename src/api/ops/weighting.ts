import { z } from 'zod';
import { relativeTrim, weightDistribution } from '../../analysis/weight-distribution.ts';
import { checkWeighting } from '../../analysis/weighting-check.ts';
import { runWeightingScheme } from '../../analysis/weighting-run.ts';
import { tableTotals, totalsProblem } from '../../interchange/targets/import.ts';
import { getTargets, listTargetSets, saveTargetSet } from '../../store/targets.ts';
import { listWeightingSchemes } from '../../store/weighting.ts';
import { ApiError, op } from '../operation.ts';

const name = z.string().min(1).max(200);

export const weightingOps = {
  /**
   * Runs a weighting scheme on the final interviews and stores one weight per interview with the diagnostics:
   * a stored scheme by id or name, or a new definition (stored under `name`, replacing an older definition).
   * `trimRelative` (with a definition) adds a last trimming step with bounds relative to the mean weight
   * (0.3 = 0.3 × the mean); they are stored as absolute weights, as the engine and R take them.
   */
  'weighting/run': op({
    input: z.object({
      scheme: name.optional(),
      name: name.optional(),
      definition: z.unknown().optional(),
      trimRelative: z
        .object({ lower: z.number().min(0).lt(1), upper: z.number().gt(1).max(1000), strict: z.boolean().optional() })
        .strict()
        .optional(),
    }),
    long: true,
    run(ctx, a) {
      if (a.scheme && a.definition !== undefined) {
        throw new ApiError('invalid_arguments', 'give a stored scheme or a definition with its name, not both.');
      }
      if (a.definition !== undefined) {
        if (!a.name) throw new ApiError('invalid_arguments', 'a new weighting scheme needs a name.');
        ctx.progress?.(0, 'weighting');
        if (a.trimRelative) {
          const t = relativeTrim(ctx.db, a.definition, a.trimRelative);
          ctx.progress?.(0.5, 'trimming');
          const r = runWeightingScheme(ctx.db, { name: a.name, definition: t.definition });
          ctx.progress?.(1, 'weighted');
          return {
            ...r,
            trim: { ...a.trimRelative, meanWeight: t.meanWeight, lowerWeight: t.lower, upperWeight: t.upper },
          };
        }
        const r = runWeightingScheme(ctx.db, { name: a.name, definition: a.definition });
        ctx.progress?.(1, 'weighted');
        return r;
      }
      if (a.trimRelative) throw new ApiError('invalid_arguments', 'relative trimming bounds go with a new definition.');
      if (!a.scheme) throw new ApiError('invalid_arguments', 'choose a weighting scheme (its id or name).');
      ctx.progress?.(0, 'weighting');
      const r = runWeightingScheme(ctx.db, a.scheme);
      ctx.progress?.(1, 'weighted');
      return r;
    },
  }),
  /** Stored weighting schemes: definition, last run's diagnostics, number of stored weights. */
  'weighting/list': op({
    input: z.object({}).optional(),
    run(ctx) {
      return listWeightingSchemes(ctx.db);
    },
  }),
  /**
   * The distribution of a scheme's stored weights: a histogram (`bins` equal-width bins, computed here), quartiles,
   * CV, n_kish, design effect of weighting, and the last run's per-step diagnostics.
   */
  'weighting/distribution': op({
    input: z.object({ scheme: name, bins: z.number().int().min(1).max(200).optional() }),
    run: (ctx, a) => weightDistribution(ctx.db, a.scheme, a.bins),
  }),
  /**
   * After a run: every margin's (cell's) population target beside the weighted count the final weights achieve,
   * and warnings when totals differ by more than the tolerance or the targets look like another population
   * (src/analysis/weighting-check.ts).
   */
  'weighting/check': op({
    input: z.object({ scheme: name, tolerance: z.number().min(0).max(1).optional() }),
    long: true,
    run: (ctx, a) => checkWeighting(ctx.db, a.scheme, { tolerance: a.tolerance }),
  }),
  /** The rows of a target set (by id or name), for showing and editing. */
  'targets/get': op({
    input: z.object({ name }),
    run(ctx, a) {
      const { set, targets } = getTargets(ctx.db, a.name);
      return { name: set.name, source: set.source, createdAt: set.created_at, targets, totals: tableTotals(targets) };
    },
  }),
  /**
   * Stores edited target rows (a preview of targets/import, or a stored set with changed counts) as one set, in
   * one transaction; refused when the tables' totals disagree by more than the tolerance (default 1 %).
   */
  'targets/save': op({
    input: z.object({
      name,
      source: z.string().max(500).optional(),
      targets: z
        .array(
          z.object({
            variables: z.array(name).min(1).max(5),
            categories: z.array(z.string().min(1).max(200)).min(1).max(5),
            population: z.number().finite().min(0),
          }),
        )
        .min(1)
        .max(100_000),
      tolerance: z.number().min(0).max(1).optional(),
      replace: z.boolean().optional(),
    }),
    run(ctx, a) {
      const totals = tableTotals(a.targets);
      const problem = totalsProblem(totals, a.tolerance ?? 0.01);
      if (problem) throw new ApiError('margins_disagree', problem.en);
      const saved = saveTargetSet(ctx.db, {
        name: a.name,
        source: a.source ?? null,
        targets: a.targets,
        replace: a.replace,
      });
      return { ...saved, totals };
    },
  }),
  /** Stored population target sets with the tables (margins, cells) each holds. */
  'targets/list': op({
    input: z.object({}).optional(),
    run(ctx) {
      return listTargetSets(ctx.db);
    },
  }),
};
