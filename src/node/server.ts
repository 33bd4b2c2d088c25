import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { dispatch } from '../api/dispatch.ts';
import { Workspace } from './data-files.ts';
import { type Host, isHostOperation, runHostOperation } from './host-operations.ts';
import { revealInFileManager } from './reveal.ts';
import { HttpError, readJsonBody } from './server/body.ts';
import {
  COMMON_HEADERS,
  CONTENT_SECURITY_POLICY,
  hostAllowed,
  newToken,
  originAllowed,
  tokenMatches,
} from './server/guard.ts';
import { languageOf, messagesFor } from './server/messages.ts';
import { BrowserSessions } from './server/session.ts';
import { resolveStatic, sendFile } from './server/static.ts';

export interface ServerOptions {
  /** The database opened at start; the 数据文件 menu may switch to another one. */
  dbPath: string;
  /** The per-user data folder (recent files, new databases, backups); by default the database's folder. */
  dataFolder?: string;
  /** Shows a file in the file manager (tests record the call instead). */
  reveal?: (path: string) => void;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The built renderer (renderer/dist); without it only the API is served. */
  staticDir?: string;
  /** Largest request body; imports send whole files as base64, hence the generous default. */
  maxBodyBytes?: number;
  /** Options of the worker pool that runs long operations (tests add operations here). */
  jobs?: { extraOperations?: string; cancelGraceMs?: number };
  /** Slow or silent sockets are closed (tests shorten these). */
  timeouts?: Partial<ServerTimeouts>;
}

export interface ServerTimeouts {
  /** From connecting to the end of the request's headers. */
  headersMs: number;
  /** From connecting to the end of the request's body (a 64 MB import sent over loopback takes a second). */
  requestMs: number;
  /** A kept-alive connection waiting for its next request. */
  keepAliveMs: number;
}

export const DEFAULT_TIMEOUTS: ServerTimeouts = { headersMs: 15_000, requestMs: 120_000, keepAliveMs: 5_000 };

export interface RunningServer {
  /** Open this in a browser: the token travels in the fragment, which browsers never send to a server. */
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

/** The path at which a browser exchanges the printed token for its session cookie (and later checks it). */
export const SESSION_PATH = '/api/session';

/**
 * The loopback HTTP door, for the browser UI and end-to-end tests. Listens on 127.0.0.1 only.
 *
 * Protocol: `POST /api/<area>/<action>` with a JSON body, authenticated by the token (`Authorization: Bearer TOKEN`
 * or `X-Scilit-Token: TOKEN`) or by a browser session cookie, answers `{ok: true, result}` or
 * `{ok: false, error: {code, message}}` — HTTP 200 for both, 404 for an unknown operation. `POST /api/session`
 * with the token starts a browser session (Set-Cookie), without it tells whether the cookie is one (200 or 401).
 * Refusals before dispatch: 401 not signed in, 403 Host/Origin, 405 method, 413 body size, 415 not JSON, 400
 * malformed JSON; messages in Chinese unless the request prefers English. `GET` anything else serves the renderer.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const workspace = await Workspace.open(
    options.dbPath,
    { dataFolder: options.dataFolder ?? dirname(options.dbPath), jobs: options.jobs },
    { bundledForm: false },
  );
  const host: Host = { runtime: 'browser', workspace, reveal: options.reveal ?? revealInFileManager };
  const ctx = workspace.context();
  const token = newToken();
  const limit = options.maxBodyBytes ?? 64 * 1024 * 1024;
  const staticDir = options.staticDir && existsSync(options.staticDir) ? options.staticDir : undefined;
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  let port = 0;
  let sessions = new BrowserSessions(0);

  const server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      // How often Node looks for connections past those limits (its default, 30 s, would let them linger).
      connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs),
    },
    (req, res) => {
      handle(req, res).catch((e) => {
        // A connection closed by its timeout (or by the browser) has no one left to answer.
        if (!res.socket || res.socket.destroyed) return;
        const err = e instanceof HttpError ? e : new HttpError(500, 'internal', messagesFor(req).internal);
        if (err.status === 500) console.error('scilit web:', e);
        sendJson(res, err.status, { ok: false, error: { code: err.code, message: err.message } });
      });
    },
  );

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const m = messagesFor(req);
    if (!hostAllowed(req.headers.host, port)) throw new HttpError(403, 'forbidden_host', m.forbiddenHost);
    if (!originAllowed(req.headers.origin, port)) throw new HttpError(403, 'forbidden_origin', m.forbiddenOrigin);
    const path = new URL(req.url ?? '/', `http://127.0.0.1:${port}`).pathname;
    if (path.startsWith('/api/')) {
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        throw new HttpError(405, 'method_not_allowed', m.apiMethod);
      }
      const byToken = tokenMatches(req, token);
      if (path === SESSION_PATH) {
        if (byToken) res.setHeader('Set-Cookie', sessions.start());
        else if (!sessions.has(req)) throw new HttpError(401, 'unauthorized', m.unauthorized);
        sendJson(res, 200, { ok: true, result: { signedIn: true } });
        return;
      }
      if (!byToken && !sessions.has(req)) throw new HttpError(401, 'unauthorized', m.unauthorized);
      const args = await readJsonBody(req, limit);
      const name = path.slice('/api/'.length);
      if (isHostOperation(name)) {
        sendJson(res, 200, await runHostOperation(host, name, args, languageOf(req)));
        return;
      }
      const result = await dispatch(ctx, name, args);
      sendJson(res, !result.ok && result.error.code === 'unknown_operation' ? 404 : 200, result);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      throw new HttpError(405, 'method_not_allowed', m.staticMethod);
    }
    const file = staticDir ? resolveStatic(staticDir, path) : undefined;
    if (!file) throw new HttpError(404, 'not_found', staticDir ? m.notFound(path) : m.noRenderer);
    sendFile(res, file, { ...COMMON_HEADERS, 'Content-Security-Policy': CONTENT_SECURITY_POLICY });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? 0, host: '127.0.0.1' }, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  sessions = new BrowserSessions(port);

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    token,
    port,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await workspace.close();
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
