// A statistician weights the stored interviews of the bundled questionnaire to census targets kept in the
// database: the scheme is stored, run, and one weight per final interview is saved with its diagnostics.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../db/sqlite.ts';
import { prepareWeightingScheme, runWeightingScheme } from '../../../../src/analysis/weighting-run.ts';
import { dispatch } from '../../../../src/api/dispatch.ts';
import {
  BUNDLED_FORM_ID,
  BUNDLED_FORM_VERSION,
  bundledFormSource,
} from '../../../../src/form/bundled/civic-science-literacy.ts';
import { canonicalFormJson } from '../../../../src/form/canonical.ts';
import type { SqlDriver } from '../../../../src/store/driver.ts';
import { putForm } from '../../../../src/store/forms.ts';
import { finalizeInterview, saveAnswer, startInterview } from '../../../../src/store/interviews.ts';
import { listTargetSets, saveTargetSet } from '../../../../src/store/targets.ts';
import { listWeightingSchemes, storedWeights } from '../../../../src/store/weighting.ts';
import { tempDir } from '../../../helpers/tmp.ts';

// Six respondents: sex, age (age_group is the form's calculation, not stored), residence.
const PEOPLE: [string, string, string][] = [
  ['male', '34', 'urban'],
  ['male', '33', 'rural'],
  ['female', '22', 'urban'],
  ['female', '24', 'rural'],
  ['male', '22', 'urban'],
  ['female', '31', 'rural'],
];

function setup(people = PEOPLE): { db: SqlDriver; ids: string[] } {
  const db = openDatabase(join(tempDir(), 'weighting.sqlite'), { create: true });
  const form = bundledFormSource();
  putForm(db, {
    formId: BUNDLED_FORM_ID,
    version: BUNDLED_FORM_VERSION,
    title: 'civic science literacy',
    definition: canonicalFormJson(form),
    definitionChecksum: 'test',
  });
  const ids = people.map(([sex, age, residence]) => {
    const iv = startInterview(db, { formId: BUNDLED_FORM_ID, formVersion: BUNDLED_FORM_VERSION });
    saveAnswer(db, { interviewId: iv.interview_id, field: 'sex', value: sex });
    saveAnswer(db, { interviewId: iv.interview_id, field: 'age', value: age });
    if (residence) saveAnswer(db, { interviewId: iv.interview_id, field: 'residence', value: residence });
    finalizeInterview(db, iv.interview_id);
    return iv.interview_id;
  });
  // Census-like targets: cells stored as (age_group, sex) — the scheme asks for sex × age_group.
  saveTargetSet(db, {
    name: 'census2020-test',
    source: 'hand-made for the test',
    targets: [
      { variables: ['age_group', 'sex'], categories: ['30-34', 'male'], population: 1000 },
      { variables: ['age_group', 'sex'], categories: ['20-24', 'female'], population: 600 },
      { variables: ['age_group', 'sex'], categories: ['20-24', 'male'], population: 300 },
      { variables: ['age_group', 'sex'], categories: ['30-34', 'female'], population: 500 },
      { variables: ['residence'], categories: ['urban'], population: 1500 },
      { variables: ['residence'], categories: ['rural'], population: 900 },
      { variables: ['sex'], categories: ['male'], population: 1300 },
      { variables: ['sex'], categories: ['female'], population: 1100 },
    ],
  });
  return { db, ids };
}

describe('weighting schemes stored and run in the database', () => {
  it('post-stratifies to sex × age_group (age_group calculated from age), then trims, and stores the weights', () => {
    const { db, ids } = setup();
    const r = runWeightingScheme(db, {
      name: 'census cells, trimmed',
      definition: {
        formId: BUNDLED_FORM_ID,
        steps: [
          { step: 'poststratify', targetSet: 'census2020-test', vars: ['sex', 'age_group'] },
          { step: 'trim', lower: 0, upper: 450 },
        ],
      },
    });
    expect(r.interviews).toBe(6);
    // By hand: cells male 30-34 (2 people) 1000 → 500 each; female 20-24 (2) 600 → 300; male 20-24 (1) 300;
    // female 30-34 (1) 500. Trim at 450: three 500s → 450, excess 150 shared by the three others (+50 each).
    const expected = [450, 450, 350, 350, 350, 450];
    const stored = storedWeights(db, r.schemeId);
    ids.forEach((id, i) => {
      expect(stored.get(id)).toBeCloseTo(expected[i] as number, 9);
    });
    const [scheme] = listWeightingSchemes(db);
    expect(scheme?.weights).toBe(6);
    const diag = scheme?.diagnostics as {
      diagnostics: { step: string; max: number }[];
      targetSets: { name: string }[];
    };
    expect(diag.diagnostics.map((d) => d.step)).toEqual(['base', 'poststratify', 'trim']);
    expect(diag.diagnostics[1]?.max).toBeCloseTo(500, 9);
    expect(diag.targetSets[0]?.name).toBe('census2020-test');
  });

  it('rakes to sex and residence margins, meeting both, and re-runs a stored scheme by name', () => {
    const { db, ids } = setup();
    const definition = {
      steps: [
        { step: 'rake', targetSet: 'census2020-test', margins: [['sex'], ['residence']], maxit: 200, epsilon: 1e-9 },
      ],
    };
    const first = runWeightingScheme(db, { name: 'margins', definition });
    expect(first.converged).toBe(true);
    const again = runWeightingScheme(db, 'margins');
    expect(again.schemeId).toBe(first.schemeId);
    const w = storedWeights(db, again.schemeId);
    const total = (pick: (i: number) => boolean) =>
      ids.reduce((a, id, i) => a + (pick(i) ? (w.get(id) as number) : 0), 0);
    expect(total((i) => PEOPLE[i]![0] === 'male')).toBeCloseTo(1300, 6);
    expect(total((i) => PEOPLE[i]![2] === 'urban')).toBeCloseTo(1500, 6);
    // The prepared run carries the raking's variance adjustment for Taylor SEs.
    const prepared = prepareWeightingScheme(db, definition);
    expect(prepared.run.adjustments.map((a) => a.kind)).toEqual(['rake']);
    expect(prepared.interviewIds).toEqual([...ids].sort());
  });

  it('refuses to weight when an interview lacks a weighting variable, naming it, and stores nothing', () => {
    const { db, ids } = setup([...PEOPLE, ['female', '23', '']]);
    expect(() =>
      runWeightingScheme(db, {
        name: 'margins',
        definition: { steps: [{ step: 'rake', targetSet: 'census2020-test', margins: [['sex'], ['residence']] }] },
      }),
    ).toThrow(new RegExp(`"residence" is missing in 1 final interview\\(s\\) \\(first: ${ids[6]}\\)`));
    expect(listWeightingSchemes(db)).toEqual([]);
  });

  it('names the table a target set lacks', () => {
    const { db } = setup();
    expect(() =>
      runWeightingScheme(db, {
        name: 'x',
        definition: { steps: [{ step: 'poststratify', targetSet: 'census2020-test', vars: ['education'] }] },
      }),
    ).toThrow(/target set "census2020-test" has no targets for education \(it holds: .*age_group × sex/);
  });

  it('runs and lists through the API', async () => {
    const { db } = setup();
    const ctx = { db };
    const run = await dispatch(ctx, 'weighting/run', {
      name: 'cells',
      definition: { steps: [{ step: 'poststratify', targetSet: 'census2020-test', vars: ['sex', 'age_group'] }] },
    });
    expect(run.ok).toBe(true);
    const list = await dispatch(ctx, 'weighting/list', {});
    expect(list.ok && (list.result as { name: string }[]).map((s) => s.name)).toEqual(['cells']);
    const targets = await dispatch(ctx, 'targets/list', {});
    expect(targets.ok && (targets.result as { tables: string[][] }[])[0]?.tables).toEqual([
      ['age_group', 'sex'],
      ['residence'],
      ['sex'],
    ]);
    expect(listTargetSets(db)[0]?.totals).toEqual([2400, 2400, 2400]);
    const bad = await dispatch(ctx, 'weighting/run', { scheme: 'nope' });
    expect(bad).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'no weighting scheme "nope" in this database.' },
    });
  });
});
