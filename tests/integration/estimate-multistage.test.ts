import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/sqlite.ts';
import { estimateLiteracy } from '../../src/analysis/estimate-literacy.ts';
import { tempDir } from '../helpers/tmp.ts';
import { loadCsv, readFixture, relClose } from '../unit/survey/r-fixtures.ts';

// Expected: scripts/r/core/multistage.R, svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2).
interface RRow {
  domain: Record<string, string>;
  estimate: number;
  se: number;
  df: number;
}
const apiclus2 = readFixture<{ cases: { id: string; results: RRow[] }[] }>('multistage.json').cases[0]!;

const form = {
  formId: 'api',
  version: '1',
  title: { en: 'api' },
  defaultLanguage: 'en',
  languages: [{ code: 'en', name: 'English' }],
  survey: [
    { kind: 'field', name: 'stype', type: 'text', label: { en: 'school type' } },
    { kind: 'field', name: 'fpc1', type: 'integer', label: { en: 'districts in the county' } },
    { kind: 'field', name: 'fpc2', type: 'integer', label: { en: 'schools in the district' } },
  ],
  choices: {},
  levels: [],
  groups: [],
};

/** apiclus2 stored as final interviews: district = PSU, school = household (second stage), fpc as answers. */
async function twoStageDatabase(): Promise<string> {
  const file = join(tempDir(), 'api.db');
  const data = await loadCsv('apiclus2.csv', ['yes', 'fpc1', 'fpc2'], ['dnum', 'snum', 'stype']);
  const label = (col: string, i: number) => data.factor(col).labels[data.factor(col).codes[i]!]!;
  // Weights as R's svydesign makes them from the fpc: (N1/n1) · (N2_j/n2_j).
  const n1 = data.factor('dnum').labels.length;
  const n2 = new Map<string, number>();
  for (let i = 0; i < data.n; i++) n2.set(label('dnum', i), (n2.get(label('dnum', i)) ?? 0) + 1);
  const db = openDatabase(file, { create: true });
  const now = '2025-06-01T00:00:00Z';
  db.transaction(() => {
    db.run(
      `INSERT INTO forms (form_id, version, title, definition, definition_checksum, imported_at)
       VALUES ('api', '1', 'api', ?, 'x', ?)`,
      [JSON.stringify(form), now],
    );
    db.run(`INSERT INTO scoring_schemes (scheme_id, name, definition, created_at) VALUES ('national', 'n', '{}', ?)`, [
      now,
    ]);
    const design = { design: { psu: 'psu', fpc: 'fpc1', stages: [{ unit: 'household', fpc: 'fpc2' }] }, steps: [] };
    db.run(
      `INSERT INTO weighting_schemes (scheme_id, name, definition, created_at) VALUES ('two', 'two-stage', ?, ?)`,
      [JSON.stringify(design), now],
    );
    for (let i = 0; i < data.n; i++) {
      const id = `iv-${String(i).padStart(4, '0')}`;
      db.run(
        `INSERT INTO interviews (interview_id, form_id, form_version, psu, household, status, started_at, updated_at)
         VALUES (?, 'api', '1', ?, ?, 'final', ?, ?)`,
        [id, label('dnum', i), label('snum', i), now, now],
      );
      for (const [f, v] of [
        ['stype', label('stype', i)],
        ['fpc1', String(data.number('fpc1')[i])],
        ['fpc2', String(data.number('fpc2')[i])],
      ] as const) {
        db.run('INSERT INTO answers (interview_id, field, value, answered_at) VALUES (?, ?, ?, ?)', [id, f, v, now]);
      }
      const lit = data.number('yes')[i]!;
      db.run(
        `INSERT INTO scores (interview_id, scheme_id, total, max_total, level, literate, dimensions, percent, vetoed,
           scored_at, result_key) VALUES (?, 'national', ?, 100, ?, ?, '{}', ?, 0, ?, 'h')`,
        [id, lit ? 80 : 40, lit ? 'literate' : 'low', lit, lit ? 80 : 40, now],
      );
      const w = (data.number('fpc1')[i]! / n1) * (data.number('fpc2')[i]! / n2.get(label('dnum', i))!);
      db.run('INSERT INTO weights (scheme_id, interview_id, weight) VALUES (?, ?, ?)', ['two', id, w]);
    }
  });
  db.close();
  return file;
}

describe('a two-stage design from the database (weighting scheme design with stages and fpc)', () => {
  it('gives R’s multistage SE (apiclus2: 0.06639), overall and by school type', async () => {
    const db = openDatabase(await twoStageDatabase());
    const r = estimateLiteracy(db, { weightingSchemeId: 'two', by: ['stype'], ci: 'mean' });
    for (const want of apiclus2.results) {
      const got = r.estimates.find((e) => JSON.stringify(e.domain) === JSON.stringify(want.domain))!;
      expect(got, JSON.stringify(want.domain)).toBeDefined();
      expect(relClose(got.estimate, want.estimate, 1e-8)).toBe(true);
      expect(relClose(got.se, want.se, 1e-8), `${JSON.stringify(want.domain)} SE ${got.se} vs R ${want.se}`).toBe(true);
      expect(got.df).toBe(want.df);
    }
    expect(r.estimates[0]!.se.toFixed(5)).toBe('0.06639');
    expect(r.notes.join(' ')).toMatch(/2 stage\(s\) with fpc/);
    db.close();
  });
});
