import type { Command } from '../command.ts';
import { databaseCommands } from './database.ts';
import { formCommands } from './forms.ts';
import { interchangeCommands } from './interchange.ts';
import { scoringCommands } from './scoring.ts';

/** Every `scilit` subcommand; each area of the product adds its list here. */
export const commands: Command[] = [...databaseCommands, ...formCommands, ...interchangeCommands, ...scoringCommands];
