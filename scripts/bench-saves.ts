// npm run bench:saves — a surveyor saves an answer every 250 ms while the office imports 50,000 rows in the app
// (the job pool behind the loopback server, as the desktop app runs it). Prints every save's wait, failed saves,
// p50/p99/max and the import's own time. Issue 21's bar: 0 failed saves, p99 under 50 ms.
// Usage: npm run bench:saves [-- --rows N]
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/sqlite.ts';
import { startServer } from '../src/node/server.ts';
import { putForm } from '../src/store/forms.ts';
import { benchForm, buildWorkbook } from './bench-import.ts';

const arg = process.argv.indexOf('--rows');
const rows = arg > 0 ? Number(process.argv[arg + 1]) : 50_000;
const dir = join(tmpdir(), 'scilit-bench-saves');
mkdirSync(dir, { recursive: true });
const file = join(dir, `responses-${rows}.xlsx`);
if (!existsSync(file)) writeFileSync(file, buildWorkbook(rows));
const dbPath = join(dir, 'bench.sqlite');
for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) rmSync(f, { force: true });
const db = openDatabase(dbPath, { create: true });
const form = benchForm();
putForm(db, {
  formId: form.formId,
  version: form.version,
  title: 'bench',
  definition: JSON.stringify(form),
  definitionChecksum: 'bench',
});
db.close();

const server = await startServer({ dbPath });
const call = async (name: string, args: unknown) => {
  const r = await fetch(`http://127.0.0.1:${server.port}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-scilit-token': server.token },
    body: JSON.stringify(args),
  });
  return (await r.json()) as {
    ok: boolean;
    result?: Record<string, unknown>;
    error?: { code: string; message: string };
  };
};

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(`file ${file} (${rows} rows × 60 columns); load before ${load()}`);
const interview = await call('interview/start', { formId: form.formId, formVersion: form.version, surveyor: 'S01' });
const interviewId = String(interview.result?.interview_id);
// Warm the pool (a worker's first start compiles the sources) so that the import is what is measured.
await call('job/start', { name: 'targets/list', args: {} });
// The same saves with no job running: on a loaded machine a save's own time (an fsync) is the floor.
const idle: number[] = [];
for (let k = 0; k < 40; k++) {
  const t = performance.now();
  await call('interview/saveAnswer', { interviewId, field: 'k8', value: 'abcd'[k % 4] });
  idle.push(performance.now() - t);
  await new Promise((res) => setTimeout(res, 50));
}
idle.sort((a, b) => a - b);
console.log(
  `saves with no job: p50 ${idle[20]?.toFixed(1)} ms, p99 ${idle[39]?.toFixed(1)} ms (40 saves); load ${load()}`,
);
const started = await call('job/start', {
  name: 'import/responses',
  args: { fileName: 'bench.xlsx', data: readFileSync(file).toString('base64'), formId: form.formId },
});
const jobId = String(started.result?.jobId);
const importStart = performance.now();
let done = false;
let status: Record<string, unknown> | undefined;
const waits: number[] = [];
const failures: string[] = [];
let i = 0;
const saver = (async () => {
  while (!done) {
    const t = performance.now();
    const r = await call('interview/saveAnswer', { interviewId, field: `k${7 + (i % 50)}`, value: 'abcd'[i % 4] });
    const ms = performance.now() - t;
    if (r.ok) waits.push(ms);
    else failures.push(`${r.error?.code}: ${r.error?.message}`);
    i++;
    await new Promise((res) => setTimeout(res, Math.max(0, 250 - ms)));
  }
})();
while (!done) {
  await new Promise((res) => setTimeout(res, 500));
  status = (await call('job/status', { jobId })).result;
  done = status?.state !== 'running' && status?.state !== 'queued';
}
const importSeconds = (performance.now() - importStart) / 1000;
await saver;
await server.close();
const check = openDatabase(dbPath);
const stored = check.get<{ n: number }>(
  "SELECT count(*) AS n FROM interviews WHERE source = 'import' AND status = 'final'",
)?.n;
check.close();
const sorted = [...waits].sort((a, b) => a - b);
const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
console.log(
  `import: ${status?.state} in ${importSeconds.toFixed(1)} s, ${stored} interviews stored; ` +
    `saves during it: ${waits.length + failures.length}, failed ${failures.length}; ` +
    `wait p50 ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms; load after ${load()}`,
);
for (const f of failures.slice(0, 5)) console.log(`  failed: ${f}`);
process.exitCode = failures.length === 0 && q(0.99) < 50 && status?.state === 'done' ? 0 : 1;
