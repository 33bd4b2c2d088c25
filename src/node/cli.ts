import { parseArgs } from 'node:util';
import { StoreError } from '../store/errors.ts';
import {
  asksForHelp,
  asksForVersion,
  findCommand,
  helpLines,
  unknownCommandLine,
  usageOf,
  VERSION_LINE,
} from './cli-help.ts';
import { type CommandContext, UsageError } from './command.ts';
import { commands } from './commands/index.ts';

export { commands };

export async function main(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(`${s}\n`),
  err: (s: string) => void = (s) => process.stderr.write(`${s}\n`),
): Promise<number> {
  if (asksForHelp(argv)) {
    for (const line of helpLines(commands)) out(line);
    return 0;
  }
  if (asksForVersion(argv)) {
    out(VERSION_LINE);
    return 0;
  }
  const { command, rest } = findCommand(commands, argv);
  if (!command) {
    err(unknownCommandLine(argv));
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out(`${usageOf(command)}\n\n${command.summary}`);
    return 0;
  }
  let ctx: CommandContext;
  try {
    const parsed = parseArgs({ args: rest, options: command.options ?? {}, allowPositionals: true, strict: true });
    const min = command.positionals?.min ?? 0;
    const max = command.positionals?.max ?? 0;
    if (parsed.positionals.length < min || parsed.positionals.length > max) {
      throw new UsageError(max === 0 ? `unexpected argument "${parsed.positionals[0]}"` : 'wrong number of arguments');
    }
    ctx = { values: parsed.values, positionals: parsed.positionals, out, err };
  } catch (e) {
    err(`scilit ${command.name}: ${(e as Error).message}\n${usageOf(command)}`);
    return 2;
  }
  try {
    return await command.run(ctx);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`scilit ${command.name}: ${e.message}\n${usageOf(command)}`);
      return 2;
    }
    if (e instanceof StoreError || (e as { userFacing?: boolean }).userFacing) {
      err(`scilit ${command.name}: ${(e as Error).message}`);
      return 1;
    }
    err(`scilit ${command.name}: unexpected error: ${(e as Error).stack ?? e}`);
    return 1;
  }
}
