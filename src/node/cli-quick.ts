// The prebuilt `scilit` entry (dist/node/scilit.mjs). Help, the version and a command's usage come from
// commands.json, written by the build from the commands themselves, so they print at once; any other command
// loads the whole program (cli.ts) and runs as from the sources.
import { readFileSync } from 'node:fs';
import {
  asksForHelp,
  asksForVersion,
  type CommandSummary,
  findCommand,
  helpLines,
  unknownCommandLine,
  usageOf,
  VERSION_LINE,
} from './cli-help.ts';

export async function main(argv: string[]): Promise<number> {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const commands = JSON.parse(readFileSync(new URL('./commands.json', import.meta.url), 'utf8')) as CommandSummary[];
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
    process.stderr.write(`${unknownCommandLine(argv)}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out(`${usageOf(command)}\n\n${command.summary}`);
    return 0;
  }
  const cli = await import('./cli.ts');
  return cli.main(argv);
}
