import type { Command } from '../command.ts';
import { databaseCommands } from './database.ts';
import { demoCommands } from './demo.ts';
import { estimateCommands } from './estimate.ts';
import { formCommands } from './forms.ts';
import { interchangeCommands } from './interchange.ts';
import { packageCommands } from './packages.ts';
import { qualityCommands } from './quality.ts';
import { reportCommands } from './report.ts';
import { scoringCommands } from './scoring.ts';
import { webCommands } from './web.ts';
import { weightingCommands } from './weighting.ts';

/** Every `scilit` subcommand; each area of the product adds its list here. */
export const commands: Command[] = [
  ...databaseCommands,
  ...formCommands,
  ...interchangeCommands,
  ...estimateCommands,
  ...scoringCommands,
  ...packageCommands,
  ...qualityCommands,
  ...reportCommands,
  ...demoCommands,
  ...weightingCommands,
  ...webCommands,
];
