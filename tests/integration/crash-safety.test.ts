import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runOneKill } from '../helpers/crash-harness.ts';

// A surveyor's laptop loses power mid-interview: SIGKILL at a random moment, 50 times on one database.
// After every kill the database opens, `check` passes and every acknowledged answer is there.
// scripts/crash-study.ts runs the same harness many more times.
test('an acknowledged answer survives 50 random SIGKILLs of the writer', async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'scilit-crash-')), 'field.sqlite');
  let acknowledged = 0;
  for (let i = 0; i < 50; i++) {
    const r = await runOneKill(db, `s${i}`, 250);
    expect(r.problems, `kill ${i}`).toEqual([]);
    acknowledged += r.acknowledged;
  }
  // The harness must actually have exercised saves, or the test proves nothing: every kill comes after at least one
  // acknowledged save (a count over 500 depended on how loaded the machine was).
  expect(acknowledged).toBeGreaterThanOrEqual(50);
}, 600_000);
