import { z } from 'zod';
import { estimateLiteracy } from '../../analysis/estimate-literacy.ts';
import { op } from '../operation.ts';

export const estimateOps = {
  /** Literacy share overall and by group/breakdown, saved as an estimate run (src/analysis/estimate-literacy.ts). */
  'estimate/run': op({
    input: z.object({
      formId: z.string().min(1).max(200).optional(),
      by: z.union([z.literal('group'), z.array(z.string().min(1).max(200)).max(4)]).optional(),
      weightingSchemeId: z.string().min(1).max(200).optional(),
      scoringSchemeId: z.string().min(1).max(200).optional(),
      ci: z.enum(['logit', 'beta', 'wilson', 'mean', 'asin']).optional(),
      level: z.number().gt(0).lt(1).optional(),
      target: z.number().min(0).max(1).optional(),
      lonelyPsu: z.enum(['fail', 'remove', 'certainty', 'adjust', 'average']).optional(),
    }),
    long: true,
    run: (ctx, a) => estimateLiteracy(ctx.db, a),
  }),
};
