// What `scilit --help`, `scilit --version` and `scilit <command> --help` print, from the commands' names and
// summaries alone: the prebuilt command answers these without loading the rest of the program (cli-quick.ts).
import { APP_VERSION } from './version.ts';

export interface CommandSummary {
  name: string;
  summary: string;
  usage: string;
}

export function helpLines(commands: readonly CommandSummary[]): string[] {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'scilit — civic science-literacy surveys: questionnaires, scoring, weighted estimates',
    '',
    'Usage: scilit <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `scilit <command> --help` for its options; `scilit --version` for the version.',
  ];
}

export function usageOf(c: CommandSummary): string {
  return `Usage: scilit ${c.name} ${c.usage}`.trimEnd();
}

export const VERSION_LINE = `scilit ${APP_VERSION}`;

export function asksForHelp(argv: readonly string[]): boolean {
  return argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help';
}

export function asksForVersion(argv: readonly string[]): boolean {
  return argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v' || argv[0] === 'version');
}

/** Finds the longest command name that prefixes the arguments (`form import` before `form`). */
export function findCommand<C extends { name: string }>(
  commands: readonly C[],
  argv: readonly string[],
): { command?: C; rest: string[] } {
  let best: C | undefined;
  for (const c of commands) {
    const words = c.name.split(' ');
    if (words.every((w, i) => argv[i] === w) && (!best || words.length > best.name.split(' ').length)) best = c;
  }
  return { command: best, rest: best ? argv.slice(best.name.split(' ').length) : [...argv] };
}

export function unknownCommandLine(argv: readonly string[]): string {
  return `scilit: unknown command "${argv.join(' ')}". Run \`scilit --help\` for the list.`;
}
