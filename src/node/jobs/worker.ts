// Long operations in their own thread, with their own connection to the same database file. A handler's
// transaction commits only if it finishes: a cancel or a crash leaves the database as it was.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../../db/sqlite.ts';
import { adoptWriteGate, setWriteOwner } from '../../../db/write-gate.ts';
import { operations } from '../../api/contract.ts';
import { dispatchIn, type OperationMap, toFailure } from '../../api/dispatch.ts';
import type { SqlDriver } from '../../store/driver.ts';
import { workerPackageReader } from '../package-reader.ts';
import type { JobMessage, JobWorkerData, RunJob } from './protocol.ts';

const data = workerData as JobWorkerData;
adoptWriteGate(data.writeGate);
const port = parentPort;
if (!port) throw new Error('worker.ts runs as a worker thread only');
const post = (m: JobMessage) => port.postMessage(m);

let ops: OperationMap = operations;
let db: SqlDriver | undefined;

async function run(job: RunJob): Promise<void> {
  if (data.extraOperations && ops === operations) {
    const extra = (await import(data.extraOperations)) as { operations: OperationMap };
    ops = { ...operations, ...extra.operations };
  }
  db ??= openDatabase(data.dbPath);
  setWriteOwner(job.jobId);
  const flag = new Int32Array(job.cancelFlag);
  const result = await dispatchIn(
    ops,
    {
      db,
      progress: (fraction, message) => post({ jobId: job.jobId, type: 'progress', fraction, message }),
      packageReader: () => workerPackageReader(),
      cancel: {
        get cancelled() {
          return Atomics.load(flag, 0) === 1;
        },
      },
    },
    job.name,
    job.args,
  );
  post(
    result.ok
      ? { jobId: job.jobId, type: 'done', result: result.result }
      : { jobId: job.jobId, type: 'failed', error: result.error },
  );
}

port.on('message', (job: RunJob) => {
  run(job).catch((e) => post({ jobId: job.jobId, type: 'failed', error: toFailure(job.name, e) }));
});
port.on('close', () => db?.close());
