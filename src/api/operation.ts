import type { z } from 'zod';
import type { PackageReader } from '../interchange/package/format.ts';
import type { SqlDriver } from '../store/driver.ts';

/** Cooperative cancellation for long operations: checked between chunks; a cancelled write rolls back. */
export interface CancelToken {
  readonly cancelled: boolean;
}

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** What `job/status` reports: the progress bar's fraction and message, then the result or the error. */
export interface JobStatus {
  jobId: string;
  name: string;
  state: JobState;
  progress: number;
  message: string;
  result?: unknown;
  error?: { code: string; message: string };
}

/**
 * Runs long operations off the thread that serves the UI (a worker pool in src/node/jobs/). Present in the
 * context of the HTTP server and the Electron main process; absent inside a worker, where work runs inline.
 */
export interface JobRunner {
  start(name: string, args: unknown): string;
  status(jobId: string): JobStatus | undefined;
  cancel(jobId: string): boolean;
  /** Resolves when the job has ended (done, failed or cancelled). */
  wait(jobId: string): Promise<JobStatus>;
}

/** What every handler gets: the open database and, for long work, progress and cancellation. */
export interface ApiContext {
  db: SqlDriver;
  /** Fraction done in [0, 1] and a short message for the progress bar. */
  progress?: (fraction: number, message?: string) => void;
  cancel?: CancelToken;
  /** Where long operations go; without it they run inline (CLI, inside a worker). */
  jobs?: JobRunner;
  /**
   * Starts a package reader on another core (Node hosts: a worker thread), so that a stack of field packages is read
   * and verified while the previous one is written; without it packages are read on this thread.
   */
  packageReader?: () => { read: PackageReader; close: () => Promise<unknown> };
}

export interface Operation<I extends z.ZodType, O> {
  input: I;
  /** Runs off the UI thread and reports progress (imports, large estimates, report export). */
  long?: boolean;
  run(ctx: ApiContext, args: z.output<I>): O | Promise<O>;
}

/** Declares one API operation; the type of `args` comes from the zod schema that validates it. */
export function op<I extends z.ZodType, O>(def: Operation<I, O>): Operation<I, O> {
  return def;
}

/** An error a handler throws on purpose: `code` is stable, `message` is shown to the user as it is. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * Call between chunks of a long operation, inside its transaction: when the person pressed Cancel it throws,
 * the transaction rolls back and nothing partial is left.
 */
export function throwIfCancelled(ctx: ApiContext): void {
  if (ctx.cancel?.cancelled) throw new ApiError('cancelled', 'cancelled; nothing was changed.');
}
