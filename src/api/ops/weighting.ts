import { z } from 'zod';
import { runWeightingScheme } from '../../analysis/weighting-run.ts';
import { listTargetSets } from '../../store/targets.ts';
import { listWeightingSchemes } from '../../store/weighting.ts';
import { ApiError, op } from '../operation.ts';

const name = z.string().min(1).max(200);

export const weightingOps = {
  /**
   * Runs a weighting scheme on the final interviews and stores one weight per interview with the diagnostics:
   * a stored scheme by id or name, or a new definition (stored under `name`, replacing an older definition).
   */
  'weighting/run': op({
    input: z.object({ scheme: name.optional(), name: name.optional(), definition: z.unknown().optional() }),
    long: true,
    run(ctx, a) {
      if (a.scheme && a.definition !== undefined) {
        throw new ApiError('invalid_arguments', 'give a stored scheme or a definition with its name, not both.');
      }
      if (a.definition !== undefined) {
        if (!a.name) throw new ApiError('invalid_arguments', 'a new weighting scheme needs a name.');
        ctx.progress?.(0, 'weighting');
        const r = runWeightingScheme(ctx.db, { name: a.name, definition: a.definition });
        ctx.progress?.(1, 'weighted');
        return r;
      }
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
  /** Stored population target sets with the tables (margins, cells) each holds. */
  'targets/list': op({
    input: z.object({}).optional(),
    run(ctx) {
      return listTargetSets(ctx.db);
    },
  }),
};
