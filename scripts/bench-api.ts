// `npm run bench:api`: the Home and Interviews screens' queries and the save round trip over HTTP, on a
// database with 100,000 interviews. Targets (issue 8): first answers within 1 s, saveAnswer p99 < 50 ms.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../db/sqlite.ts';
import { startServer } from '../src/node/server.ts';
import { putForm } from '../src/store/forms.ts';
import { finalizeInterview, saveAnswer, startInterview, voidInterview } from '../src/store/interviews.ts';
import { tempDir } from '../tests/helpers/tmp.ts';

const N = Number(process.env.BENCH_INTERVIEWS ?? 100_000);
const SAVES = 1_000;

function fill(dbPath: string): void {
  const db = openDatabase(dbPath, { create: true });
  putForm(db, { formId: 'csl', version: '2025.1', title: 'CSL', definition: '{}', definitionChecksum: 'bench' });
  const t0 = performance.now();
  db.transaction(() => {
    for (let i = 0; i < N; i++) {
      const iv = startInterview(db, {
        formId: 'csl',
        formVersion: '2025.1',
        surveyor: `S${String(i % 240).padStart(3, '0')}`,
        device: `tablet-${i % 60}`,
        regionCode: `1101${String(i % 48).padStart(2, '0')}`,
        psu: `P${i % 1200}`,
        household: `HH-${i}`,
      });
      saveAnswer(db, { interviewId: iv.interview_id, field: 'age', value: String(18 + (i % 52)) });
      saveAnswer(db, { interviewId: iv.interview_id, field: 'sex', value: i % 2 ? 'male' : 'female' });
      if (i % 10 < 7) finalizeInterview(db, iv.interview_id);
      else if (i % 50 === 7) voidInterview(db, iv.interview_id, 'duplicate household');
    }
  });
  db.close();
  console.log(`filled ${N.toLocaleString('en')} interviews in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}

async function main(): Promise<void> {
  // BENCH_DB=FILE reuses a database filled by an earlier run (filling takes a few minutes).
  const reuse = process.env.BENCH_DB;
  const dbPath = reuse ?? join(tempDir('scilit-bench-'), 'bench.sqlite');
  if (!reuse || !existsSync(reuse)) fill(dbPath);
  console.log(`database: ${dbPath}`);
  const server = await startServer({ dbPath });
  const base = `http://127.0.0.1:${server.port}/api/`;
  const call = async (name: string, args: unknown) => {
    const res = await fetch(base + name, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(args),
    });
    const body = (await res.json()) as { ok: boolean; result?: unknown; error?: { message: string } };
    if (!body.ok) throw new Error(`${name}: ${body.error?.message}`);
    return body.result as never;
  };
  const timed = async (label: string, name: string, args: unknown, limitMs: number) => {
    const t0 = performance.now();
    const result = await call(name, args);
    const ms = performance.now() - t0;
    console.log(`${label.padEnd(44)} ${ms.toFixed(1).padStart(8)} ms  ${ms < limitMs ? 'ok' : `OVER ${limitMs} ms`}`);
    return result;
  };

  const rows: string[] = [];
  const home = (await timed('overview/home (first call)', 'overview/home', {}, 1000)) as {
    interviews: { total: number };
  };
  rows.push(`interviews in the database: ${home.interviews.total}`);
  await timed('overview/home (again)', 'overview/home', {}, 1000);
  const page = (await timed(
    'interviews/page first page (100) + total',
    'interviews/page',
    { limit: 100, withTotal: true },
    1000,
  )) as {
    total: number;
    rows: { interview_id: string }[];
    next: unknown;
  };
  await timed('interviews/page status=draft', 'interviews/page', { status: 'draft', limit: 100 }, 1000);
  await timed('interviews/page surveyor+region', 'interviews/page', { surveyor: 'S007', region: '110107' }, 1000);
  await timed('interviews/page search "HH-4242"', 'interviews/page', { search: 'HH-4242' }, 1000);
  await timed('interviews/page sort=started asc', 'interviews/page', { sort: 'started', descending: false }, 1000);
  await timed('interviews/page second page (keyset)', 'interviews/page', { limit: 100, after: page.next }, 1000);
  rows.push(`first page total: ${page.total}`);

  const draft = (await call('interview/start', { formId: 'csl', formVersion: '2025.1', surveyor: 'BENCH' })) as {
    interview_id: string;
  };
  const times: number[] = [];
  for (let i = 0; i < SAVES; i++) {
    const t0 = performance.now();
    await call('interview/saveAnswer', {
      interviewId: draft.interview_id,
      field: `q${i % 40}`,
      value: String(i),
      durationMs: 1200,
      currentField: `q${i % 40}`,
    });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const p99 = quantile(times, 0.99);
  console.log(
    `interview/saveAnswer over HTTP, ${SAVES} sequential: p50 ${quantile(times, 0.5).toFixed(2)} ms, ` +
      `p95 ${quantile(times, 0.95).toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, max ${(times.at(-1) ?? 0).toFixed(2)} ms  ` +
      `${p99 < 50 ? 'ok' : 'OVER 50 ms'}`,
  );
  for (const r of rows) console.log(r);
  await server.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
