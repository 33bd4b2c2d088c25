import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { operations } from '../../../src/api/contract.ts';
import { dispatchIn } from '../../../src/api/dispatch.ts';
import type { JobStatus } from '../../../src/api/operation.ts';
import { createJobPool } from '../../../src/node/jobs/pool.ts';
import { type RunningServer, startServer } from '../../../src/node/server.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { api } from './http.ts';

const slowOp = fileURLToPath(new URL('./slow-targets-op.ts', import.meta.url));

describe('long operations run in a worker, report progress and cancel cleanly', () => {
  let server: RunningServer;
  let dbPath: string;
  const call = async (name: string, args: unknown) => {
    const r = await api(server.port, server.token, name, args);
    if (!r.ok) throw new Error(`${r.error?.code}: ${r.error?.message}`);
    return r.result as never;
  };
  const targetRows = () => {
    const db = openDatabase(dbPath, { readonly: true });
    const n = db.get<{ n: number }>('SELECT count(*) AS n FROM population_targets')?.n;
    const sets = db.get<{ n: number }>('SELECT count(*) AS n FROM target_sets')?.n;
    db.close();
    return { targets: n, sets };
  };
  async function until(jobId: string, done: (s: JobStatus) => boolean, seen: JobStatus[] = []): Promise<JobStatus> {
    for (let i = 0; i < 400; i++) {
      const s = (await call('job/status', { jobId })) as JobStatus;
      seen.push(s);
      if (done(s)) return s;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('job did not reach the expected state');
  }

  beforeAll(async () => {
    dbPath = join(tempDir(), 'jobs.sqlite');
    server = await startServer({ dbPath, jobs: { extraOperations: slowOp } });
  });
  afterAll(() => server.close());

  test('a job streams progress and its result arrives in job/status', async () => {
    const { jobId } = (await call('job/start', { name: 'test/slowTargets', args: { rows: 20, delayMs: 10 } })) as {
      jobId: string;
    };
    const seen: JobStatus[] = [];
    const end = await until(jobId, (s) => s.state === 'done' || s.state === 'failed', seen);
    expect(end).toMatchObject({ state: 'done', progress: 1, result: { added: 20 } });
    expect((end.result as { threadId: number }).threadId).not.toBe(0);
    const partial = seen.filter((s) => s.state === 'running' && s.progress > 0 && s.progress < 1);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial[0]?.message).toMatch(/^row \d+ of 20$/);
    expect(targetRows()).toEqual({ targets: 20, sets: 1 });
  });

  test('the UI thread keeps answering while a job runs, and Cancel leaves the database unchanged', async () => {
    const before = targetRows();
    const { jobId } = (await call('job/start', { name: 'test/slowTargets', args: { rows: 200, delayMs: 20 } })) as {
      jobId: string;
    };
    await until(jobId, (s) => s.progress >= 0.1);
    const t0 = performance.now();
    await call('overview/home', {});
    expect(performance.now() - t0).toBeLessThan(500);
    expect(await call('job/cancel', { jobId })).toEqual({ cancelled: true });
    const end = await until(jobId, (s) => s.state !== 'running');
    expect(end.state).toBe('cancelled');
    expect(end.progress).toBeLessThan(1);
    expect(targetRows()).toEqual(before);
    expect(await call('job/cancel', { jobId })).toEqual({ cancelled: false });
  });

  test('calling a long operation directly still runs it in a worker, and the caller gets its result', async () => {
    const slow = (await import('./slow-targets-op.ts')).operations;
    const pool = createJobPool({ dbPath, extraOperations: slowOp });
    const db = openDatabase(dbPath);
    try {
      const result = await dispatchIn({ ...operations, ...slow }, { db, jobs: pool }, 'test/slowTargets', {
        rows: 3,
        delayMs: 0,
      });
      expect(result).toMatchObject({ ok: true, result: { added: 3 } });
      expect((result as { result: { threadId: number } }).result.threadId).not.toBe(0);
    } finally {
      db.close();
      await pool.close();
    }
  });

  test('an unknown job or operation is reported, not thrown', async () => {
    const missing = await api(server.port, server.token, 'job/status', { jobId: 'no-such-job' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const { jobId } = (await call('job/start', { name: 'system/format', args: {} })) as { jobId: string };
    const end = await until(jobId, (s) => s.state !== 'running' && s.state !== 'queued');
    expect(end).toMatchObject({ state: 'failed', error: { code: 'unknown_operation' } });
  });
});
