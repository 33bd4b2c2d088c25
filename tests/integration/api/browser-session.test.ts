// Browser mode keeps its key: the printed token is exchanged once for a strict same-site, HTTP-only cookie, so
// reopening http://127.0.0.1:PORT/ in the same browser carries on; what the server says is Chinese unless the
// browser asks for English; slow and silent sockets are closed (issue 21: still open after 75 s).
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningServer, startServer } from '../../../src/node/server.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { http } from './http.ts';

const json = { 'Content-Type': 'application/json' };
let server: RunningServer;
let dbPath: string;

beforeAll(async () => {
  dbPath = join(tempDir(), 'web.sqlite');
  server = await startServer({ dbPath, timeouts: { headersMs: 400, requestMs: 800, keepAliveMs: 300 } });
});
afterAll(() => server.close());

function cookieOf(setCookie: string | string[] | undefined): string {
  const line = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  return (line ?? '').split(';')[0] as string;
}

describe('a browser session instead of a token in the page', () => {
  test('the token buys an HTTP-only, strict same-site cookie that then opens the API on its own', async () => {
    const exchange = await http(server.port, 'POST', '/api/session', { ...json, 'X-Scilit-Token': server.token }, '{}');
    expect(exchange.status).toBe(200);
    const setCookie = String(exchange.headers['set-cookie']);
    expect(setCookie).toMatch(new RegExp(`^scilit-${server.port}=[A-Za-z0-9_-]{43}; `));
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    const cookie = cookieOf(exchange.headers['set-cookie']);

    // The page reopened without the token: the cookie alone signs it in.
    const again = await http(server.port, 'POST', '/api/session', { ...json, Cookie: cookie }, '{}');
    expect(again.status).toBe(200);
    expect(again.headers['set-cookie']).toBeUndefined();
    const home = await http(server.port, 'POST', '/api/overview/home', { ...json, Cookie: `other=1; ${cookie}` }, '{}');
    expect(home.status).toBe(200);
    expect(home.json()).toMatchObject({ ok: true, result: { interviews: { total: 0 } } });
  });

  test('no token and no session, or a guessed one: refused in Chinese, in English when asked', async () => {
    const none = await http(server.port, 'POST', '/api/session', json, '{}');
    expect(none.status).toBe(401);
    expect(none.json().error?.message).toContain('请打开运行 scilit web');
    const guessed = await http(
      server.port,
      'POST',
      '/api/overview/home',
      { ...json, Cookie: `scilit-${server.port}=${'A'.repeat(43)}` },
      '{}',
    );
    expect(guessed.status).toBe(401);
    expect(guessed.json().error?.code).toBe('unauthorized');
    const english = await http(
      server.port,
      'POST',
      '/api/overview/home',
      { ...json, 'Accept-Language': 'en-GB,en' },
      '{}',
    );
    expect(english.json().error?.message).toMatch(/^this browser is not signed in/);
    const chineseFirst = await http(
      server.port,
      'POST',
      '/api/overview/home',
      { ...json, 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.8' },
      '{}',
    );
    expect(chineseFirst.json().error?.message).toMatch(/^此浏览器尚未获得访问授权/);
  });

  test('every refusal before an operation speaks Chinese by default', async () => {
    const auth = { 'X-Scilit-Token': server.token };
    const replies = [
      await http(server.port, 'GET', '/', { Host: `evil.example:${server.port}` }),
      await http(server.port, 'POST', '/api/overview/home', { ...json, ...auth, Origin: 'https://evil.example' }, '{}'),
      await http(server.port, 'GET', '/api/overview/home', auth),
      await http(server.port, 'POST', '/api/overview/home', { ...auth, 'Content-Type': 'text/plain' }, '{}'),
      await http(server.port, 'POST', '/api/overview/home', { ...json, ...auth }, '{not json'),
      await http(server.port, 'DELETE', '/index.html'),
      await http(server.port, 'GET', '/index.html'),
    ];
    expect(replies.map((r) => r.status)).toEqual([403, 403, 405, 415, 400, 405, 404]);
    for (const r of replies) expect(r.json().error?.message).toMatch(/[\u4e00-\u9fff]/);
  });

  test('a session belongs to one server run', async () => {
    const other = await startServer({ dbPath });
    try {
      const exchange = await http(other.port, 'POST', '/api/session', { ...json, 'X-Scilit-Token': other.token }, '{}');
      const cookie = cookieOf(exchange.headers['set-cookie']);
      // The same browser on the first server: a different cookie name, and its id means nothing there.
      const value = cookie.split('=')[1];
      const replayed = await http(
        server.port,
        'POST',
        '/api/session',
        { ...json, Cookie: `scilit-${server.port}=${value}` },
        '{}',
      );
      expect(replayed.status).toBe(401);
    } finally {
      await other.close();
    }
  });
});

/** A raw connection; resolves with how long the server kept it open. */
function openSocket(port: number, feed?: (s: Socket) => void): Promise<number> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const socket = connect(port, '127.0.0.1', () => feed?.(socket));
    socket.on('data', () => {});
    socket.on('error', () => {});
    socket.on('close', () => resolve(performance.now() - t0));
  });
}

describe('slow and silent sockets are closed', () => {
  test('a socket that sends nothing', async () => {
    const open = await openSocket(server.port);
    expect(open).toBeGreaterThanOrEqual(300);
    expect(open).toBeLessThan(10_000);
  });

  test('headers sent a byte at a time (slowloris)', async () => {
    let timer: NodeJS.Timeout | undefined;
    const open = await openSocket(server.port, (s) => {
      s.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n`);
      timer = setInterval(() => s.writable && s.write('X'), 100);
    });
    clearInterval(timer);
    expect(open).toBeLessThan(10_000);
  });

  test('a body that trickles in', async () => {
    let timer: NodeJS.Timeout | undefined;
    const open = await openSocket(server.port, (s) => {
      s.write(
        `POST /api/overview/home HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nX-Scilit-Token: ${server.token}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`,
      );
      timer = setInterval(() => s.writable && s.write(' '), 100);
    });
    clearInterval(timer);
    expect(open).toBeGreaterThanOrEqual(500);
    expect(open).toBeLessThan(10_000);
  });

  test('a kept-alive connection that asks for nothing more', async () => {
    const open = await openSocket(server.port, (s) => {
      s.write(`GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: keep-alive\r\n\r\n`);
    });
    expect(open).toBeLessThan(10_000);
  });

  test('the defaults close them well before a minute', async () => {
    const { DEFAULT_TIMEOUTS } = await import('../../../src/node/server.ts');
    expect(DEFAULT_TIMEOUTS.headersMs).toBeLessThanOrEqual(20_000);
    expect(DEFAULT_TIMEOUTS.keepAliveMs).toBeLessThanOrEqual(10_000);
    expect(DEFAULT_TIMEOUTS.requestMs).toBeLessThanOrEqual(120_000);
  });
});
