import type { JobStatus } from '../../../src/api/operation.ts';
import { ApiCallError, call } from './client.ts';

export interface JobHandle<T> {
  jobId: Promise<string>;
  result: Promise<T>;
  cancel(): Promise<void>;
}

/**
 * Runs a long operation as a job: starts it, polls its progress for the progress bar, and resolves with its
 * result (or rejects with its {code, message}; a cancelled job leaves nothing partial behind).
 */
export function runJob<T>(
  name: string,
  args: unknown,
  onProgress: (fraction: number, message: string) => void,
): JobHandle<T> {
  const jobId = call<{ jobId: string }>('job/start', { name, args }).then((r) => r.jobId);
  const result = jobId.then(async (id) => {
    for (let wait = 100; ; wait = Math.min(wait * 1.5, 500)) {
      const status = await call<JobStatus>('job/status', { jobId: id });
      onProgress(status.progress, status.message);
      if (status.state === 'done') return status.result as T;
      if (status.state === 'failed' || status.state === 'cancelled') {
        throw new ApiCallError(status.error?.code ?? status.state, status.error?.message ?? status.message);
      }
      await new Promise((r) => setTimeout(r, wait));
    }
  });
  return {
    jobId,
    result,
    async cancel() {
      await call('job/cancel', { jobId: await jobId });
    },
  };
}
