import { parseArgs } from 'node:util';
import { StoreError } from '../store/errors.ts';
import { type Command, type CommandContext, UsageError } from './command.ts';
import { commands } from './commands/index.ts';

function help(out: (s: string) => void): void {
  out('scilit — civic science-literacy surveys: questionnaires, scoring, weighted estimates');
  out('');
  out('Usage: scilit <command> [options]');
  out('');
  out('Commands:');
  const width = Math.max(...commands.map((c) => c.name.length));
  for (const c of commands) out(`  ${c.name.padEnd(width)}  ${c.summary}`);
  out('');
  out('Run `scilit <command> --help` for its options.');
}

function usageOf(c: Command): string {
  return `Usage: scilit ${c.name} ${c.usage}`.trimEnd();
}

/** Finds the longest command name that prefixes the arguments (`form import` before `form`). */
function findCommand(argv: string[]): { command?: Command; rest: string[] } {
  let best: Command | undefined;
  for (const c of commands) {
    const words = c.name.split(' ');
    if (words.every((w, i) => argv[i] === w) && (!best || words.length > best.name.split(' ').length)) best = c;
  }
  return { command: best, rest: best ? argv.slice(best.name.split(' ').length) : argv };
}

export async function main(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(`${s}\n`),
  err: (s: string) => void = (s) => process.stderr.write(`${s}\n`),
): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    help(out);
    return 0;
  }
  const { command, rest } = findCommand(argv);
  if (!command) {
    err(`scilit: unknown command "${argv.join(' ')}". Run \`scilit --help\` for the list.`);
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
