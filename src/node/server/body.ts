import type { IncomingMessage } from 'node:http';
import { messagesFor } from './messages.ts';

/** An HTTP-level refusal: status and a {code, message} body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a JSON request body, refusing other content types and bodies over `limit` bytes (checked as it streams). */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const m = messagesFor(req);
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, 'unsupported_media_type', m.mediaType);
  const tooLarge = () => new HttpError(413, 'too_large', m.tooLarge(Math.round(limit / 1024 / 1024)));
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, 'invalid_json', m.badJson((e as Error).message));
  }
}
