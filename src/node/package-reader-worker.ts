// Reads, decrypts and verifies field packages on a second core while the main thread writes the previous one
// (see importPackages). Holds no database connection: it only turns bytes into a verified package.
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { readPackage } from '../interchange/package/import.ts';
import type { ReaderReply, ReaderRequest } from './package-reader.ts';

// Node's SHA-256 gives the same digests as WebCrypto's without a round trip to the thread pool per interview:
// verifying a package of 500 interviews costs about half the CPU.
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

const port = parentPort;
if (!port) throw new Error('package-reader-worker.ts runs as a worker thread only');
port.on('message', async (m: ReaderRequest) => {
  let reply: ReaderReply;
  try {
    const { manifest, payloadText, fileChecksum } = await readPackage(m.bytes, { ...m.options, sha256 });
    reply = { id: m.id, ok: true, read: { manifest, payloadText, fileChecksum } };
  } catch (e) {
    const err = e as Error & { code?: string; userFacing?: boolean };
    reply = { id: m.id, ok: false, error: { name: err.name, message: err.message, code: err.code } };
  }
  port.postMessage(reply);
});
