import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { type RunningServer, startServer } from '../../../src/node/server.ts';
import { putForm } from '../../../src/store/forms.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { api, http } from './http.ts';

describe('the loopback HTTP door', () => {
  let server: RunningServer;
  let dbPath: string;
  const json = { 'Content-Type': 'application/json' };

  beforeAll(async () => {
    const dir = tempDir();
    dbPath = join(dir, 'web.sqlite');
    const setup = openDatabase(dbPath, { create: true });
    putForm(setup, { formId: 'csl', version: '2025.1', title: 'CSL', definition: '{}', definitionChecksum: 'x' });
    setup.close();
    const staticDir = join(dir, 'dist');
    await import('node:fs').then((fs) => fs.mkdirSync(join(staticDir, 'assets'), { recursive: true }));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>scilit</title>');
    writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'not for the browser');
    server = await startServer({ dbPath, staticDir, maxBodyBytes: 64 * 1024 });
  });
  afterAll(() => server.close());

  test('listens on 127.0.0.1 only and prints a URL carrying a fresh random token', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    if (process.platform === 'linux') {
      // The kernel's socket table: our listening socket's local address must be 127.0.0.1 (0100007F).
      const hexPort = server.port.toString(16).toUpperCase().padStart(4, '0');
      const listening = readFileSync('/proc/net/tcp', 'utf8')
        .split('\n')
        .map((l) => l.trim().split(/\s+/))
        .filter((f) => f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A');
      expect(listening.map((f) => f[1])).toEqual([`0100007F:${hexPort}`]);
      const v6 = readFileSync('/proc/net/tcp6', 'utf8');
      expect(v6).not.toMatch(new RegExp(`:${hexPort} [0-9A-F]{32}:0000 0A`));
    }
    const other = await startServer({ dbPath, maxBodyBytes: 1024 });
    expect(other.token).not.toBe(server.token);
    await other.close();
  });

  test('refuses API calls without the right token', async () => {
    const body = JSON.stringify({});
    const none = await http(server.port, 'POST', '/api/overview/home', json, body);
    expect(none.status).toBe(401);
    expect(none.json().error?.code).toBe('unauthorized');
    const wrong = await http(server.port, 'POST', '/api/overview/home', { ...json, 'X-Scilit-Token': 'guess' }, body);
    expect(wrong.status).toBe(401);
    const right = await http(
      server.port,
      'POST',
      '/api/overview/home',
      { ...json, 'X-Scilit-Token': server.token },
      body,
    );
    expect(right.status).toBe(200);
    expect(right.json()).toMatchObject({ ok: true, result: { interviews: { total: 0 } } });
  });

  test('refuses other Host names and foreign origins (DNS rebinding, cross-site requests)', async () => {
    const auth = { ...json, Authorization: `Bearer ${server.token}` };
    const rebound = await http(
      server.port,
      'POST',
      '/api/overview/home',
      { ...auth, Host: `evil.example:${server.port}` },
      '{}',
    );
    expect(rebound.status).toBe(403);
    const page = await http(server.port, 'GET', '/', { Host: `evil.example:${server.port}` });
    expect(page.status).toBe(403);
    const otherPort = await http(server.port, 'GET', '/', { Host: '127.0.0.1:1' });
    expect(otherPort.status).toBe(403);
    const localhost = await http(
      server.port,
      'POST',
      '/api/overview/home',
      { ...auth, Host: `localhost:${server.port}` },
      '{}',
    );
    expect(localhost.status).toBe(200);
    const foreign = await http(
      server.port,
      'POST',
      '/api/overview/home',
      { ...auth, Origin: 'http://evil.example' },
      '{}',
    );
    expect(foreign.status).toBe(403);
  });

  test('answers unknown operations, oversized and non-JSON bodies with clear refusals', async () => {
    const auth = { Authorization: `Bearer ${server.token}` };
    const unknown = await http(server.port, 'POST', '/api/system/shell', { ...auth, ...json }, '{}');
    expect(unknown.status).toBe(404);
    expect(unknown.json().error?.code).toBe('unknown_operation');
    const big = await http(
      server.port,
      'POST',
      '/api/overview/home',
      { ...auth, ...json },
      `{"x":"${'a'.repeat(100_000)}"}`,
    );
    expect(big.status).toBe(413);
    const form = await http(
      server.port,
      'POST',
      '/api/overview/home',
      { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
      'a=1',
    );
    expect(form.status).toBe(415);
    const broken = await http(server.port, 'POST', '/api/overview/home', { ...auth, ...json }, '{"top": ');
    expect(broken.status).toBe(400);
    expect(broken.json().error?.code).toBe('invalid_json');
    const get = await http(server.port, 'GET', '/api/overview/home', auth);
    expect(get.status).toBe(405);
    const invalid = await api(server.port, server.token, 'interviews/page', { limit: -1 });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
  });

  test('a saved answer is in the database file when the response arrives', async () => {
    const started = await api(server.port, server.token, 'interview/start', {
      formId: 'csl',
      formVersion: '2025.1',
      surveyor: 'S07',
    });
    const id = (started.result as { interview_id: string }).interview_id;
    const saved = await api(server.port, server.token, 'interview/saveAnswer', {
      interviewId: id,
      field: 'age',
      value: '42',
    });
    expect(saved).toEqual({ ok: true, result: { saved: true } });
    // Another connection, as another process would see the file.
    const reader = openDatabase(dbPath, { readonly: true });
    expect(reader.get('SELECT value FROM answers WHERE interview_id = ? AND field = ?', [id, 'age'])).toEqual({
      value: '42',
    });
    reader.close();
    const finalizedDraft = await api(server.port, server.token, 'interview/saveAnswer', {
      interviewId: 'nope',
      field: 'age',
      value: '1',
    });
    expect(finalizedDraft).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  test('serves the renderer with a strict CSP, screens fall back to index.html, nothing outside dist', async () => {
    const index = await http(server.port, 'GET', '/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>scilit</title>');
    const csp = String(index.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    const js = await http(server.port, 'GET', '/assets/app.js');
    expect(js.headers['content-type']).toContain('text/javascript');
    const screen = await http(server.port, 'GET', '/interviews');
    expect(screen.body).toContain('<title>scilit</title>');
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/missing.js']) {
      const r = await http(server.port, 'GET', path);
      expect(r.status, path).toBe(404);
      expect(r.body).not.toContain('not for the browser');
    }
  });
});
