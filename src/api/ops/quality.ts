import { z } from 'zod';
import { qcSettingsOf, qualityControl, saveQcSettings } from '../../analysis/quality-control.ts';
import { bytesToBase64 } from '../../interchange/base64.ts';
import { versionHash } from '../../interchange/package/content.ts';
import { qualityWorkbook } from '../../interchange/quality/flags-workbook.ts';
import { qcSettingsSchema } from '../../quality/index.ts';
import { readVersion } from '../../store/interview-versions.ts';
import { voidInterview } from '../../store/interviews.ts';
import { reviewInterview, reviewsOf } from '../../store/quality.ts';
import { op } from '../operation.ts';

const id = z.string().min(1).max(200);

/** Quality control while fieldwork runs (质量控制): the checks, their thresholds, and the review of interviews. */
export const qualityOps = {
  'qc/run': op({
    input: z
      .object({ formId: id.optional(), formVersion: id.optional(), settings: qcSettingsSchema.optional() })
      .optional(),
    run: (ctx, a) => qualityControl(ctx.db, a ?? {}),
  }),
  /** The flag list as the supervisor's Excel file (surveyors, flags, days), base64. */
  'qc/export': op({
    input: z.object({ formId: id.optional(), lang: z.enum(['zh', 'en']).optional() }).optional(),
    async run(ctx, a) {
      const report = qualityControl(ctx.db, { formId: a?.formId });
      const bytes = await qualityWorkbook(report, a?.lang ?? 'zh');
      const name = a?.lang === 'en' ? 'quality-control' : '质量控制清单';
      return { fileName: `${name}-${report.formId}.xlsx`, dataBase64: bytesToBase64(bytes) };
    },
  }),
  'qc/settings': op({
    input: z.object({}).optional(),
    run: (ctx) => qcSettingsOf(ctx.db),
  }),
  'qc/saveSettings': op({
    input: z.object({ settings: qcSettingsSchema, actor: z.string().max(200).nullish() }),
    run: (ctx, a) => saveQcSettings(ctx.db, a.settings, a.actor),
  }),
  /**
   * A supervisor's decision on a final interview: received, approved, has issues (the surveyor amends it) or
   * rejected. A rejected interview is also voided in the same transaction, with the comment as the reason: it leaves
   * every estimate, weight and export, and the void travels to other laptops as a new revision.
   */
  'interview/review': op({
    input: z.object({
      interviewId: id,
      state: z.enum(['received', 'approved', 'has_issues', 'rejected']),
      comment: z.string().max(4000).nullish(),
      reviewer: z.string().max(200).nullish(),
    }),
    async run(ctx, a) {
      const current = a.state === 'rejected' ? readVersion(ctx.db, a.interviewId) : undefined;
      const parentHash = current?.status === 'final' ? await versionHash(current) : undefined;
      return ctx.db.transaction(() => {
        const review = reviewInterview(ctx.db, a);
        if (a.state === 'rejected') {
          voidInterview(ctx.db, a.interviewId, `审核退回：${review.comment}`, a.reviewer, parentHash);
        }
        return review;
      });
    },
  }),
  'interview/reviews': op({
    input: z.object({ interviewId: id }),
    run: (ctx, a) => ({ reviews: reviewsOf(ctx.db, a.interviewId) }),
  }),
};
