import type { z } from 'zod';
import type { Operation } from './operation.ts';
import { demoOps } from './ops/demo.ts';
import { estimateOps } from './ops/estimate.ts';
import { formOps } from './ops/forms.ts';
import { interchangeOps } from './ops/interchange.ts';
import { interviewOps } from './ops/interviews.ts';
import { jobOps } from './ops/jobs.ts';
import { overviewOps } from './ops/overview.ts';
import { packageOps } from './ops/packages.ts';
import { qualityOps } from './ops/quality.ts';
import { reportOps } from './ops/report.ts';
import { scoringOps } from './ops/scoring.ts';
import { weightingOps } from './ops/weighting.ts';

/**
 * The one typed map of every operation a person can do, named `area/action`. Electron IPC, the loopback HTTP
 * server and the CLI all go through dispatch() over this map. Each area adds its operations in src/api/ops/.
 */
export const operations = {
  ...interviewOps,
  ...estimateOps,
  ...demoOps,
  ...formOps,
  ...interchangeOps,
  ...overviewOps,
  ...packageOps,
  ...qualityOps,
  ...reportOps,
  ...jobOps,
  ...scoringOps,
  ...weightingOps,
} satisfies Record<string, Operation<z.ZodType, unknown>>;

export type OperationName = keyof typeof operations;
export type OperationInput<N extends OperationName> = z.input<(typeof operations)[N]['input']>;
export type OperationOutput<N extends OperationName> = Awaited<ReturnType<(typeof operations)[N]['run']>>;
