import { openDatabase } from '../../db/sqlite.ts';
import type { OperationName, OperationOutput } from '../api/contract.ts';
import { dispatch } from '../api/dispatch.ts';
import { workerPackageReader } from './package-reader.ts';

/** An operation's {code, message} failure as the CLI shows it: `scilit <command>: message`, exit 1. */
export class OperationFailed extends Error {
  readonly userFacing = true;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'OperationFailed';
  }
}

export interface CallOptions {
  /** Create the database file when it does not exist (default false: a typo in --db should not make a file). */
  create?: boolean;
  /** Progress of long operations, e.g. `(f, m) => ctx.err(...)`. */
  progress?: (fraction: number, message?: string) => void;
}

/**
 * How CLI commands do their work: through dispatch(), exactly as the app's buttons do. Opens the database,
 * runs the operation inline (Ctrl-C cancels a long one: its transaction rolls back), closes the database, and
 * returns the result; a failure throws OperationFailed, which the CLI prints as-is with exit code 1.
 */
export async function callOperation<N extends OperationName>(
  dbPath: string,
  name: N,
  args: unknown,
  options: CallOptions = {},
): Promise<OperationOutput<N>> {
  const db = openDatabase(dbPath, { create: options.create ?? false });
  const cancel = { cancelled: false };
  const onInterrupt = () => {
    cancel.cancelled = true;
  };
  process.once('SIGINT', onInterrupt);
  try {
    const ctx = { db, cancel, progress: options.progress, packageReader: () => workerPackageReader() };
    const result = await dispatch<N>(ctx, name, args);
    if (!result.ok) throw new OperationFailed(result.error.code, result.error.message);
    return result.result;
  } finally {
    process.off('SIGINT', onInterrupt);
    db.close();
  }
}
