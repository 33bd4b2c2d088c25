import type { ParseArgsConfig } from 'node:util';

export interface CommandContext {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
  out: (line: string) => void;
  err: (line: string) => void;
}

/** One `scilit` subcommand. Exit codes: 0 success, 1 the job found problems or failed, 2 bad usage. */
export interface Command {
  /** Words after `scilit`, e.g. `form import`. */
  name: string;
  summary: string;
  /** Argument synopsis after the name, e.g. `FILE.xlsx --db DB`. */
  usage: string;
  options?: NonNullable<ParseArgsConfig['options']>;
  positionals?: { min: number; max: number };
  run(ctx: CommandContext): Promise<number> | number;
}

/** Thrown for bad usage; the CLI prints the message and the command's usage, exit 2. */
export class UsageError extends Error {}

export function requireString(ctx: CommandContext, name: string): string {
  const v = ctx.values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

export function optionalString(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.values[name];
  return typeof v === 'string' ? v : undefined;
}
