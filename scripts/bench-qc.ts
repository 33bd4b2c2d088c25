/**
 * Benchmark (issue 24): with 100,000 final interviews, every quality check and the supervisor screen's first view
 * (qc/run through dispatch, as the screen calls it, its JSON included) under 3 s; the duplicate search not
 * quadratic (timed at a quarter, half and all of the interviews: the time should about double with the data).
 * The interviews are a synthetic city's fieldwork (src/simulate/), written through the interview API with three
 * planted bad surveyors. Run: npm run bench:qc [-- N]. BENCH_QC_DB=FILE keeps the built database and reuses it.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/sqlite.ts';
import { qcFormOf, qualityControl } from '../src/analysis/quality-control.ts';
import { dispatch } from '../src/api/dispatch.ts';
import { duplicateFlags } from '../src/quality/duplicates.ts';
import { defaultQcSettings } from '../src/quality/index.ts';
import { fastUnderMs } from '../src/quality/interview-checks.ts';
import { loadStoredForm } from '../src/scoring/stored-form.ts';
import { readQcInterviews } from '../src/store/quality.ts';
import { fieldedCity } from '../tests/helpers/fielded-city.ts';

const N = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'scilit-bench-qc-'));
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
try {
  const file = join(dir, 'bench.sqlite');
  const cached = process.env.BENCH_QC_DB;
  if (cached && existsSync(cached)) copyFileSync(cached, file);
  const db = openDatabase(file, { create: true });
  if (!(cached && existsSync(cached))) {
    const t = performance.now();
    // About 5 in 6 selected adults respond: ask for 6/5 N to have N interviews.
    const respondents = Math.round((N * 6) / 5);
    const { planted } = await fieldedCity(db, { respondents, population: Math.max(2_000_000, N * 30), seed: 2024 });
    console.log(
      `built ${N.toLocaleString('en')} interviews in ${((performance.now() - t) / 1000).toFixed(0)} s; planted ${JSON.stringify(planted)}`,
    );
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    if (cached) copyFileSync(file, cached);
  }
  const n = db.get<{ n: number }>("SELECT count(*) AS n FROM interviews WHERE status = 'final'")!.n;
  console.log(`${n.toLocaleString('en')} final interviews; load average ${loadavg()[0]!.toFixed(1)} before timing`);

  // Warm: the answer packs are filled by the first scoring; the OS cache holds the file.
  qualityControl(db);
  for (let run = 1; run <= 3; run++) {
    const c0 = cpu();
    const t0 = performance.now();
    const r = await dispatch({ db }, 'qc/run', {});
    if (!r.ok) throw new Error(r.error.message);
    const json = JSON.stringify(r.result);
    const wall = (performance.now() - t0) / 1000;
    const used = cpu() - c0;
    const stand = (
      r.result as { surveyors: { surveyors: { reasons: unknown[]; surveyor: string }[] } }
    ).surveyors.surveyors
      .filter((s) => s.reasons.length)
      .map((s) => s.surveyor);
    console.log(
      `run ${run}: every check + first view (qc/run, ${(json.length / 1e6).toFixed(1)} MB of JSON): ${wall.toFixed(2)} s wall, ${used.toFixed(2)} s CPU; surveyors flagged: ${stand.join(', ')}`,
    );
  }

  // The duplicate search alone on growing shares of the data.
  const row = db.get<{ form_id: string; version: string }>('SELECT form_id, version FROM forms LIMIT 1')!;
  const { form } = loadStoredForm(db, row.form_id, row.version);
  const s = defaultQcSettings();
  const qcForm = qcFormOf(form, ['dont_know']);
  const limits = new Map(qcForm.fields.map((f) => [f.name, fastUnderMs(f.labelLength, s.speeding)]));
  const all = readQcInterviews(db, form, qcForm, null, limits);
  for (const share of [0.25, 0.5, 1]) {
    const part = all.slice(0, Math.round(all.length * share));
    const t0 = performance.now();
    const flags = duplicateFlags(part, s.duplicates);
    console.log(
      `duplicate search on ${part.length.toLocaleString('en')} interviews: ${((performance.now() - t0) / 1000).toFixed(2)} s (${flags.length} flags)`,
    );
  }
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
