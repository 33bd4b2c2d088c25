// Runs one attack of attacks.ts in a child process and measures it: the peak resident memory of the whole process
// (VmHWM), the time, and what the product said. A watchdog thread kills the child past 1.5 GB, so that a
// regression fails the test instead of taking the machine down.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AttackOutcome } from './attacks.ts';

export interface Measured extends AttackOutcome {
  peakMb: number;
  seconds: number;
}

const child = fileURLToPath(new URL('./attack-child.ts', import.meta.url));

export function runAttack(name: string, timeoutMs = 120_000): Measured {
  const r = spawnSync(process.execPath, ['--import', 'tsx', child, name], {
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 1 << 24,
  });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{')) {
    throw new Error(
      `attack "${name}" did not finish (exit ${r.status}, signal ${r.signal}): ${r.stderr.slice(-2000)}${r.stdout.slice(-500)}`,
    );
  }
  return JSON.parse(last) as Measured;
}
