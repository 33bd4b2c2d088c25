/**
 * Unfinished bulk writes (src/store/staged-batch.ts) whose writer is gone are removed when a database is opened for
 * writing: the process that wrote them crashed, was killed or lost its power. A batch whose process still runs is
 * left alone (it may be writing right now, from another thread or another program on this machine).
 */

import type { SqlDriver } from '../src/store/driver.ts';
import { unfinishedBatches } from '../src/store/imports.ts';
import { discardStagedBatch } from '../src/store/staged-batch.ts';

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the unfinished batches of writers that are gone; with `owner`, also that writer's (a stopped job). */
export function recoverUnfinishedWrites(db: SqlDriver, owner?: string): number {
  let removed = 0;
  for (const b of unfinishedBatches(db)) {
    const pid = Number(String(b.owner ?? '').split(':')[0]);
    if (b.owner === owner || !processAlive(pid)) {
      discardStagedBatch(db, b.batch_id);
      removed++;
    }
  }
  return removed;
}
