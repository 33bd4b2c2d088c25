import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { dispatch } from '../../../src/api/dispatch.ts';
import { allFields } from '../../../src/form/model.ts';
import { FormRuntime } from '../../../src/form/runtime.ts';
import { ensureBundledForm, loadBundledForm } from '../../../src/node/bundled-form.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';

/** The printed estimates table (timings and paths removed), for comparing two runs. */
function tableOf(out: string): string {
  const lines = out.split('\n');
  const start = lines.findIndex((l) => l.startsWith('group '));
  const end = lines.findIndex((l) => l.startsWith('Unweighted'));
  return lines.slice(start, end + 1).join('\n');
}

describe('scilit demo: a newcomer surveys the synthetic city in one command', () => {
  const small = ['--respondents', '300', '--population', '60000', '--seed', '7'];
  let firstOut = '';

  it('stores the interviews, scores them and prints estimate, interval, truth and coverage per group', async () => {
    const dir = tempDir();
    const r = await runCli('demo', '--dir', dir, ...small);
    firstOut = r.out;
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/group\s+n\s+estimate %\s+95 % interval \(logit\)\s+true %\s+covered\?/);
    for (const g of ['overall', 'youth', 'farmer', 'worker', 'elderly', 'official', 'district 990102']) {
      // A tiny domain (officials in a sample of 300) may have no design df, hence no interval (as in R).
      expect(r.out).toMatch(
        new RegExp(
          `^${g}\\s+\\d+\\s+\\d+\\.\\d\\s+(\\d+\\.\\d – \\d+\\.\\d\\s+\\d+\\.\\d\\s+(yes|NO)|none \\(df -?\\d+\\)\\s+\\d+\\.\\d\\s+–)$`,
          'm',
        ),
      );
    }
    expect(r.out).toContain('every stored score of an honest surveyor agrees with the simulation');
    const file = join(dir, 'demo.sqlite');
    expect(existsSync(file)).toBe(true);

    // What the app would find in the database: final interviews with the design and the fieldwork recorded.
    const db = openDatabase(file, { readonly: true });
    try {
      const interviews = db.all<{
        interview_id: string;
        surveyor: string;
        device: string;
        stratum: string;
        psu: string;
        household: string;
        status: string;
        region_code: string;
      }>('SELECT * FROM interviews');
      const stored = Number(/stored (\d[\d,]*) interviews/.exec(r.out)![1]!.replace(/,/g, ''));
      expect(interviews.length).toBe(stored);
      expect(stored).toBeGreaterThan(240);
      expect(stored).toBeLessThan(420);
      expect(new Set(interviews.map((i) => i.status))).toEqual(new Set(['final']));
      expect(new Set(interviews.map((i) => i.region_code)).size).toBe(12);
      for (const i of interviews) {
        expect(i.stratum).toMatch(new RegExp(`^${i.region_code}-[UR]$`));
        expect(i.psu.startsWith(i.region_code)).toBe(true);
        expect(i.household.startsWith(i.psu)).toBe(true);
        expect(i.surveyor).toMatch(/^\d{6}-S\d$/);
        expect(i.device).toMatch(/^\d{6}-T\d$/);
      }
      // Every answer is one the interview screen would accept.
      const form = await loadBundledForm();
      const runtime = new FormRuntime(form);
      const fields = allFields(form).filter((f) => f.type !== 'note' && f.type !== 'calculate');
      for (const i of interviews.slice(0, 40)) {
        const answers: Record<string, string | null> = {};
        for (const a of db.all<{ field: string; value: string }>(
          'SELECT field, value FROM answers WHERE interview_id = ?',
          [i.interview_id],
        )) {
          answers[a.field] = a.value;
        }
        for (const f of fields) {
          const problem = runtime.validateAnswer(f.name, answers[f.name] ?? null, answers);
          if (problem) throw new Error(`${i.interview_id} ${f.name}=${answers[f.name]}: ${problem.message.en}`);
        }
      }
      const scores = db.get<{ n: number }>('SELECT count(*) AS n FROM scores');
      expect(scores?.n).toBe(stored);
    } finally {
      db.close();
    }
    const check = await runCli('check', '--db', file);
    expect(check.code).toBe(0);
  });

  it('prints the same estimates for the same seed', async () => {
    const again = await runCli('demo', '--dir', tempDir(), ...small);
    expect(tableOf(firstOut).length).toBeGreaterThan(200);
    expect(tableOf(again.out)).toBe(tableOf(firstOut));
  });

  it('refuses a population too small to be a city', async () => {
    const r = await runCli('demo', '--dir', tempDir(), '--population', '500');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--population must be a whole number ≥ 10000');
  });
});

describe('demo/load: the app fills a new database with the demo sample', () => {
  it('writes and scores the interviews, returns the truth, and refuses a database that already has data', async () => {
    const db = openDatabase(join(tempDir(), 'app.sqlite'), { create: true });
    try {
      await ensureBundledForm(db);
      const progress: number[] = [];
      const ctx = { db, progress: (f: number) => progress.push(f) };
      const r = await dispatch(ctx, 'demo/load', { respondents: 200, population: 50_000, seed: 3 });
      if (!r.ok) throw new Error(r.error.message);
      const result = r.result as { interviews: number; truth: { domain: string; ratio: number }[] };
      expect(result.interviews).toBeGreaterThan(150);
      expect(result.truth.find((t) => t.domain === 'overall')!.ratio).toBeGreaterThan(0.1);
      expect(db.get<{ n: number }>('SELECT count(*) AS n FROM interviews')?.n).toBe(result.interviews);
      expect(progress.at(-1)).toBe(1);
      const again = await dispatch(ctx, 'demo/load', { respondents: 200, population: 50_000 });
      expect(again.ok).toBe(false);
      if (!again.ok) expect(again.error.code).toBe('not_empty');
    } finally {
      db.close();
    }
  });
});
