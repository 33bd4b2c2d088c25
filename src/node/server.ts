import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDatabase } from '../../db/sqlite.ts';
import { dispatch } from '../api/dispatch.ts';
import type { ApiContext } from '../api/operation.ts';
import { createJobPool, type JobPool } from './jobs/pool.ts';
import { HttpError, readJsonBody } from './server/body.ts';
import {
  COMMON_HEADERS,
  CONTENT_SECURITY_POLICY,
  hostAllowed,
  newToken,
  originAllowed,
  tokenMatches,
} from './server/guard.ts';
import { resolveStatic, sendFile } from './server/static.ts';

export interface ServerOptions {
  dbPath: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The built renderer (renderer/dist); without it only the API is served. */
  staticDir?: string;
  /** Largest request body; imports send whole files as base64, hence the generous default. */
  maxBodyBytes?: number;
  /** Options of the worker pool that runs long operations (tests add operations here). */
  jobs?: { extraOperations?: string; cancelGraceMs?: number };
}

export interface RunningServer {
  /** Open this in a browser: the token travels in the fragment, which browsers never send to a server. */
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The loopback HTTP door, for the browser UI and end-to-end tests. Listens on 127.0.0.1 only.
 *
 * Protocol: `POST /api/<area>/<action>` with a JSON body and the token (`Authorization: Bearer TOKEN` or
 * `X-Scilit-Token: TOKEN`) answers `{ok: true, result}` or `{ok: false, error: {code, message}}` — HTTP 200 for
 * both, 404 for an unknown operation. Refusals before dispatch: 401 token, 403 Host/Origin, 405 method,
 * 413 body size, 415 not JSON, 400 malformed JSON. `GET` anything else serves the renderer.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const db = openDatabase(options.dbPath, { create: true });
  const token = newToken();
  const limit = options.maxBodyBytes ?? 64 * 1024 * 1024;
  const staticDir = options.staticDir && existsSync(options.staticDir) ? options.staticDir : undefined;
  let pool: JobPool | undefined;
  const ctx: ApiContext = {
    db,
    get jobs() {
      pool ??= createJobPool({ dbPath: db.path, ...options.jobs });
      return pool;
    },
  };
  let port = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      const err = e instanceof HttpError ? e : new HttpError(500, 'internal', (e as Error).message);
      if (err.status === 500) console.error('scilit web:', e);
      sendJson(res, err.status, { ok: false, error: { code: err.code, message: err.message } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, port)) {
      throw new HttpError(403, 'forbidden_host', 'this server answers only to 127.0.0.1 and localhost.');
    }
    if (!originAllowed(req.headers.origin, port)) {
      throw new HttpError(403, 'forbidden_origin', 'requests from other sites are refused.');
    }
    const path = new URL(req.url ?? '/', `http://127.0.0.1:${port}`).pathname;
    if (path.startsWith('/api/')) {
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        throw new HttpError(405, 'method_not_allowed', 'API operations are called with POST.');
      }
      if (!tokenMatches(req, token)) {
        throw new HttpError(401, 'unauthorized', 'missing or wrong token; open the address printed by `npm run web`.');
      }
      const args = await readJsonBody(req, limit);
      const result = await dispatch(ctx, path.slice('/api/'.length), args);
      sendJson(res, !result.ok && result.error.code === 'unknown_operation' ? 404 : 200, result);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      throw new HttpError(405, 'method_not_allowed', 'only GET is served outside /api/.');
    }
    const file = staticDir ? resolveStatic(staticDir, path) : undefined;
    if (!file) {
      throw new HttpError(
        404,
        'not_found',
        staticDir ? `${path} not found.` : 'the renderer is not built (run `npm run web`).',
      );
    }
    sendFile(res, file, { ...COMMON_HEADERS, 'Content-Security-Policy': CONTENT_SECURITY_POLICY });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? 0, host: '127.0.0.1' }, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  // Keep-alive sockets would hold close() open; the UI reconnects at once anyway.
  server.keepAliveTimeout = 5_000;

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    token,
    port,
    async close() {
      await pool?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      db.close();
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  });
  res.end(text);
}
