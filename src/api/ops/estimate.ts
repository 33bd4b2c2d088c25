import { z } from 'zod';
import { compareLiteracy } from '../../analysis/compare-literacy.ts';
import { estimateLiteracy } from '../../analysis/estimate-literacy.ts';
import { literacyProfile } from '../../analysis/literacy-profile.ts';
import { smallAreaLiteracy } from '../../analysis/small-area-literacy.ts';
import { op } from '../operation.ts';

const id = z.string().min(1).max(200);
/** What every literacy estimate is made with: the sample, weights, scoring, interval and lonely-PSU rule. */
const common = {
  formId: id.optional(),
  weightingSchemeId: id.optional(),
  scoringSchemeId: id.optional(),
  ci: z.enum(['logit', 'likelihood', 'xlogit', 'beta', 'wilson', 'mean', 'asin']).optional(),
  level: z.number().gt(0).lt(1).optional(),
  lonelyPsu: z.enum(['fail', 'remove', 'certainty', 'adjust', 'average']).optional(),
};
/** A key population, or one category of a breakdown field (sex = female, age_group = 20-24, ...). */
const domainSide = z.union([
  z.object({ group: id }).strict(),
  z.object({ field: id, value: z.string().min(1).max(200) }).strict(),
]);
/** A wave: the final interviews of one questionnaire version, with its own weighting scheme when given. */
const waveSide = z.object({ formVersion: id, weightingSchemeId: id.optional() }).strict();

export const estimateOps = {
  /** Literacy share overall and by group/breakdown, saved as an estimate run (src/analysis/estimate-literacy.ts). */
  'estimate/run': op({
    input: z.object({
      ...common,
      by: z.union([z.literal('group'), z.array(id).max(4)]).optional(),
      target: z.number().min(0).max(1).optional(),
    }),
    long: true,
    run: (ctx, a) => estimateLiteracy(ctx.db, a),
  }),
  /**
   * The difference in literacy share between two domains of one design (groups or breakdown categories) or two
   * waves (questionnaire versions, independent samples): difference, SE, interval, p-value, and each side's
   * estimate (src/analysis/compare-literacy.ts).
   */
  'estimate/compare': op({
    input: z.discriminatedUnion('compare', [
      z.object({ ...common, compare: z.literal('domains'), first: domainSide, second: domainSide }),
      z.object({ ...common, compare: z.literal('waves'), first: waveSide, second: waveSide }),
    ]),
    long: true,
    run: (ctx, a) => compareLiteracy(ctx.db, a),
  }),
  /** Weighted level shares and dimension scores, overall or in one domain (src/analysis/literacy-profile.ts). */
  'estimate/profile': op({
    input: z.object({ ...common, domain: domainSide.optional() }),
    long: true,
    run: (ctx, a) => literacyProfile(ctx.db, a),
  }),
  /**
   * Model-based (Fay–Herriot) literacy share of each district beside its direct estimate, with the district
   * covariates the user imported, benchmarked to the overall direct estimate (src/analysis/small-area-literacy.ts).
   */
  'estimate/smallArea': op({
    input: z.object({
      formId: common.formId,
      weightingSchemeId: common.weightingSchemeId,
      scoringSchemeId: common.scoringSchemeId,
      level: common.level,
      lonelyPsu: common.lonelyPsu,
      field: id,
      covariates: z
        .array(
          z.object({
            area: z.string().min(1).max(200),
            values: z.record(z.string().min(1).max(200), z.number().finite()),
            population: z.number().positive().optional(),
          }),
        )
        .min(1)
        .max(5000),
      method: z.enum(['REML', 'ML']).optional(),
      mse: z.enum(['prasad-rao', 'datta-lahiri']).optional(),
      scale: z.enum(['logit', 'linear']).optional(),
    }),
    long: true,
    run: (ctx, a) => smallAreaLiteracy(ctx.db, a),
  }),
};
