import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { estimateLiteracy } from '../../../src/analysis/estimate-literacy.ts';
import { runWeightingScheme } from '../../../src/analysis/weighting-run.ts';
import { saveTargetSet } from '../../../src/store/targets.ts';
import { storedWeights } from '../../../src/store/weighting.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { loadCsv, readFixture, relClose } from '../../unit/survey/r-fixtures.ts';

// Expected numbers: scripts/r/core/db-raked.R — R survey 4.1 rakes the same rows (synth_strat.csv) to the same
// targets, so its SEs residualize through the raking (svyrecvar's postStrata).
interface RRow {
  group: string | null;
  estimate: number;
  se: number;
  deff: number;
  df: number;
  n: number;
  sum_w: number;
  ci: [number, number];
}
const fixture = readFixture<{
  targets: { variables: string[]; categories: string[]; population: number }[];
  weights: number[];
  results: RRow[];
}>('db-raked.json');

const groups = ['youth', 'farmer', 'worker', 'elderly', 'official', 'other'];
const form = {
  formId: 'synth',
  version: '1',
  title: { en: 'synthetic' },
  defaultLanguage: 'en',
  languages: [{ code: 'en', name: 'English' }],
  survey: ['grp', 'sex', 'w'].map((name) => ({ kind: 'field', name, type: 'text', label: { en: name } })),
  choices: {},
  levels: [],
  groups: groups.map((g) => ({ name: g, label: { en: g }, rule: `\${grp} = '${g}'` })),
};

/** The synthetic sample as final interviews with their scores; the design weight is the answer `w`. */
async function surveyDatabase(): Promise<string> {
  const file = join(tempDir(), 'survey.db');
  const data = await loadCsv('synth_strat.csv', ['w', 'literate'], ['stratum', 'psu', 'grp', 'sex']);
  const db = openDatabase(file, { create: true });
  const now = '2025-06-01T00:00:00Z';
  const label = (col: string, i: number) => {
    const f = data.factor(col);
    return f.labels[f.codes[i] as number] as string;
  };
  db.transaction(() => {
    db.run(
      `INSERT INTO forms (form_id, version, title, definition, definition_checksum, imported_at)
       VALUES ('synth', '1', 'synthetic', ?, 'x', ?)`,
      [JSON.stringify(form), now],
    );
    db.run(`INSERT INTO scoring_schemes (scheme_id, name, definition, created_at) VALUES ('national', 'n', '{}', ?)`, [
      now,
    ]);
    for (let i = 0; i < data.n; i++) {
      const id = `iv-${String(i).padStart(4, '0')}`;
      db.run(
        `INSERT INTO interviews (interview_id, form_id, form_version, stratum, psu, status, started_at, updated_at)
         VALUES (?, 'synth', '1', ?, ?, 'final', ?, ?)`,
        [id, label('stratum', i), label('psu', i), now, now],
      );
      const answers: [string, string][] = [
        ['grp', label('grp', i)],
        ['sex', label('sex', i)],
        ['w', String(data.number('w')[i])],
      ];
      for (const [f, v] of answers) {
        db.run('INSERT INTO answers (interview_id, field, value, answered_at) VALUES (?, ?, ?, ?)', [id, f, v, now]);
      }
      const lit = data.number('literate')[i] as number;
      db.run(
        `INSERT INTO scores (interview_id, scheme_id, total, max_total, level, literate, dimensions, percent, vetoed,
           scored_at, result_key) VALUES (?, 'national', ?, 100, ?, ?, '{}', ?, 0, ?, 'h')`,
        [id, lit ? 80 : 40, lit ? 'literate' : 'low', lit, lit ? 80 : 40, now],
      );
    }
  });
  db.close();
  return file;
}

describe('literacy from a raked database equals R survey on the same rows, SEs through the raking', () => {
  it('stores targets and a raking scheme, runs it, and estimates literacy by key population', async () => {
    const db = openDatabase(await surveyDatabase());
    saveTargetSet(db, { name: 'city 2025', source: 'test', targets: fixture.targets });
    const run = runWeightingScheme(db, {
      name: 'raked to city margins',
      definition: {
        base: { field: 'w', kind: 'weight' },
        steps: [{ step: 'rake', targetSet: 'city 2025', margins: [['sex'], ['grp']] }],
      },
    });
    expect(run.converged).toBe(true);
    expect(run.interviews).toBe(fixture.weights.length);
    // Rows are stored in CSV order under zero-padded ids, so weights line up with R's.
    const stored = storedWeights(db, run.schemeId);
    fixture.weights.forEach((w, i) => {
      expect(relClose(stored.get(`iv-${String(i).padStart(4, '0')}`) as number, w, 1e-9)).toBe(true);
    });

    const r = estimateLiteracy(db, { by: 'group', weightingSchemeId: run.schemeId });
    expect(r.estimates.length).toBe(fixture.results.length);
    for (const expected of fixture.results) {
      const got = r.estimates.find((e) =>
        expected.group ? e.domain.group === expected.group : Object.keys(e.domain).length === 0,
      );
      const where = expected.group ?? 'overall';
      expect(got, where).toBeDefined();
      expect(relClose(got!.estimate, expected.estimate, 1e-8), `${where} estimate`).toBe(true);
      expect(relClose(got!.se, expected.se, 1e-7), `${where} SE ${got!.se} vs R ${expected.se}`).toBe(true);
      expect(relClose(got!.deff as number, expected.deff, 1e-6), `${where} deff`).toBe(true);
      expect([got!.df, got!.n], where).toEqual([expected.df, expected.n]);
      expect(relClose(got!.ci[0] as number, expected.ci[0], 1e-6), `${where} CI ${got!.ci}`).toBe(true);
      expect(relClose(got!.ci[1] as number, expected.ci[1], 1e-6), `${where} CI ${got!.ci}`).toBe(true);
    }
    db.close();
  });
});
