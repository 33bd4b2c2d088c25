// One long operation in its own thread, with its own connection to the same database file. The handler's
// transaction commits only if it finishes: a cancel or a crash leaves the database as it was.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../../db/sqlite.ts';
import { operations } from '../../api/contract.ts';
import { dispatchIn, type OperationMap, toFailure } from '../../api/dispatch.ts';
import type { JobMessage, JobWorkerData } from './protocol.ts';

const data = workerData as JobWorkerData;
const port = parentPort;
if (!port) throw new Error('worker.ts runs as a worker thread only');
const post = (m: JobMessage) => port.postMessage(m);

async function run(): Promise<void> {
  let ops: OperationMap = operations;
  if (data.extraOperations) {
    const extra = (await import(data.extraOperations)) as { operations: OperationMap };
    ops = { ...ops, ...extra.operations };
  }
  const flag = new Int32Array(data.cancelFlag);
  const db = openDatabase(data.dbPath);
  try {
    const result = await dispatchIn(
      ops,
      {
        db,
        progress: (fraction, message) => post({ type: 'progress', fraction, message }),
        cancel: {
          get cancelled() {
            return Atomics.load(flag, 0) === 1;
          },
        },
      },
      data.name,
      data.args,
    );
    post(result.ok ? { type: 'done', result: result.result } : { type: 'failed', error: result.error });
  } finally {
    db.close();
  }
}

run().catch((e) => post({ type: 'failed', error: toFailure(data.name, e) }));
