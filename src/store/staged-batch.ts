/**
 * A bulk import written in slices, and still all or nothing.
 *
 * One transaction for 50,000 interviews holds SQLite's only write lock for seconds, and every answer a surveyor
 * saves meanwhile waits or fails ("database is locked"). Here the rows are written in short transactions (a slice
 * ends after SLICE_MS, or at once when a person's write is waiting: SqlDriver.othersWaiting), so that a save never
 * waits for more than the row being written. What keeps the promise that an import is all or nothing:
 *
 * - the batch row exists from the start, marked unfinished and without its file checksum (the file does not count
 *   as imported), and the interviews are written as drafts, which no estimate, score, weight or export reads;
 * - at the end the drafts become final in slices of interview keys, then one transaction (synchronous=FULL) gives
 *   the batch its checksum, counts and audit row;
 * - a refusal, a cancel or an error removes what was written, in slices; a batch left unfinished by a process
 *   that is gone (a crash, a kill) is removed when the database is next opened (db/recover.ts), and one left by a
 *   job the pool stopped is removed by the pool.
 *
 * Between the first and the last slice of the publication (well under a second for 50,000 rows) a reader can see
 * part of the batch final: the window is documented in docs/security.md.
 */
import type { SqlDriver } from './driver.ts';
import {
  batchKeyRange,
  deleteUnfinishedBatch,
  discardBatchSlice,
  finishImportBatch,
  insertUnfinishedBatch,
  type NewBatch,
  publishBatchSlice,
} from './imports.ts';

/** A slice's longest run when nobody waits (fewer, larger transactions write faster). */
const SLICE_MS = 150;
/** Interview keys per slice of publication or removal (~2,000 rows: ~15 ms). */
const KEYS_PER_SLICE = 2_000;

/** Runs `each` over `items` in slices, each its own transaction; a waiting person's write ends a slice at once. */
export function inSlices<T>(db: SqlDriver, items: readonly T[], each: (item: T) => void): void {
  let i = 0;
  while (i < items.length) {
    db.transaction(() => {
      const started = performance.now();
      while (i < items.length) {
        each(items[i++] as T);
        if (db.othersWaiting?.() || performance.now() - started > SLICE_MS) break;
      }
    });
  }
}

function overKeys(db: SqlDriver, range: [number, number] | undefined, slice: (lo: number, hi: number) => void) {
  if (!range) return;
  for (let lo = range[0]; lo <= range[1]; lo += KEYS_PER_SLICE) {
    const hi = Math.min(range[1], lo + KEYS_PER_SLICE - 1);
    db.transaction(() => slice(lo, hi));
  }
}

export interface StagedBatch {
  batchId: string;
  /** Notes the key of an interview this batch wrote (the range publication and removal go over). */
  wrote(key: number): void;
  /** Drafts made final, then the batch row completed and audited, durably. */
  publish(batch: NewBatch): void;
  /** Everything the batch wrote removed; the database as it was. */
  discard(): void;
}

/** Starts a staged batch: its unfinished batch row is committed at once (it names who writes, for recovery). */
export function startStagedBatch(
  db: SqlDriver,
  meta: { batchId: string; fileName: string; formId: string; formVersion: string; owner: string },
): StagedBatch {
  db.transaction(() => insertUnfinishedBatch(db, { ...meta, kind: 'responses' }));
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  const range = (): [number, number] | undefined => (lo <= hi ? [lo, hi] : undefined);
  return {
    batchId: meta.batchId,
    wrote(key) {
      if (key < lo) lo = key;
      if (key > hi) hi = key;
    },
    publish(batch) {
      overKeys(db, range(), (a, b) => publishBatchSlice(db, meta.batchId, a, b));
      withSynchronousFull(db, () => db.transaction(() => finishImportBatch(db, batch)));
    },
    discard() {
      discardStagedBatch(db, meta.batchId, range());
    },
  };
}

/** Removes an unfinished batch and all it wrote (also one found after a crash: its key range is looked up). */
export function discardStagedBatch(db: SqlDriver, batchId: string, range = batchKeyRange(db, batchId)): void {
  // Answers, packs and any scores go with their interviews: foreign keys must be on for the cascade.
  const fkWasOn = db.get<{ foreign_keys: number }>('PRAGMA foreign_keys')?.foreign_keys === 1;
  if (!fkWasOn) db.exec('PRAGMA foreign_keys = ON');
  try {
    overKeys(db, range, (a, b) => discardBatchSlice(db, batchId, a, b));
    db.transaction(() => deleteUnfinishedBatch(db, batchId));
  } finally {
    if (!fkWasOn) db.exec('PRAGMA foreign_keys = OFF');
  }
}

function withSynchronousFull<T>(db: SqlDriver, fn: () => T): T {
  const level = db.get<{ synchronous: number }>('PRAGMA synchronous')?.synchronous ?? 2;
  if (level < 2) db.exec('PRAGMA synchronous = FULL');
  try {
    return fn();
  } finally {
    if (level < 2) db.exec(`PRAGMA synchronous = ${level === 1 ? 'NORMAL' : 'OFF'}`);
  }
}
