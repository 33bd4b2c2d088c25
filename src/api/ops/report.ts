import { z } from 'zod';
import { bytesToBase64 } from '../../interchange/base64.ts';
import { regionNames } from '../../interchange/regions/index.ts';
import { exportReport, gatherReport } from '../../interchange/report/index.ts';
import { narrativeReport } from '../../interchange/report/word/narrative.ts';
import { op } from '../operation.ts';

const reportInput = z.object({
  lang: z.enum(['zh', 'en']).optional(),
  /** A weighting scheme's id or name; default: the most recently run scheme, else weight 1; `none`: weight 1. */
  weightingScheme: z.string().min(1).max(200).optional(),
  /** Plan target as a proportion (default 0.15). */
  target: z.number().gt(0).lt(1).optional(),
  formId: z.string().min(1).max(200).optional(),
  lonelyPsu: z.enum(['fail', 'remove', 'certainty', 'adjust', 'average']).optional(),
  ci: z.enum(['logit', 'beta', 'wilson', 'mean', 'asin']).optional(),
});

/** The Excel report (estimates, item analysis, weighting, method, data dictionary) and the Word narrative report. */
export const reportOps = {
  'report/export': op({
    long: true,
    input: reportInput,
    async run(ctx, a) {
      ctx.progress?.(0, 'estimating');
      const r = await exportReport(ctx.db, a);
      ctx.progress?.(1, 'report written');
      return { fileName: r.fileName, dataBase64: bytesToBase64(r.bytes) };
    },
  }),
  /** 中文分析报告: the narrative report in Word (.docx) from the same numbers as the Excel report. */
  'report/narrative': op({
    long: true,
    input: reportInput,
    async run(ctx, a) {
      ctx.progress?.(0, 'estimating');
      const lang = a.lang ?? 'zh';
      const data = gatherReport(ctx.db, a);
      const names = regionNames(ctx.db, lang);
      const bytes = await narrativeReport(data, { lang, regionName: (c) => names(c) });
      ctx.progress?.(1, 'report written');
      const day = data.createdAt.slice(0, 10);
      const fileName = lang === 'en' ? `science-literacy-analysis-${day}.docx` : `科学素质调查分析报告-${day}.docx`;
      return { fileName, dataBase64: bytesToBase64(bytes) };
    },
  }),
};
