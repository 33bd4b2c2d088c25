/**
 * Benchmark: the Excel report of a 100,000-interview database must be written in under 30 s (issue 6).
 * Builds the database from the demo city (20,000 interviews through demo/load, the bundled form, strata, PSUs and
 * districts), then copies the interviews with new ids and PSUs up to N, weights them (rake to the 2020 census
 * margins sex × age group and residence × age group) and times report/export: first with 80,000 interviews still to score, then with scores current.
 * Run: npm run bench:report [-- N]. BENCH_REPORT_DB=FILE keeps the built database there and reuses it.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/sqlite.ts';
import { dispatch } from '../src/api/dispatch.ts';
import { base64ToBytes } from '../src/interchange/base64.ts';
import { ensureBundledForm } from '../src/node/bundled-form.ts';

const N = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'scilit-bench-report-'));

async function call(db: ReturnType<typeof openDatabase>, name: string, args: unknown) {
  const r = await dispatch({ db }, name as never, args);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.result as Record<string, unknown>;
}

try {
  const file = join(dir, 'bench.sqlite');
  const cached = process.env.BENCH_REPORT_DB;
  const reuse = cached !== undefined && existsSync(cached);
  if (reuse) copyFileSync(cached, file);
  const db = openDatabase(file, { create: true });
  const t0 = performance.now();
  if (!reuse) {
    await ensureBundledForm(db);
    await call(db, 'demo/load', { respondents: 20_000, population: 2_000_000, seed: 2020 });
    const base = db.get<{ n: number }>("SELECT count(*) AS n FROM interviews WHERE status = 'final'")!.n;
    const copies = Math.ceil(N / base) - 1;
    db.transaction(() => {
      for (let k = 1; k <= copies; k++) {
        const left = N - base * k;
        if (left <= 0) break;
        db.run(
          `INSERT INTO interviews (interview_id, form_id, form_version, surveyor, device, region_code, stratum, psu,
             household, status, source, started_at, updated_at, finalized_at, revision, content_hash, design_weight)
           SELECT interview_id || '~' || ?, form_id, form_version, surveyor, device, region_code, stratum,
             psu || '~' || ?, household, status, source, started_at, updated_at, finalized_at, revision,
             content_hash, design_weight
           FROM (SELECT * FROM interviews WHERE status = 'final' AND interview_id NOT LIKE '%~%'
                 ORDER BY interview_id LIMIT ?)`,
          [k, k, left],
        );
        db.run(
          `INSERT INTO answer_rows (interview_key, field, value, answered_at, duration_ms)
           SELECT copy.interview_key, a.field, a.value, a.answered_at, a.duration_ms
           FROM interviews orig JOIN answer_rows a ON a.interview_key = orig.interview_key
             JOIN interviews copy ON copy.interview_id = orig.interview_id || '~' || ?
           WHERE orig.interview_id NOT LIKE '%~%'`,
          [k],
        );
      }
    });
    await call(db, 'targets/ensureCensus', {});
    await call(db, 'weighting/run', {
      name: 'census rake',
      definition: {
        steps: [
          {
            step: 'rake',
            targetSet: 'census2020',
            margins: [
              ['sex', 'age_group'],
              ['residence', 'age_group'],
            ],
          },
        ],
      },
    }).catch((e) => console.log(`(not weighted: ${(e as Error).message})`));
    if (cached) {
      db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      copyFileSync(file, cached);
    }
  }
  const n = db.get<{ n: number }>("SELECT count(*) AS n FROM interviews WHERE status = 'final'")!.n;
  console.log(
    `database: ${n.toLocaleString('en')} final interviews, built in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  for (const what of ['first report (scores the new interviews)', 'second report (scores current)']) {
    const t = performance.now();
    const r = await call(db, 'report/export', { lonelyPsu: 'adjust' });
    const s = (performance.now() - t) / 1000;
    const bytes = base64ToBytes(r.dataBase64 as string);
    writeFileSync(join(dir, 'report.xlsx'), bytes);
    console.log(`${what}: ${s.toFixed(1)} s, ${(bytes.length / 1024).toFixed(0)} KiB (goal < 30 s)`);
  }
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
