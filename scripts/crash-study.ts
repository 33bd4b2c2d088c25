// Many more kills than the test suite runs: `npm run study:crash -- 500`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOneKill } from '../tests/helpers/crash-harness.ts';

const kills = Number(process.argv[2] ?? 500);
const db = join(mkdtempSync(join(tmpdir(), 'scilit-crash-')), 'field.sqlite');
let acknowledged = 0;
let failures = 0;
for (let i = 0; i < kills; i++) {
  const r = await runOneKill(db, `s${i}`, 400);
  acknowledged += r.acknowledged;
  if (r.problems.length) {
    failures++;
    console.error(`kill ${i}:`, r.problems.join('\n  '));
  }
}
console.log(`${kills} kills, ${acknowledged} acknowledged answers, ${failures} kills with a lost or broken write`);
process.exitCode = failures ? 1 : 0;
