// Finding 7 of the attack review (issue 21): `job/start` with 100,000-deep nested arguments, sent twice, left both
// workers "busy" for ever, and every later import, export and report hung until restart. Now such arguments are
// refused at the door (dispatch), arguments a thread cannot take fail their job with a message, and a worker that
// dies or overruns is replaced with its job failed in words; the next job runs.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import type { JobStatus } from '../../../src/api/operation.ts';
import { createJobPool, type JobPool } from '../../../src/node/jobs/pool.ts';
import { type RunningServer, startServer } from '../../../src/node/server.ts';
import { tempDir } from '../../helpers/tmp.ts';

const hostileOps = fileURLToPath(new URL('./hostile-ops.ts', import.meta.url));
const deepJson = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

async function post(server: RunningServer, name: string, body: string) {
  const r = await fetch(`http://127.0.0.1:${server.port}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-scilit-token': server.token },
    body,
  });
  return (await r.json()) as {
    ok: boolean;
    result?: { jobId: string } & JobStatus;
    error?: { code: string; message: string };
  };
}

describe('the job pool cannot be wedged', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ dbPath: join(tempDir(), 'jobs.sqlite'), jobs: { extraOperations: hostileOps } });
  });
  afterAll(() => server.close());

  test('100,000-deep arguments, sent twice, are refused at the door; the next job runs', async () => {
    const body = `{"name":"test/echo","args":{"value":${deepJson(100_000)}}}`;
    for (let i = 0; i < 2; i++) {
      const r = await post(server, 'job/start', body);
      expect(r.ok).toBe(false);
      expect(r.error?.code).toBe('invalid_arguments');
      expect(r.error?.message).toMatch(/嵌套超过 32 层/);
    }
    const started = await post(server, 'job/start', '{"name":"targets/list","args":{}}');
    expect(started.ok).toBe(true);
    let status: JobStatus | undefined;
    for (let i = 0; i < 600 && status?.state !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await post(server, 'job/status', JSON.stringify({ jobId: started.result?.jobId }))).result;
    }
    expect(status?.state).toBe('done');
  }, 90_000);
});

describe('a job that cannot be handed over, dies or overruns fails in words, and its worker is replaced', () => {
  let pool: JobPool;
  let dbPath: string;
  beforeAll(() => {
    dbPath = join(tempDir(), 'pool.sqlite');
    openDatabase(dbPath, { create: true }).close();
    pool = createJobPool({ dbPath, extraOperations: hostileOps, maxRunMs: 20_000, concurrency: 2 });
  });
  afterAll(() => pool.close());
  const run = (name: string, args: unknown) => pool.wait(pool.start(name, args));

  test('arguments no thread can take (past the door: 100,000 levels deep), twice, then a normal job', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    for (let i = 0; i < 2; i++) {
      const s = await run('test/echo', { value: deep });
      expect(s.state).toBe('failed');
      expect(s.error?.message).toMatch(/参数无法交给后台任务/);
    }
    expect((await run('test/echo', {})).state).toBe('done');
  }, 90_000);

  test('a worker that dies fails its job with a message; the next job gets a new worker', async () => {
    const s = await run('test/die', {});
    expect(s.state).toBe('failed');
    expect(s.error?.message).toMatch(/意外停止/);
    expect((await run('test/echo', {})).state).toBe('done');
  }, 90_000);

  test('a job that overruns is stopped, nothing it wrote is kept, and the pool goes on', async () => {
    const started = Date.now();
    const s = await run('test/forever', {});
    expect(s.state).toBe('failed');
    expect(s.error?.code).toBe('job_overrun');
    expect(s.error?.message).toMatch(/已停止，没有保存任何改动/);
    expect(Date.now() - started).toBeLessThan(60_000);
    const db = openDatabase(dbPath, { readonly: true });
    expect(db.get("SELECT 1 FROM target_sets WHERE target_set_id = 'forever'")).toBeUndefined();
    db.close();
    expect((await run('test/echo', {})).state).toBe('done');
  }, 90_000);
});
