/** The import's store thread: one connection, one transaction, rows stored as they arrive (see import-store.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/sqlite.ts';
import { adoptWriteGate, setWriteOwnerText } from '../../db/write-gate.ts';
import { type StreamHead, streamingWriter } from '../interchange/responses/stream.ts';
import type { FromWorker, ToWorker } from './import-store.ts';

const port = parentPort!;
const { dbPath, head, writeGate, owner } = workerData as {
  dbPath: string;
  head: StreamHead;
  writeGate: SharedArrayBuffer;
  owner: string;
};
adoptWriteGate(writeGate);
// The import belongs to whoever started it (the job, or the CLI's process), not to this thread.
setWriteOwnerText(owner);
const send = (m: FromWorker) => port.postMessage(m);
const fail = (e: unknown) => {
  const x = e as { message?: string; code?: string; userFacing?: boolean; name?: string };
  send({
    type: 'error',
    error: { message: String(x?.message ?? e), code: x?.code, userFacing: x?.userFacing, name: x?.name },
  });
};

let db: ReturnType<typeof openDatabase> | undefined;
let writer: ReturnType<typeof streamingWriter> | undefined;
try {
  db = openDatabase(dbPath);
  writer = streamingWriter(db, head);
  send({ type: 'ready' });
} catch (e) {
  fail(e);
  db?.close();
}

port.on('message', (m: ToWorker) => {
  if (!writer || !db) return;
  try {
    if (m.type === 'rows') {
      writer.add(m.rows);
      send({ type: 'taken' });
    } else if (m.type === 'finish') {
      const result = writer.finish(m.prepared);
      db.close();
      send({ type: 'done', result });
      port.close();
    } else {
      writer.abort();
      db.close();
      send({ type: 'done' });
      port.close();
    }
  } catch (e) {
    writer.abort();
    db.close();
    writer = undefined;
    fail(e);
    port.close();
  }
});
