/**
 * Stores an import's rows on a second thread while the main thread reads and checks the file: on a 2-core laptop
 * the 100,000-row import takes about the time of its storing alone. The worker (import-store-worker.ts) opens its
 * own connection and keeps one transaction for the whole file; see src/interchange/responses/stream.ts.
 * Registered by the import command; when a worker cannot start, the import holds the rows and stores them itself.
 */
import { Worker } from 'node:worker_threads';
import { writeGateBuffer, writeOwner } from '../../db/write-gate.ts';
import type { ImportResult } from '../interchange/responses/commit.ts';
import type { PreparedImport, PreparedRow } from '../interchange/responses/prepare.ts';
import { type ResponseSink, type StreamHead, storeResponsesWith } from '../interchange/responses/stream.ts';

export type ToWorker =
  | { type: 'rows'; rows: PreparedRow[] }
  | { type: 'finish'; prepared: PreparedImport }
  | { type: 'abort' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'taken' }
  | { type: 'done'; result?: ImportResult }
  | { type: 'error'; error: { message: string; code?: string; userFacing?: boolean; name?: string } };

/** Batches sent but not yet stored before the reader waits (each ~2,000 rows): bounds the memory in between. */
const AHEAD = 2;

function revive(e: { message: string; code?: string; userFacing?: boolean; name?: string }): Error {
  return Object.assign(new Error(e.message), { code: e.code, userFacing: e.userFacing, name: e.name ?? 'Error' });
}

export async function workerSink(dbPath: string, head: StreamHead): Promise<ResponseSink | undefined> {
  if (!dbPath || dbPath === ':memory:') return undefined;
  let worker: Worker;
  try {
    // A small young generation: the thread's garbage is short-lived strings, and the import's memory is capped.
    worker = new Worker(new URL('./import-store-worker.mjs', import.meta.url), {
      workerData: { dbPath, head, writeGate: writeGateBuffer(), owner: writeOwner() },
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
  } catch {
    return undefined;
  }
  let failure: Error | undefined;
  let sent = 0;
  let taken = 0;
  let waiting: (() => void) | undefined;
  let finished: ((r: FromWorker) => void) | undefined;
  const ready = new Promise<boolean>((resolve) => {
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'ready') resolve(true);
      else if (m.type === 'taken') {
        taken++;
        if (waiting && sent - taken < AHEAD) {
          const w = waiting;
          waiting = undefined;
          w();
        }
      } else if (m.type === 'error') {
        failure = revive(m.error);
        resolve(false);
        waiting?.();
        finished?.(m);
      } else finished?.(m);
    });
    worker.on('error', (e) => {
      failure ??= e;
      resolve(false);
      waiting?.();
      finished?.({ type: 'error', error: { message: e.message } });
    });
    worker.on('exit', () => {
      failure ??= new Error('the import store thread stopped');
      resolve(false);
      waiting?.();
      finished?.({ type: 'error', error: { message: failure.message } });
    });
  });
  if (!(await ready)) {
    await worker.terminate();
    return undefined;
  }
  const post = (m: ToWorker) => worker.postMessage(m);
  const ended = () =>
    new Promise<FromWorker>((resolve) => {
      finished = resolve;
    });
  return {
    add(rows) {
      if (failure) throw failure;
      post({ type: 'rows', rows });
      sent++;
      if (sent - taken < AHEAD) return;
      return new Promise<void>((resolve) => {
        waiting = resolve;
      }).then(() => {
        if (failure) throw failure;
      });
    },
    async finish(prepared) {
      if (failure) {
        await worker.terminate();
        throw failure;
      }
      const done = ended();
      post({ type: 'finish', prepared });
      const m = await done;
      await worker.terminate();
      if (m.type === 'error') throw revive(m.error);
      if (m.type !== 'done' || !m.result) throw new Error('the import store thread gave no result');
      return m.result;
    },
    async abort() {
      if (!failure) {
        const done = ended();
        post({ type: 'abort' });
        await done;
      }
      await worker.terminate();
    },
  };
}

storeResponsesWith(workerSink);
