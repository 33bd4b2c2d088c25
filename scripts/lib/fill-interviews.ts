/**
 * A benchmark database of N interviews that look like fieldwork: the demo city surveyed through demo/load (the
 * bundled form, real answers, stored scores, strata, PSUs, districts), then copied with new ids, PSUs and
 * households up to N. Some copies become drafts (about 15 %) and some are voided (about 2 %), and the start
 * dates are spread over 90 days, so that the status and date filters of the Interviews screen have work to do.
 * Copies carry their answers but not their scores (a rescore would compute them; the list does not need them).
 */
import { copyFileSync, existsSync } from 'node:fs';
import { openDatabase } from '../../db/sqlite.ts';
import { dispatch } from '../../src/api/dispatch.ts';
import { ensureBundledForm } from '../../src/node/bundled-form.ts';

export interface FillResult {
  interviews: number;
  seconds: number;
  reused: boolean;
}

const DAY_MS = 86_400_000;
/** A copy's day plus a time of day that varies by row, so that the newest-first order is not one long tie. */
const AT = "strftime('%Y-%m-%dT%H:%M:%fZ', @at, '+' || (rowid * 37 % 86400) || ' seconds')";

/**
 * Fills `dbPath` (a new file) with `n` interviews. With `cache`, an existing cache file is copied instead of
 * building, and a fresh build is saved there for the next run.
 */
export async function fillInterviews(dbPath: string, n: number, cache?: string): Promise<FillResult> {
  const t0 = performance.now();
  if (cache && existsSync(cache)) {
    copyFileSync(cache, dbPath);
    const db = openDatabase(dbPath);
    const count = db.get<{ n: number }>('SELECT count(*) AS n FROM interviews')?.n ?? 0;
    db.close();
    return { interviews: count, seconds: (performance.now() - t0) / 1000, reused: true };
  }
  const db = openDatabase(dbPath, { create: true });
  await ensureBundledForm(db);
  const base = Math.min(20_000, n);
  const loaded = await dispatch({ db }, 'demo/load', { respondents: base, population: 2_000_000, seed: 2020 });
  if (!loaded.ok) throw new Error(`demo/load: ${loaded.error.message}`);
  const have = db.get<{ n: number }>('SELECT count(*) AS n FROM interviews')?.n ?? 0;
  // Newest first on the screen: copy k starts k days before the demo's own dates (within 90 days).
  const start = Date.now() - 90 * DAY_MS;
  db.transaction(() => {
    for (let k = 1; have * k < n; k++) {
      const left = n - have * k;
      db.run(
        `INSERT INTO interviews (interview_id, form_id, form_version, surveyor, device, region_code, stratum, psu,
           household, status, source, current_field, void_reason, started_at, updated_at, finalized_at, revision,
           content_hash, design_weight)
         SELECT interview_id || '~' || @k, form_id, form_version, surveyor, device, region_code, stratum,
           psu || '~' || @k, household || '~' || @k,
           CASE WHEN (rowid + @k) % 50 = 0 THEN 'void' WHEN (rowid + @k) % 7 = 0 THEN 'draft' ELSE status END,
           source,
           CASE WHEN (rowid + @k) % 50 != 0 AND (rowid + @k) % 7 = 0 THEN 'q20' END,
           CASE WHEN (rowid + @k) % 50 = 0 THEN 'duplicate household' END,
           ${AT}, ${AT}, CASE WHEN (rowid + @k) % 7 = 0 THEN NULL ELSE ${AT} END, revision,
           content_hash, design_weight
         FROM (SELECT rowid, * FROM interviews WHERE interview_id NOT LIKE '%~%' ORDER BY rowid LIMIT @left)`,
        { k, left, at: new Date(start + ((k * 7919) % 90) * DAY_MS + k * 1000).toISOString() },
      );
      db.run(
        `INSERT INTO answer_rows (interview_key, field, value, answered_at, duration_ms)
         SELECT copy.interview_key, a.field, a.value, a.answered_at, a.duration_ms
         FROM interviews orig JOIN answer_rows a ON a.interview_key = orig.interview_key
           JOIN interviews copy ON copy.interview_id = orig.interview_id || '~' || @k
         WHERE orig.interview_id NOT LIKE '%~%'`,
        { k },
      );
    }
  });
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  const count = db.get<{ n: number }>('SELECT count(*) AS n FROM interviews')?.n ?? 0;
  db.close();
  if (cache) copyFileSync(dbPath, cache);
  return { interviews: count, seconds: (performance.now() - t0) / 1000, reused: false };
}
