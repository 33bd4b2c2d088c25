// The child process of attack.ts: one attack, then one JSON line.
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

const LIMIT_KB = 1536 * 1024;
new Worker(
  `const fs = require('node:fs');
   setInterval(() => {
     const kb = Number(/VmRSS:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
     if (kb > ${LIMIT_KB}) { console.error('watchdog: over 1.5 GB resident, killed'); process.kill(process.pid, 'SIGKILL'); }
   }, 20);`,
  { eval: true },
).unref();

const peakKb = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
const { attacks } = await import('./attacks.ts');
const name = process.argv[2] ?? '';
const attack = attacks[name];
if (!attack) throw new Error(`no attack "${name}"`);
const started = performance.now();
const outcome = await attack();
process.stdout.write(
  `${JSON.stringify({ ...outcome, peakMb: Math.round(peakKb() / 1024), seconds: (performance.now() - started) / 1000 })}\n`,
);
process.exit(0);
