/**
 * One writer at a time inside this process, and the person first.
 *
 * SQLite lets one connection write at a time. Without help, a long job's transaction makes a surveyor's save wait
 * in SQLite's busy handler, which sleeps and retries (1, 2, 5, 10 … ms) and can lose the race to the job's next
 * transaction again and again. The gate is a lock shared by every thread of the process (the UI thread and the
 * job workers, through a SharedArrayBuffer): a writer takes it before BEGIN IMMEDIATE and gives it back after
 * COMMIT. A thread that answers the person (the main thread) is "interactive": while one waits, background writers
 * do not take the gate, and a background writer inside a long transaction sees it (othersWaiting) and commits
 * early. SQLite's own locking still decides between processes (busy_timeout): the gate only orders this process's
 * writers, so a gate that cannot be had in time is passed by and SQLite waits as before.
 */
import { isMainThread, threadId } from 'node:worker_threads';

// [0] the holder's thread id + 1 (0: free); [1] interactive writers waiting; [2] when the holder last showed it
// was alive (centiseconds, wrapping): a thread stopped while holding the gate must not block the others for ever.
const HOLDER = 0;
const WAITING = 1;
const ALIVE = 2;
/** A holder silent this long is taken to be gone (a stopped worker); its gate is taken over. */
const STALE_CS = 200;
const now = () => Math.floor(Date.now() / 10) & 0x3fffffff;

let shared: SharedArrayBuffer | undefined;
let gate: Int32Array | undefined;
let depth = 0;
const me = threadId + 1;

/** The gate of this process (made on first use); handed to worker threads so that they share it. */
export function writeGateBuffer(): SharedArrayBuffer {
  if (!shared) adoptWriteGate(new SharedArrayBuffer(12));
  return shared as SharedArrayBuffer;
}

/** A worker thread joins its parent's gate. */
export function adoptWriteGate(buffer: SharedArrayBuffer | undefined): void {
  if (!buffer) return;
  shared = buffer;
  gate = new Int32Array(buffer);
}

/** The main thread answers the person; workers run jobs. */
export const interactive = isMainThread;

/**
 * Takes the gate (re-entrant). Returns false when it could not be had within `maxWaitMs` (the caller goes on, and
 * SQLite's busy timeout arbitrates).
 */
export function acquireWriteGate(maxWaitMs = interactive ? 5_000 : 600_000): boolean {
  const g = gate ?? new Int32Array(writeGateBuffer());
  if (Atomics.load(g, HOLDER) === me) {
    depth++;
    return true;
  }
  const deadline = Date.now() + maxWaitMs;
  if (interactive) Atomics.add(g, WAITING, 1);
  try {
    for (;;) {
      if (!interactive) {
        // Background writers stand back while the person waits.
        const waiting = Atomics.load(g, WAITING);
        if (waiting > 0) {
          if (Date.now() > deadline) return false;
          Atomics.wait(g, WAITING, waiting, 5);
          continue;
        }
      }
      if (Atomics.compareExchange(g, HOLDER, 0, me) === 0) {
        Atomics.store(g, ALIVE, now());
        depth = 1;
        return true;
      }
      const left = deadline - Date.now();
      if (left <= 0) return false;
      const holder = Atomics.load(g, HOLDER);
      if (holder !== 0 && ((now() - Atomics.load(g, ALIVE)) & 0x3fffffff) > STALE_CS) {
        // The holder has not shown itself for 2 s: a thread stopped mid-transaction. SQLite released its lock
        // when its connection closed; the gate is taken over (SQLite still arbitrates if it was only slow).
        if (Atomics.compareExchange(g, HOLDER, holder, me) === holder) {
          Atomics.store(g, ALIVE, now());
          depth = 1;
          return true;
        }
        continue;
      }
      if (holder !== 0) Atomics.wait(g, HOLDER, holder, Math.min(left, 50));
    }
  } finally {
    if (interactive) {
      Atomics.sub(g, WAITING, 1);
      Atomics.notify(g, WAITING);
    }
  }
}

export function releaseWriteGate(): void {
  const g = gate;
  if (!g || Atomics.load(g, HOLDER) !== me) return;
  if (--depth > 0) return;
  Atomics.store(g, HOLDER, 0);
  Atomics.notify(g, HOLDER);
}

/** True while an interactive writer waits: a background writer commits what it has and lets it in. */
export function interactiveWriterWaiting(): boolean {
  if (!gate || interactive) return false;
  if (Atomics.load(gate, HOLDER) === me) Atomics.store(gate, ALIVE, now());
  return Atomics.load(gate, WAITING) > 0;
}

/** A thread that died holding the gate (a stopped job worker) gives it back through its parent. */
export function releaseWriteGateHeldBy(deadThreadId: number): void {
  const g = gate;
  if (!g) return;
  if (Atomics.compareExchange(g, HOLDER, deadThreadId + 1, 0) === deadThreadId + 1) Atomics.notify(g, HOLDER);
}

/**
 * Who is writing, for the record of an unfinished bulk write: the process, and in a job worker the job. A batch
 * left unfinished by a process that is gone (a crash, a kill) is removed when the database is next opened; one
 * left by a job the pool stopped is removed by the pool (see recoverUnfinishedWrites).
 */
let owner = `${process.pid}`;
export function setWriteOwner(jobId: string | undefined): void {
  owner = jobId ? `${process.pid}:job:${jobId}` : `${process.pid}`;
}
export function setWriteOwnerText(text: string): void {
  owner = text;
}
export function writeOwner(): string {
  return owner;
}
