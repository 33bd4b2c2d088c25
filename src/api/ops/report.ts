import { z } from 'zod';
import { bytesToBase64 } from '../../interchange/base64.ts';
import { exportReport } from '../../interchange/report/index.ts';
import { op } from '../operation.ts';

/** The Excel report: estimates, item analysis, weighting, method and data dictionary in one workbook. */
export const reportOps = {
  'report/export': op({
    long: true,
    input: z.object({
      lang: z.enum(['zh', 'en']).optional(),
      /** A weighting scheme's id or name; default: the most recently run scheme, else weight 1. */
      weightingScheme: z.string().min(1).max(200).optional(),
      /** Plan target as a proportion (default 0.15). */
      target: z.number().gt(0).lt(1).optional(),
      formId: z.string().min(1).max(200).optional(),
      lonelyPsu: z.enum(['fail', 'remove', 'certainty', 'adjust', 'average']).optional(),
    }),
    async run(ctx, a) {
      ctx.progress?.(0, 'estimating');
      const r = await exportReport(ctx.db, {
        lang: a.lang,
        weightingScheme: a.weightingScheme,
        target: a.target,
        formId: a.formId,
        lonelyPsu: a.lonelyPsu,
      });
      ctx.progress?.(1, 'report written');
      return { fileName: r.fileName, dataBase64: bytesToBase64(r.bytes) };
    },
  }),
};
