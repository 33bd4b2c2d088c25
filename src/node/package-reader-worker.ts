// Reads, decrypts and verifies field packages on a second core while the main thread writes the previous one
// (see importPackages). Holds no database connection: it only turns bytes into a verified package.
import { parentPort } from 'node:worker_threads';
import { readPackage } from '../interchange/package/import.ts';
import type { ReaderReply, ReaderRequest } from './package-reader.ts';

const port = parentPort;
if (!port) throw new Error('package-reader-worker.ts runs as a worker thread only');
port.on('message', async (m: ReaderRequest) => {
  let reply: ReaderReply;
  try {
    reply = { id: m.id, ok: true, read: await readPackage(m.bytes, m.options) };
  } catch (e) {
    const err = e as Error & { code?: string; userFacing?: boolean };
    reply = { id: m.id, ok: false, error: { name: err.name, message: err.message, code: err.code } };
  }
  port.postMessage(reply);
});
