import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/sqlite.ts';
import { estimateLiteracy } from '../../src/analysis/estimate-literacy.ts';
import { dispatch } from '../../src/api/dispatch.ts';
import { getEstimateRun } from '../../src/store/estimate-runs.ts';
import { fitFayHerriot } from '../../src/survey/sae/fay-herriot.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { loadCsv, readFixture, relClose } from '../unit/survey/r-fixtures.ts';

// Expected numbers: scripts/r/core/estimates.R, case "synth literacy by group" (R survey 4.1 on synth_strat.csv).
interface RCase {
  id: string;
  results: { domain: Record<string, string>; estimate: number; se: number; df: number; n: number }[];
}
const rCase = readFixture<{ cases: RCase[] }>('estimates.json').cases.find(
  (c) => c.id === 'synth literacy by group',
) as RCase;

const form = {
  formId: 'synth',
  version: '1',
  title: { en: 'synthetic' },
  defaultLanguage: 'en',
  languages: [{ code: 'en', name: 'English' }],
  survey: [
    { kind: 'field', name: 'grp', type: 'text', label: { en: 'group' } },
    { kind: 'field', name: 'sex', type: 'text', label: { en: 'sex' } },
  ],
  choices: {},
  levels: [],
  groups: ['youth', 'farmer', 'worker', 'elderly', 'official', 'other'].map((g) => ({
    name: g,
    label: { en: g },
    rule: `\${grp} = '${g}'`,
  })),
};

/** A survey office's database: the synthetic sample stored as final interviews, scores and a weighting scheme. */
async function officeDatabase(): Promise<string> {
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
    db.run(
      `INSERT INTO weighting_schemes (scheme_id, name, definition, created_at) VALUES ('ws1', 'design', '{}', ?)`,
      [now],
    );
    for (let i = 0; i < data.n; i++) {
      const id = `iv-${i}`;
      db.run(
        `INSERT INTO interviews (interview_id, form_id, form_version, stratum, psu, status, started_at, updated_at)
         VALUES (?, 'synth', '1', ?, ?, 'final', ?, ?)`,
        [id, label('stratum', i), label('psu', i), now, now],
      );
      for (const f of ['grp', 'sex']) {
        db.run('INSERT INTO answers (interview_id, field, value, answered_at) VALUES (?, ?, ?, ?)', [
          id,
          f,
          label(f, i),
          now,
        ]);
      }
      const lit = data.number('literate')[i] as number;
      db.run(
        `INSERT INTO scores (interview_id, scheme_id, total, max_total, level, literate, dimensions, percent, vetoed,
           scored_at, result_key) VALUES (?, 'national', ?, 100, ?, ?, '{}', ?, 0, ?, 'h')`,
        [id, lit ? 80 : 40, lit ? 'literate' : 'low', lit, lit ? 80 : 40, now],
      );
      db.run('INSERT INTO weights (scheme_id, interview_id, weight) VALUES (?, ?, ?)', [
        'ws1',
        id,
        data.number('w')[i] as number,
      ]);
    }
  });
  db.close();
  return file;
}

describe('literacy estimates from stored interviews (estimateLiteracy)', () => {
  it('a statistician estimates literacy by key population: the numbers are R survey’s, and the run is saved', async () => {
    const file = await officeDatabase();
    const db = openDatabase(file);
    const r = estimateLiteracy(db, { by: 'group', weightingSchemeId: 'ws1', target: 0.15 });
    expect(r.weighted).toBe(true);
    expect(r.estimates.length).toBe(rCase.results.length);
    for (const expected of rCase.results) {
      const got = r.estimates.find((e) =>
        expected.domain.grp ? e.domain.group === expected.domain.grp : Object.keys(e.domain).length === 0,
      );
      expect(got, JSON.stringify(expected.domain)).toBeDefined();
      expect(relClose(got?.estimate as number, expected.estimate, 1e-8)).toBe(true);
      expect(relClose(got?.se as number, expected.se, 1e-8)).toBe(true);
      expect([got?.df, got?.n]).toEqual([expected.df, expected.n]);
    }
    expect(r.estimates[0]?.target?.target).toBe(0.15);
    const saved = getEstimateRun(db, r.runId);
    expect(JSON.parse(saved?.result as string).estimates[0].estimate).toBe(r.estimates[0]?.estimate);
    expect(JSON.parse(JSON.stringify(r)).estimates[1].domain).toEqual(r.estimates[1]?.domain);
    db.close();
  });

  it('without a weighting scheme every weight is 1, and the result says so; the CLI prints the same', async () => {
    const file = await officeDatabase();
    const res = await runCli('estimate', '--db', file, '--by', 'sex', '--format', 'json');
    expect(res.err).toBe('');
    const out = JSON.parse(res.out);
    expect(out.notes.join(' ')).toMatch(/unweighted/);
    expect(out.estimates.map((e: { domain: { sex?: string } }) => e.domain.sex)).toEqual([undefined, 'female', 'male']);
    const weighted = await runCli('estimate', '--db', file, '--scheme', 'design', '--format', 'json');
    const overall = rCase.results[0] as { estimate: number };
    expect(relClose(JSON.parse(weighted.out).estimates[0].estimate, overall.estimate, 1e-8)).toBe(true);
  });
});

describe('model-based district estimates (estimate/smallArea)', () => {
  it('a statistician gets Fay–Herriot estimates beside the direct ones (R survey’s), benchmarked and labelled', async () => {
    const file = await officeDatabase();
    const db = openDatabase(file);
    // The six groups stand in for districts; covariates as a census office would give them.
    const areas = ['elderly', 'farmer', 'official', 'other', 'worker', 'youth'];
    const covariates = areas.map((area, k) => ({
      area,
      values: { college: [0.05, 0.08, 0.6, 0.2, 0.15, 0.3][k]!, urban: [0.3, 0.1, 0.9, 0.6, 0.7, 0.8][k]! },
      population: [24000, 30000, 6000, 12000, 24000, 24000][k]!,
    }));
    const res = await dispatch({ db } as never, 'estimate/smallArea', {
      field: 'grp',
      covariates,
      weightingSchemeId: 'ws1',
      scale: 'linear',
    });
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    const out = res.result;
    for (const a of out.areas) {
      const r = rCase.results.find((x) => x.domain.grp === a.area)!;
      expect(relClose(a.direct!.estimate, r.estimate, 1e-8)).toBe(true);
      expect(relClose(a.direct!.se, r.se, 1e-8)).toBe(true);
      expect(a.label).toBe('model-based');
    }
    expect(relClose(out.overall.estimate, rCase.results[0]!.estimate, 1e-8)).toBe(true);
    const f = fitFayHerriot({
      y: Float64Array.from(out.areas, (a) => a.direct!.estimate),
      psi: Float64Array.from(out.areas, (a) => a.direct!.se ** 2),
      x: Float64Array.from(covariates.flatMap((c) => [1, c.values.college, c.values.urban])),
      p: 3,
    });
    out.areas.forEach((a, d) => {
      expect(a.estimate).toBeCloseTo(f.eblup[d]!, 12);
      expect(a.mse).toBeCloseTo(f.mse[d]!, 14);
    });
    db.close();
  });
});
