import { z } from 'zod';
import { approvedOnly, setApprovedOnly } from '../../analysis/analysis-scope.ts';
import { backcheckQuestions, formOfInterview } from '../../analysis/backcheck-compare.ts';
import { backcheckReport, drawBackcheckSample, recordBackcheckAnswers } from '../../analysis/backchecks.ts';
import { qcSettingsOf, qualityControl, saveQcSettings } from '../../analysis/quality-control.ts';
import { base64ToBytes, bytesToBase64 } from '../../interchange/base64.ts';
import { versionHash } from '../../interchange/package/content.ts';
import { backcheckCallList, readBackcheckWorkbook } from '../../interchange/quality/backcheck-workbook.ts';
import { qualityWorkbook } from '../../interchange/quality/flags-workbook.ts';
import { qcSettingsSchema } from '../../quality/index.ts';
import { listBackchecks } from '../../store/backchecks.ts';
import { readVersion } from '../../store/interview-versions.ts';
import { voidInterview } from '../../store/interviews.ts';
import { approvedInterviewIds, reviewInterview, reviewsOf } from '../../store/quality.ts';
import { ApiError, op } from '../operation.ts';

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
  /** Whether weights, estimates and reports use approved interviews only, and how many are approved. */
  'analysis/scope': op({
    input: z.object({}).optional(),
    run: (ctx) => ({ approvedOnly: approvedOnly(ctx.db), approved: approvedInterviewIds(ctx.db).size }),
  }),
  /** Restricts weights, estimates and reports to approved interviews (on) or uses every final one (off). */
  'analysis/setScope': op({
    input: z.object({ approvedOnly: z.boolean(), actor: z.string().max(200).nullish() }),
    run(ctx, a) {
      setApprovedOnly(ctx.db, a.approvedOnly, a.actor);
      return { approvedOnly: approvedOnly(ctx.db), approved: approvedInterviewIds(ctx.db).size };
    },
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
  /** Draws a share of each surveyor's final interviews to back-check (flagged ones first when asked). */
  'backcheck/draw': op({
    input: z.object({
      share: z.number().gt(0).max(1),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31),
      flaggedFirst: z.boolean().optional(),
      formId: id.optional(),
      actor: z.string().max(200).nullish(),
    }),
    run: (ctx, a) => drawBackcheckSample(ctx.db, { ...a, flaggedFirst: a.flaggedFirst ?? false }),
  }),
  /** Every back-check, the comparisons of the done ones with their interviews, and the discrepancy tables. */
  'backcheck/report': op({
    input: z.object({}).optional(),
    run: (ctx) => backcheckReport(ctx.db),
  }),
  'backcheck/record': op({
    input: z.object({
      backcheckId: id,
      status: z.enum(['done', 'unreachable']),
      answers: z.record(z.string().max(200), z.string().max(2000)).optional(),
      checker: z.string().max(200).nullish(),
    }),
    run(ctx, a) {
      recordBackcheckAnswers(ctx.db, a);
      return { recorded: true as const };
    },
  }),
  /** The call list (回访名单) of one draw, or of every pending back-check, as Excel. */
  'backcheck/callList': op({
    input: z.object({ drawId: id.optional() }).optional(),
    async run(ctx, a) {
      const rows = listBackchecks(ctx.db, a?.drawId).filter((b) => a?.drawId || b.status === 'pending');
      if (rows.length === 0) throw new ApiError('not_found', '没有待回访的问卷：请先抽取回访样本。');
      const form = formOfInterview(ctx.db, rows[0]!.interviewId);
      const bytes = await backcheckCallList(rows, form, backcheckQuestions(ctx.db, form));
      return { fileName: '回访名单.xlsx', dataBase64: bytesToBase64(bytes) };
    },
  }),
  /** The call list filled in: every row with an outcome or answers recorded, all in one transaction. */
  'backcheck/import': op({
    input: z.object({ fileName: z.string().min(1).max(500), data: z.string().max(200_000_000) }),
    run(ctx, a) {
      const known = listBackchecks(ctx.db);
      if (known.length === 0) throw new ApiError('not_found', '还没有抽取回访样本。');
      const form = formOfInterview(ctx.db, known[0]!.interviewId);
      const { entries, problems } = readBackcheckWorkbook(
        base64ToBytes(a.data),
        a.fileName,
        form,
        backcheckQuestions(ctx.db, form),
      );
      const errors = problems.filter((p) => p.severity === 'error');
      if (errors.length) return { recorded: 0, problems };
      const ids = new Set(known.map((b) => b.backcheckId));
      const unknown = entries.find((e) => !ids.has(e.backcheckId));
      if (unknown) {
        throw new ApiError(
          'invalid_file',
          `${a.fileName} 第 ${unknown.row} 行的回访编号 ${unknown.backcheckId} 不在本数据库的回访样本中；没有导入任何内容。`,
        );
      }
      ctx.db.transaction(() => {
        for (const e of entries) {
          try {
            recordBackcheckAnswers(ctx.db, e);
          } catch (err) {
            throw new ApiError(
              'invalid_file',
              `${a.fileName} 第 ${e.row} 行：${(err as Error).message}没有导入任何内容。`,
            );
          }
        }
      });
      return { recorded: entries.length, problems };
    },
  }),
  'interview/reviews': op({
    input: z.object({ interviewId: id }),
    run: (ctx, a) => ({ reviews: reviewsOf(ctx.db, a.interviewId) }),
  }),
};
