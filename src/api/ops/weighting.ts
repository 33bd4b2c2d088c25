import { z } from 'zod';
import { relativeTrim, weightDistribution } from '../../analysis/weight-distribution.ts';
import { runWeightingScheme } from '../../analysis/weighting-run.ts';
import { listTargetSets } from '../../store/targets.ts';
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
  /** Stored population target sets with the tables (margins, cells) each holds. */
  'targets/list': op({
    input: z.object({}).optional(),
    run(ctx) {
      return listTargetSets(ctx.db);
    },
  }),
};
