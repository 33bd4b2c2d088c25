import { z } from 'zod';
import { type ApiContext, ApiError, type JobRunner, op } from '../operation.ts';

function runner(ctx: ApiContext): JobRunner {
  if (!ctx.jobs)
    throw new ApiError('unavailable', 'background jobs are not available here; call the operation directly.');
  return ctx.jobs;
}

const jobId = z.string().min(1).max(100);

/**
 * Long operations with a progress bar: `job/start` returns at once, the UI polls `job/status` and may
 * `job/cancel` (the job's transaction rolls back: nothing partial is left).
 */
export const jobOps = {
  'job/start': op({
    input: z.object({ name: z.string().min(1).max(200), args: z.unknown().optional() }),
    run: (ctx, a) => ({ jobId: runner(ctx).start(a.name, a.args ?? {}) }),
  }),
  'job/status': op({
    input: z.object({ jobId }),
    run(ctx, a) {
      const status = runner(ctx).status(a.jobId);
      if (!status)
        throw new ApiError('not_found', `job ${a.jobId} does not exist (jobs are kept until the app closes).`);
      return status;
    },
  }),
  'job/cancel': op({
    input: z.object({ jobId }),
    run: (ctx, a) => ({ cancelled: runner(ctx).cancel(a.jobId) }),
  }),
};
