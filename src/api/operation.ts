import type { z } from 'zod';
import type { SqlDriver } from '../store/driver.ts';

/** Cooperative cancellation for long operations: checked between chunks; a cancelled write rolls back. */
export interface CancelToken {
  readonly cancelled: boolean;
}

/** What every handler gets: the open database and, for long work, progress and cancellation. */
export interface ApiContext {
  db: SqlDriver;
  /** Fraction done in [0, 1] and a short message for the progress bar. */
  progress?: (fraction: number, message?: string) => void;
  cancel?: CancelToken;
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
