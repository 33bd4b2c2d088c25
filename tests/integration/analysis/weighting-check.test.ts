import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { checkWeighting } from '../../../src/analysis/weighting-check.ts';
import { dispatch } from '../../../src/api/dispatch.ts';
import { ensureBundledForm } from '../../../src/node/bundled-form.ts';
import type { SqlDriver } from '../../../src/store/driver.ts';
import { tempDir } from '../../helpers/tmp.ts';

async function call<T>(db: SqlDriver, name: string, args: unknown): Promise<T> {
  const r = await dispatch({ db }, name as never, args);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.result as T;
}

/**
 * After weighting, the statistician sees each target beside what the weights achieve, and is warned when the
 * targets cannot be this city's (issue 19: a city sample raked to national margins gave a weight total of
 * 995 million without a word).
 */
let file = '';
beforeAll(async () => {
  file = join(tempDir('scilit-check-'), 'survey.sqlite');
  const db = openDatabase(file, { create: true });
  try {
    await ensureBundledForm(db);
    await call(db, 'demo/load', { respondents: 300, population: 60_000, seed: 11 });
  } finally {
    db.close();
  }
}, 60_000);

describe('targets against what the weights achieve', () => {
  it('post-stratification meets its cells exactly; counts by hand', async () => {
    const db = openDatabase(file);
    try {
      await call(db, 'targets/save', {
        name: 'city sex',
        targets: [
          { variables: ['sex'], categories: ['male'], population: 30_500 },
          { variables: ['sex'], categories: ['female'], population: 29_500 },
        ],
      });
      await call(db, 'weighting/run', {
        name: 'by sex',
        definition: { steps: [{ step: 'poststratify', targetSet: 'city sex', vars: ['sex'] }] },
      });
      const c = checkWeighting(db, 'by sex');
      expect(c.margins).toHaveLength(1);
      const male = c.margins[0]!.rows.find((r) => r.categories[0] === 'male');
      const female = c.margins[0]!.rows.find((r) => r.categories[0] === 'female');
      expect(male!.target).toBe(30_500);
      expect(male!.achieved).toBeCloseTo(30_500, 6);
      expect(female!.achieved).toBeCloseTo(29_500, 6);
      // Interviews per category, counted directly from the answers.
      const n = (sex: string) =>
        db.get<{ n: number }>(
          `SELECT count(*) AS n FROM answers a JOIN interviews i ON i.interview_id = a.interview_id
           WHERE i.status = 'final' AND a.field = 'sex' AND a.value = ?`,
          [sex],
        )!.n;
      expect(male!.respondents).toBe(n('male'));
      expect(female!.respondents).toBe(n('female'));
      expect(c.weightTotal).toBeCloseTo(60_000, 6);
      // The demo records design weights that add up to its 60,000 adults: these targets fit, no warning.
      expect(c.designWeights).toBe(true);
      expect(c.warnings).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('national margins raked to one city: the weight total of 995 million is called out', async () => {
    const db = openDatabase(file);
    try {
      await call(db, 'targets/save', {
        name: 'national sex',
        targets: [
          { variables: ['sex'], categories: ['male'], population: 506_000_000 },
          { variables: ['sex'], categories: ['female'], population: 489_000_000 },
        ],
      });
      await call(db, 'weighting/run', {
        name: 'national',
        definition: { steps: [{ step: 'rake', targetSet: 'national sex', margins: [['sex']] }] },
      });
      const c = await call<ReturnType<typeof checkWeighting>>(db, 'weighting/check', { scheme: 'national' });
      expect(c.weightTotal).toBeCloseTo(995_000_000, 0);
      const codes = c.warnings.map((w) => w.code).sort();
      expect(codes).toEqual(['other_population', 'too_large_for_area']);
      const other = c.warnings.find((w) => w.code === 'other_population')!;
      // The design weights add up to about the city's 60,000 adults: 995 million is over 10,000 times that.
      expect(other.message.zh).toContain('995,000,000');
      expect(Number(String(other.values.ratio).replace(/[,×]/g, ''))).toBeGreaterThan(10_000);
      expect(c.warnings.find((w) => w.code === 'too_large_for_area')!.values.area).toBe('990100');
    } finally {
      db.close();
    }
  });

  it('edited targets whose margins disagree are refused in words', async () => {
    const db = openDatabase(file);
    try {
      const r = await dispatch({ db }, 'targets/save' as never, {
        name: 'bad',
        targets: [
          { variables: ['sex'], categories: ['male'], population: 30_000 },
          { variables: ['sex'], categories: ['female'], population: 30_000 },
          { variables: ['residence'], categories: ['urban'], population: 50_000 },
          { variables: ['residence'], categories: ['rural'], population: 20_000 },
        ],
      });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/margins' totals disagree/);
      expect(db.get('SELECT 1 AS x FROM target_sets WHERE name = ?', ['bad'])).toBeUndefined();
    } finally {
      db.close();
    }
  });
});
