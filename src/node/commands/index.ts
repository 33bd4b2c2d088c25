import type { Command } from '../command.ts';
import { databaseCommands } from './database.ts';

/** Every `scilit` subcommand; each area of the product adds its list here. */
export const commands: Command[] = [...databaseCommands];
