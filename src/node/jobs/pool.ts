import { Worker } from 'node:worker_threads';
import { recoverUnfinishedWrites } from '../../../db/recover.ts';
import { openDatabase } from '../../../db/sqlite.ts';
import { releaseWriteGateHeldBy, writeGateBuffer } from '../../../db/write-gate.ts';
import type { JobRunner, JobStatus } from '../../api/operation.ts';
import type { JobMessage, JobWorkerData, RunJob } from './protocol.ts';

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
  /**
   * The longest a job may run (default 2 hours, far beyond any real import, report or estimate): a job past it is
   * stopped (its transaction is never committed), failed with a message, and its worker replaced.
   */
  maxRunMs?: number;
}

export interface JobPool extends JobRunner {
  close(): Promise<void>;
}

interface Job {
  status: JobStatus;
  args: unknown;
  cancelFlag: SharedArrayBuffer;
  worker?: Worker;
  overrun?: ReturnType<typeof setTimeout>;
  end: (s: JobStatus) => void;
  ended: Promise<JobStatus>;
}

const ENDED = new Set(['done', 'failed', 'cancelled']);

/**
 * Long operations off the thread that answers the UI: worker threads that each open their own connection to
 * the same file and run dispatch() there. Workers are started on demand and kept for the next job (starting
 * one costs a second or two). The Electron main process and the HTTP server both use this pool.
 */
export function createJobPool(options: JobPoolOptions): JobPool {
  const concurrency = options.concurrency ?? 2;
  const workerUrl = options.workerUrl ?? new URL('./worker-entry.mjs', import.meta.url);
  const grace = options.cancelGraceMs ?? 10_000;
  const keep = options.keepFinished ?? 200;
  const maxRun = options.maxRunMs ?? 2 * 3600_000;
  const workerData: JobWorkerData = {
    dbPath: options.dbPath,
    writeGate: writeGateBuffer(),
    extraOperations: options.extraOperations,
  };
  const jobs = new Map<string, Job>();
  const queue: Job[] = [];
  const idle: Worker[] = [];
  const busy = new Map<Worker, Job>();
  let closed = false;

  function spawn(): Worker {
    const worker = new Worker(workerUrl, { workerData });
    worker.on('message', (m: JobMessage) => {
      const job = busy.get(worker);
      if (!job || job.status.jobId !== m.jobId) return;
      if (m.type === 'progress') {
        job.status.progress = Math.min(1, Math.max(0, m.fraction));
        if (m.message !== undefined) job.status.message = m.message;
      } else if (m.type === 'done') {
        finish(job, { state: 'done', progress: 1, result: m.result }, true);
      } else {
        const state = m.error.code === 'cancelled' ? 'cancelled' : 'failed';
        finish(job, { state, message: m.error.message, error: m.error }, true);
      }
    });
    const lost = (zh: string, en: string) => {
      const job = busy.get(worker);
      const i = idle.indexOf(worker);
      if (i >= 0) idle.splice(i, 1);
      if (job)
        finish(job, {
          state: 'failed',
          error: {
            code: 'job_failed',
            message: `${job.status.name}：${zh}没有保存任何改动，可以重试。\n${job.status.name} ${en} Nothing was changed; it can be tried again.`,
          },
        });
    };
    worker.on('error', (e) => lost(`后台任务出错而停止（${e.message}）。`, `failed: ${e.message}.`));
    worker.on('exit', (code) => lost(`后台任务意外停止（退出码 ${code}）。`, `stopped unexpectedly (exit ${code}).`));
    return worker;
  }

  /** Ends a job once; its worker goes back to the idle list when it finished normally, else it is stopped. */
  function finish(job: Job, patch: Partial<JobStatus>, reusable = false): void {
    if (ENDED.has(job.status.state)) return;
    clearTimeout(job.overrun);
    Object.assign(job.status, patch);
    const worker = job.worker;
    if (worker) {
      busy.delete(worker);
      job.worker = undefined;
      if (reusable && !closed) {
        worker.unref();
        idle.push(worker);
      } else {
        const stopped = worker.threadId;
        void worker.terminate().then(() => afterStopped(stopped, job.status.jobId));
      }
    }
    job.end({ ...job.status });
    const finished = [...jobs.values()].filter((j) => ENDED.has(j.status.state));
    for (const j of finished.slice(0, Math.max(0, finished.length - keep))) jobs.delete(j.status.jobId);
    pump();
  }

  /**
   * A worker stopped mid-job (cancel past its grace, overrun, death) may have held the write gate, and may have left
   * an import written in slices unfinished: the gate is given back and the import removed (nothing partial stays).
   */
  function afterStopped(thread: number, jobId: string): void {
    releaseWriteGateHeldBy(thread);
    try {
      const db = openDatabase(options.dbPath);
      try {
        recoverUnfinishedWrites(db, `${process.pid}:job:${jobId}`);
      } finally {
        db.close();
      }
    } catch (e) {
      console.error('scilit jobs: could not remove the unfinished writes of a stopped job:', e);
    }
  }

  function pump(): void {
    while (!closed && busy.size < concurrency && queue.length > 0) {
      const job = queue.shift() as Job;
      const worker = idle.pop() ?? spawn();
      worker.ref();
      busy.set(worker, job);
      job.worker = worker;
      job.status.state = 'running';
      const message: RunJob = {
        type: 'run',
        jobId: job.status.jobId,
        name: job.status.name,
        args: job.args,
        cancelFlag: job.cancelFlag,
      };
      try {
        worker.postMessage(message);
      } catch (e) {
        // Arguments that cannot be copied to a thread (too deep, not cloneable): the job fails, the worker is free.
        finish(
          job,
          {
            state: 'failed',
            error: {
              code: 'invalid_arguments',
              message: `${job.status.name}：参数无法交给后台任务（${(e as Error).message}），已拒绝。\n${job.status.name}: its arguments cannot be handed to a worker (${(e as Error).message}); refused.`,
            },
          },
          true,
        );
        continue;
      }
      // A job past its time is stopped like a cancelled one that never noticed: nothing it did is committed.
      job.overrun = setTimeout(
        () =>
          finish(job, {
            state: 'failed',
            error: {
              code: 'job_overrun',
              message: `${job.status.name}：运行超过 ${Math.round(maxRun / 60_000)} 分钟仍未结束，已停止，没有保存任何改动。\n${job.status.name} ran longer than ${Math.round(maxRun / 60_000)} minutes and was stopped; nothing was changed.`,
            },
          }),
        maxRun,
      );
      job.overrun.unref();
    }
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
        end,
        ended,
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
      return job ? job.ended : Promise.reject(new Error(`no job ${jobId}`));
    },
    async close() {
      closed = true;
      queue.length = 0;
      const workers = [...idle, ...busy.keys()];
      for (const job of jobs.values()) {
        if (!ENDED.has(job.status.state)) {
          Atomics.store(new Int32Array(job.cancelFlag), 0, 1);
          finish(job, { state: 'cancelled', message: 'the app was closed.' });
        }
      }
      idle.length = 0;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
