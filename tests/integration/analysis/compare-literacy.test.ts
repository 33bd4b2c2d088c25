import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import type { LiteracyComparison } from '../../../src/analysis/compare-literacy.ts';
import type { LiteracyProfile } from '../../../src/analysis/literacy-profile.ts';
import { dispatch } from '../../../src/api/dispatch.ts';
import type { SqlDriver } from '../../../src/store/driver.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { loadCsv, readFixture, relClose } from '../../unit/survey/r-fixtures.ts';

/**
 * A statistician compares two groups of one survey, or two waves, through estimate/compare — the numbers the
 * Results screen shows. Expected values: R survey 4.1 (scripts/r/core/quantiles-compare.R: svycontrast over
 * svyratio on synth_strat.csv), p-values from R's 2·pt(−|d/se|, df); the waves by hand.
 */
interface RPair {
  first: string;
  second: string;
  difference: number;
  se: number;
  df: number;
  ci: [number, number];
}
const rPairs = readFixture<{ domains: RPair[] }>('quantiles-compare.json').domains;
// R: 2 * pt(-abs(difference / se), 24) for the two pairs above.
const rPValues: Record<string, number> = { 'youth-elderly': 4.16411506496633e-5, 'female-youth': 7.56409100489389e-4 };

const formOf = (version: string) =>
  JSON.stringify({
    formId: 'synth',
    version,
    title: { en: 'synthetic' },
    defaultLanguage: 'en',
    languages: [{ code: 'en', name: 'English' }],
    survey: [
      { kind: 'field', name: 'grp', type: 'text', label: { en: 'group' } },
      { kind: 'field', name: 'sex', type: 'text', label: { en: 'sex' } },
      {
        kind: 'field',
        name: 'k1',
        type: 'integer',
        label: { en: 'item' },
        scoring: { dimension: 'knowledge', points: 40, key: ['1'] },
      },
    ],
    choices: {},
    levels: [],
    groups: ['youth', 'farmer', 'worker', 'elderly', 'official', 'other'].map((g) => ({
      name: g,
      label: { en: g },
      rule: `\${grp} = '${g}'`,
    })),
  });

const now = '2025-06-01T00:00:00Z';
function insertRespondent(
  db: SqlDriver,
  r: { id: string; version: string; stratum?: string; psu?: string; answers: Record<string, string> },
  literate: boolean,
  weight?: number,
) {
  db.run(
    `INSERT INTO interviews (interview_id, form_id, form_version, stratum, psu, status, started_at, updated_at)
     VALUES (?, 'synth', ?, ?, ?, 'final', ?, ?)`,
    [r.id, r.version, r.stratum ?? null, r.psu ?? null, now, now],
  );
  for (const [field, value] of Object.entries(r.answers)) {
    db.run('INSERT INTO answers (interview_id, field, value, answered_at) VALUES (?, ?, ?, ?)', [
      r.id,
      field,
      value,
      now,
    ]);
  }
  db.run(
    `INSERT INTO scores (interview_id, scheme_id, total, max_total, level, literate, dimensions, percent, vetoed,
       scored_at, result_key) VALUES (?, 'national', ?, 100, ?, ?, ?, ?, 0, ?, 'h')`,
    [
      r.id,
      literate ? 80 : 40,
      literate ? 'literate' : 'low',
      literate ? 1 : 0,
      `{"knowledge":${literate ? 40 : 0}}`,
      literate ? 80 : 40,
      now,
    ],
  );
  if (weight !== undefined) {
    db.run("INSERT INTO weights (scheme_id, interview_id, weight) VALUES ('ws1', ?, ?)", [r.id, weight]);
  }
}

function emptyDatabase(versions: string[]): SqlDriver {
  const db = openDatabase(join(tempDir(), 'survey.db'), { create: true });
  for (const v of versions) {
    db.run(
      `INSERT INTO forms (form_id, version, title, definition, definition_checksum, imported_at)
       VALUES ('synth', ?, 'synthetic', ?, 'x', ?)`,
      [v, formOf(v), now],
    );
  }
  db.run(`INSERT INTO scoring_schemes (scheme_id, name, definition, created_at) VALUES ('national', 'n', '{}', ?)`, [
    now,
  ]);
  db.run(`INSERT INTO weighting_schemes (scheme_id, name, definition, created_at) VALUES ('ws1', 'design', '{}', ?)`, [
    now,
  ]);
  return db;
}

/** The synthetic stratified, clustered sample with its design weights (as R reads synth_strat.csv). */
async function stratifiedSurvey(): Promise<SqlDriver> {
  const data = await loadCsv('synth_strat.csv', ['w', 'literate'], ['stratum', 'psu', 'grp', 'sex']);
  const label = (col: string, i: number) => {
    const f = data.factor(col);
    return f.labels[f.codes[i] as number] as string;
  };
  const db = emptyDatabase(['1']);
  db.transaction(() => {
    for (let i = 0; i < data.n; i++) {
      insertRespondent(
        db,
        {
          id: `iv-${i}`,
          version: '1',
          stratum: label('stratum', i),
          psu: label('psu', i),
          answers: { grp: label('grp', i), sex: label('sex', i) },
        },
        data.number('literate')[i] === 1,
        data.number('w')[i] as number,
      );
    }
  });
  return db;
}

async function compare(db: SqlDriver, args: unknown): Promise<LiteracyComparison> {
  const r = await dispatch({ db }, 'estimate/compare', args);
  if (!r.ok) throw new Error(r.error.message);
  return r.result as LiteracyComparison;
}

describe('comparing the literacy share of two groups or two waves (estimate/compare)', () => {
  it('two key populations of one survey: difference, SE, interval and p-value are R survey’s', async () => {
    const db = await stratifiedSurvey();
    const r = await compare(db, {
      compare: 'domains',
      first: { group: 'youth' },
      second: { group: 'elderly' },
      weightingSchemeId: 'ws1',
    });
    const expected = rPairs.find((p) => p.first === 'youth' && p.second === 'elderly') as RPair;
    expect(relClose(r.difference.difference, expected.difference, 1e-8)).toBe(true);
    expect(relClose(r.difference.se, expected.se, 1e-8)).toBe(true);
    expect(r.difference.df).toBe(expected.df);
    expect(relClose(r.difference.ci[0], expected.ci[0], 1e-6)).toBe(true);
    expect(relClose(r.difference.ci[1], expected.ci[1], 1e-6)).toBe(true);
    expect(relClose(r.difference.pValue, rPValues['youth-elderly'] as number, 1e-6)).toBe(true);
    // The interval lies above 0: youth are more often literate than the elderly.
    expect([r.difference.above, r.difference.below]).toEqual([true, false]);
    // Each side's own estimate is the one estimate/run gives for the group.
    const run = await dispatch({ db }, 'estimate/run', { by: 'group', weightingSchemeId: 'ws1' });
    if (!run.ok) throw new Error(run.error.message);
    const byGroup = (run.result as { estimates: { domain: { group?: string }; estimate: number }[] }).estimates;
    expect(r.first.estimate).toBe(byGroup.find((e) => e.domain.group === 'youth')?.estimate);
    expect(r.second.estimate).toBe(byGroup.find((e) => e.domain.group === 'elderly')?.estimate);
    expect(r.first.estimate - r.second.estimate).toBeCloseTo(r.difference.difference, 14);
    db.close();
  });

  it('a breakdown category against an overlapping key population (women and youth): R’s linearized variance', async () => {
    const db = await stratifiedSurvey();
    const r = await compare(db, {
      compare: 'domains',
      first: { field: 'sex', value: 'female' },
      second: { group: 'youth' },
      weightingSchemeId: 'ws1',
    });
    const expected = rPairs.find((p) => p.first === 'female') as RPair;
    expect(relClose(r.difference.difference, expected.difference, 1e-8)).toBe(true);
    expect(relClose(r.difference.se, expected.se, 1e-8)).toBe(true);
    expect(relClose(r.difference.pValue, rPValues['female-youth'] as number, 1e-6)).toBe(true);
    expect(r.notes.join(' ')).toMatch(/overlap/);
    db.close();
  });

  it('a group nobody belongs to is refused with a message naming it', async () => {
    const db = await stratifiedSurvey();
    const r = await dispatch({ db }, 'estimate/compare', {
      compare: 'domains',
      first: { group: 'youth' },
      second: { field: 'sex', value: 'unknown' },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/sex = unknown has no scored respondents/);
    db.close();
  });

  it('two waves (questionnaire versions) are independent samples: V = V₁ + V₂, worked by hand', async () => {
    const db = emptyDatabase(['2025.1', '2026.1']);
    // Wave 2025.1: 10 respondents, 4 literate; wave 2026.1: 20 respondents, 14 literate; weight 1, no clusters.
    db.transaction(() => {
      for (let i = 0; i < 10; i++) {
        insertRespondent(db, { id: `a${i}`, version: '2025.1', answers: { grp: 'youth', sex: 'male' } }, i < 4);
      }
      for (let i = 0; i < 20; i++) {
        insertRespondent(db, { id: `b${i}`, version: '2026.1', answers: { grp: 'youth', sex: 'male' } }, i < 14);
      }
    });
    const r = await compare(db, {
      compare: 'waves',
      first: { formVersion: '2025.1' },
      second: { formVersion: '2026.1' },
    });
    // Simple random samples: V(p̂) = p(1 − p)/(n − 1): 0.24/9 and 0.21/19; df = min(9, 19) = 9.
    expect(r.first.estimate).toBeCloseTo(0.4, 14);
    expect(r.second.estimate).toBeCloseTo(0.7, 14);
    expect(r.difference.difference).toBeCloseTo(-0.3, 14);
    expect(r.difference.se).toBeCloseTo(Math.sqrt(0.24 / 9 + 0.21 / 19), 12);
    expect(r.difference.df).toBe(9);
    // R: -0.3 + c(-1, 1) * qt(0.975, 9) * se; 2 * pt(-0.3 / se, 9).
    expect(r.difference.ci[0]).toBeCloseTo(-0.739343875085403, 9);
    expect(r.difference.ci[1]).toBeCloseTo(0.139343875085403, 9);
    expect(r.difference.pValue).toBeCloseTo(0.15682135479874, 8);
    expect([r.difference.above, r.difference.below]).toEqual([false, false]);
    expect(r.weighted).toBe(false);
    db.close();
  });

  it('the profile gives level shares and dimension scores on the same design (hand-checked, unweighted)', async () => {
    const db = emptyDatabase(['2025.1']);
    db.transaction(() => {
      for (let i = 0; i < 10; i++) {
        insertRespondent(db, { id: `a${i}`, version: '2025.1', answers: { grp: 'youth', sex: 'male' } }, i < 4);
      }
    });
    const r = await dispatch({ db }, 'estimate/profile', {});
    if (!r.ok) throw new Error(r.error.message);
    const p = r.result as LiteracyProfile;
    expect(p.levels.map((l) => [l.literacyLevel, l.estimate])).toEqual([
      ['literate', 0.4],
      ['low', 0.6],
    ]);
    // Knowledge: 4 respondents with 40 points of 40 → mean 16; SE √(s²/n) with s² = 10·0.24·40²/9.
    const knowledge = p.dimensions.find((d) => d.dimension === 'knowledge');
    expect(knowledge?.max).toBe(40);
    expect(knowledge?.estimate).toBeCloseTo(16, 12);
    expect(knowledge?.se).toBeCloseTo(Math.sqrt((0.24 * 1600) / 9), 10);
    expect(p.percent.estimate).toBeCloseTo(0.4 * 80 + 0.6 * 40, 12);
    db.close();
  });
});
