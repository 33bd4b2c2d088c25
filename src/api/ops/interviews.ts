import { z } from 'zod';
import { versionHash } from '../../interchange/package/content.ts';
import { compileScorer } from '../../scoring/respondent.ts';
import { schemeFromForm } from '../../scoring/scheme.ts';
import { loadStoredForm } from '../../scoring/stored-form.ts';
import { interviewScores } from '../../store/interview-scores.ts';
import { readVersion } from '../../store/interview-versions.ts';
import {
  finalizeInterview,
  getAnswers,
  getInterview,
  saveAnswer,
  startInterview,
  voidInterview,
} from '../../store/interviews.ts';
import { ApiError, op } from '../operation.ts';

const id = z.string().min(1).max(200);
const optionalText = z.string().max(200).nullish();

export const interviewOps = {
  'interview/start': op({
    input: z.object({
      formId: z.string().min(1),
      formVersion: z.string().min(1),
      surveyor: optionalText,
      device: optionalText,
      regionCode: optionalText,
      stratum: optionalText,
      psu: optionalText,
      household: optionalText,
      designWeight: z.number().positive().finite().nullish(),
    }),
    run: (ctx, a) => startInterview(ctx.db, a),
  }),
  'interview/get': op({
    input: z.object({ interviewId: id }),
    run(ctx, a) {
      const interview = getInterview(ctx.db, a.interviewId);
      if (!interview) throw new ApiError('not_found', `interview ${a.interviewId} does not exist.`);
      return { interview, answers: getAnswers(ctx.db, a.interviewId) };
    },
  }),
  /**
   * The scores stored for one interview (one per scheme that scored it: total, level, points per dimension), with
   * each dimension's maximum from the interview's form. Empty until the interview is final and scored.
   */
  'interview/score': op({
    input: z.object({ interviewId: id }),
    run(ctx, a) {
      const interview = getInterview(ctx.db, a.interviewId);
      if (!interview) throw new ApiError('not_found', `interview ${a.interviewId} does not exist.`);
      const scores = interviewScores(ctx.db, a.interviewId);
      let dimensionMax: Record<string, number> = {};
      if (scores.length > 0) {
        const { form } = loadStoredForm(ctx.db, interview.form_id, interview.form_version);
        const empty = compileScorer(form, schemeFromForm(form)).score({});
        dimensionMax = Object.fromEntries(Object.entries(empty.dimensions).map(([d, v]) => [d, v.max]));
      }
      return { status: interview.status, scores, dimensionMax };
    },
  }),
  'interview/saveAnswer': op({
    input: z.object({
      interviewId: id,
      field: z.string().min(1).max(200),
      value: z.string().max(100_000).nullable(),
      durationMs: z.number().int().min(0).nullish(),
      currentField: z.string().max(200).nullish(),
    }),
    run(ctx, a) {
      saveAnswer(ctx.db, a);
      return { saved: true as const };
    },
  }),
  'interview/finalize': op({
    input: z.object({ interviewId: id }),
    run(ctx, a) {
      finalizeInterview(ctx.db, a.interviewId);
      return getInterview(ctx.db, a.interviewId);
    },
  }),
  'interview/void': op({
    input: z.object({ interviewId: id, reason: z.string().min(1).max(2000), actor: optionalText }),
    async run(ctx, a) {
      const current = readVersion(ctx.db, a.interviewId);
      const parentHash = current?.status === 'final' ? await versionHash(current) : undefined;
      voidInterview(ctx.db, a.interviewId, a.reason, a.actor, parentHash);
      return getInterview(ctx.db, a.interviewId);
    },
  }),
};
