import { Worker } from 'node:worker_threads';
import type { JobRunner, JobStatus } from '../../api/operation.ts';
import type { JobMessage, JobWorkerData } from './protocol.ts';

export interface JobPoolOptions {
  dbPath: string;
  /** Jobs running at once; more wait in a queue. SQLite has one writer at a time, so a small number. */
  concurrency?: number;
  /** The worker script: the TypeScript entry by default, a bundled file in the packaged app. */
  workerUrl?: URL;
  /** After Cancel, how long a job may take to notice before its thread is stopped (its transaction is lost). */
  cancelGraceMs?: number;
  /** Finished jobs remembered for job/status. */
  keepFinished?: number;
  /** Test-only: a module adding operations inside the workers. */
  extraOperations?: string;
}

export interface JobPool extends JobRunner {
  close(): Promise<void>;
}

interface Job {
  status: JobStatus;
  args: unknown;
  cancelFlag: SharedArrayBuffer;
  worker?: Worker;
  ended: Promise<JobStatus>;
  end: (s: JobStatus) => void;
}

const ENDED = new Set(['done', 'failed', 'cancelled']);

/**
 * Long operations off the thread that answers the UI: each job gets a worker thread that opens its own
 * connection to the same file and runs dispatch() there. The Electron main process and the HTTP server use it.
 */
export function createJobPool(options: JobPoolOptions): JobPool {
  const concurrency = options.concurrency ?? 2;
  const workerUrl = options.workerUrl ?? new URL('./worker-entry.mjs', import.meta.url);
  const grace = options.cancelGraceMs ?? 10_000;
  const keep = options.keepFinished ?? 200;
  const jobs = new Map<string, Job>();
  const queue: Job[] = [];
  let running = 0;
  let closed = false;

  function finish(job: Job, patch: Partial<JobStatus>): void {
    if (ENDED.has(job.status.state)) return;
    Object.assign(job.status, patch);
    if (job.worker) {
      running--;
      void job.worker.terminate();
      job.worker = undefined;
    }
    job.end({ ...job.status });
    forgetOld();
    pump();
  }

  function forgetOld(): void {
    const finished = [...jobs.values()].filter((j) => ENDED.has(j.status.state));
    for (const j of finished.slice(0, Math.max(0, finished.length - keep))) jobs.delete(j.status.jobId);
  }

  function launch(job: Job): void {
    running++;
    job.status.state = 'running';
    const data: JobWorkerData = {
      dbPath: options.dbPath,
      name: job.status.name,
      args: job.args,
      cancelFlag: job.cancelFlag,
      extraOperations: options.extraOperations,
    };
    const worker = new Worker(workerUrl, { workerData: data });
    job.worker = worker;
    worker.on('message', (m: JobMessage) => {
      if (m.type === 'progress') {
        job.status.progress = Math.min(1, Math.max(0, m.fraction));
        if (m.message !== undefined) job.status.message = m.message;
      } else if (m.type === 'done') {
        finish(job, { state: 'done', progress: 1, result: m.result });
      } else if (m.error.code === 'cancelled') {
        finish(job, { state: 'cancelled', message: m.error.message, error: m.error });
      } else {
        finish(job, { state: 'failed', message: m.error.message, error: m.error });
      }
    });
    worker.on('error', (e) =>
      finish(job, { state: 'failed', error: { code: 'internal', message: `${job.status.name} failed: ${e.message}` } }),
    );
    worker.on('exit', (code) =>
      finish(job, {
        state: 'failed',
        error: { code: 'internal', message: `${job.status.name} stopped unexpectedly (exit ${code}).` },
      }),
    );
  }

  function pump(): void {
    while (!closed && running < concurrency && queue.length > 0) launch(queue.shift() as Job);
  }

  return {
    start(name, args) {
      if (closed) throw new Error('the job pool is closed');
      const jobId = crypto.randomUUID();
      let end: (s: JobStatus) => void = () => {};
      const ended = new Promise<JobStatus>((resolve) => {
        end = resolve;
      });
      const job: Job = {
        status: { jobId, name, state: 'queued', progress: 0, message: '' },
        args,
        cancelFlag: new SharedArrayBuffer(4),
        ended,
        end,
      };
      jobs.set(jobId, job);
      queue.push(job);
      pump();
      return jobId;
    },
    status(jobId) {
      const job = jobs.get(jobId);
      return job ? { ...job.status } : undefined;
    },
    cancel(jobId) {
      const job = jobs.get(jobId);
      if (!job || ENDED.has(job.status.state)) return false;
      Atomics.store(new Int32Array(job.cancelFlag), 0, 1);
      if (job.status.state === 'queued') {
        queue.splice(queue.indexOf(job), 1);
        finish(job, { state: 'cancelled', message: 'cancelled before it started.' });
      } else {
        job.status.message = 'cancelling…';
        // A job that never checks for cancellation is stopped: its open transaction is never committed.
        setTimeout(
          () => finish(job, { state: 'cancelled', message: 'cancelled; nothing was changed.' }),
          grace,
        ).unref();
      }
      return true;
    },
    wait(jobId) {
      const job = jobs.get(jobId);
      if (!job) return Promise.reject(new Error(`no job ${jobId}`));
      return job.ended;
    },
    async close() {
      closed = true;
      for (const job of [...jobs.values()]) {
        if (!ENDED.has(job.status.state)) {
          Atomics.store(new Int32Array(job.cancelFlag), 0, 1);
          const worker = job.worker;
          finish(job, { state: 'cancelled', message: 'the app was closed.' });
          await worker?.terminate();
        }
      }
      queue.length = 0;
    },
  };
}
