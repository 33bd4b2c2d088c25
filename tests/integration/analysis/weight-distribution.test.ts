// A statistician trims weights relative to the mean weight and reads the weight distribution on the Weighting
// screen (weighting/run with trimRelative, weighting/distribution). Expected numbers worked by hand below.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import type { WeightDistribution } from '../../../src/analysis/weight-distribution.ts';
import { dispatch } from '../../../src/api/dispatch.ts';
import {
  BUNDLED_FORM_ID,
  BUNDLED_FORM_VERSION,
  bundledFormSource,
} from '../../../src/form/bundled/civic-science-literacy.ts';
import { canonicalFormJson } from '../../../src/form/canonical.ts';
import type { SqlDriver } from '../../../src/store/driver.ts';
import { putForm } from '../../../src/store/forms.ts';
import { finalizeInterview, saveAnswer, startInterview } from '../../../src/store/interviews.ts';
import { saveTargetSet } from '../../../src/store/targets.ts';
import { findWeightingScheme, storedWeights } from '../../../src/store/weighting.ts';
import { tempDir } from '../../helpers/tmp.ts';

// Six respondents (sex, age): cells male 30-34 ×2, female 20-24 ×2, male 20-24, female 30-34.
const PEOPLE: [string, string][] = [
  ['male', '34'],
  ['male', '33'],
  ['female', '22'],
  ['female', '24'],
  ['male', '22'],
  ['female', '31'],
];

function setup(): { db: SqlDriver; ids: string[] } {
  const db = openDatabase(join(tempDir(), 'weighting.sqlite'), { create: true });
  putForm(db, {
    formId: BUNDLED_FORM_ID,
    version: BUNDLED_FORM_VERSION,
    title: 'civic science literacy',
    definition: canonicalFormJson(bundledFormSource()),
    definitionChecksum: 'test',
  });
  const ids = PEOPLE.map(([sex, age]) => {
    const iv = startInterview(db, { formId: BUNDLED_FORM_ID, formVersion: BUNDLED_FORM_VERSION });
    saveAnswer(db, { interviewId: iv.interview_id, field: 'sex', value: sex });
    saveAnswer(db, { interviewId: iv.interview_id, field: 'age', value: age });
    finalizeInterview(db, iv.interview_id);
    return iv.interview_id;
  });
  saveTargetSet(db, {
    name: 'cells',
    source: 'hand-made for the test',
    targets: [
      { variables: ['age_group', 'sex'], categories: ['30-34', 'male'], population: 1000 },
      { variables: ['age_group', 'sex'], categories: ['20-24', 'female'], population: 600 },
      { variables: ['age_group', 'sex'], categories: ['20-24', 'male'], population: 300 },
      { variables: ['age_group', 'sex'], categories: ['30-34', 'female'], population: 500 },
    ],
  });
  return { db, ids };
}

const definition = {
  formId: BUNDLED_FORM_ID,
  steps: [{ step: 'poststratify', targetSet: 'cells', vars: ['sex', 'age_group'] }],
};

describe('weight diagnostics and trimming relative to the mean weight', () => {
  it('trims at 0.3× to 1.2× the mean weight: bounds stored in weights, histogram, quartiles, n_kish, deff', async () => {
    const { db, ids } = setup();
    const run = await dispatch({ db }, 'weighting/run', {
      name: 'cells trimmed',
      definition,
      trimRelative: { lower: 0.3, upper: 1.2 },
    });
    if (!run.ok) throw new Error(run.error.message);
    // By hand: post-stratified weights 500, 500, 300, 300, 300, 500 (Σ 2400, mean 400). Bounds 120 and 480:
    // three 500s → 480, the excess 3 × 20 = 60 goes to the three others (+20): 480 ×3, 320 ×3; Σ stays 2400.
    const trim = (run.result as { trim: { meanWeight: number; lowerWeight: number; upperWeight: number } }).trim;
    expect(trim.meanWeight).toBeCloseTo(400, 9);
    expect([trim.lowerWeight, trim.upperWeight]).toEqual([expect.closeTo(120, 9), expect.closeTo(480, 9)]);
    const row = findWeightingScheme(db, 'cells trimmed');
    if (!row) throw new Error('the scheme was not stored');
    const steps = (row.definition as { steps: { step: string; lower?: number; upper?: number }[] }).steps;
    expect(steps.at(-1)).toEqual({ step: 'trim', lower: expect.closeTo(120, 9), upper: expect.closeTo(480, 9) });
    const stored = storedWeights(db, row.schemeId);
    [480, 480, 320, 320, 320, 480].forEach((w, i) => {
      expect(stored.get(ids[i] as string)).toBeCloseTo(w, 9);
    });

    const r = await dispatch({ db }, 'weighting/distribution', { scheme: 'cells trimmed', bins: 2 });
    if (!r.ok) throw new Error(r.error.message);
    const d = r.result as WeightDistribution;
    expect(d.n).toBe(6);
    expect(d.mean).toBeCloseTo(400, 9);
    // Two bins of width 80 over [320, 480].
    expect(d.bins.map((b) => [b.from, b.to, b.count])).toEqual([
      [320, 400, 3],
      [400, 480, 3],
    ]);
    // Quartiles (R type 7) of 320 320 320 480 480 480: 320, 400, 480.
    expect([d.min, d.q1, d.median, d.q3, d.max].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([
      320, 320, 400, 480, 480,
    ]);
    // sd 80 → CV 0.2, deff 1 + 0.2² = 1.04, n_kish = 6 / 1.04 = 5.769…
    expect(d.cv).toBeCloseTo(0.2, 9);
    expect(d.deffKish).toBeCloseTo(1.04, 9);
    expect(d.nKish).toBeCloseTo(6 / 1.04, 9);
    expect(d.trim).toEqual({
      lower: expect.closeTo(120, 9),
      upper: expect.closeTo(480, 9),
      lowerRelative: expect.closeTo(0.3, 9),
      upperRelative: expect.closeTo(1.2, 9),
    });
    expect(d.steps.map((s) => s.step)).toEqual(['base', 'poststratify', 'trim']);
    expect(d.converged).toBe(true);
    db.close();
  });

  it('relative bounds must enclose the mean; a scheme never run has no distribution to show', async () => {
    const { db } = setup();
    const bad = await dispatch({ db }, 'weighting/run', {
      name: 'x',
      definition,
      trimRelative: { lower: 0.3, upper: 0.9 },
    });
    expect(bad.ok).toBe(false);
    const none = await dispatch({ db }, 'weighting/distribution', { scheme: 'nothing' });
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.error.message).toMatch(/no weighting scheme "nothing"/);
    db.close();
  });
});
