/**
 * Acceptance (issue 4): `scilit score` on a database of interviews of the bundled questionnaire gives, for ten
 * respondents whose answers were chosen and whose points were added up by hand, exactly the expected levels.
 *
 * The bundled form's items (100 points):
 *   knowledge   k01–k10 3 points each (30), k11 and k12 5 each (10)               = 40
 *   method      m01–m04 3 each (12), m05 and m06 4 each (8)                         = 20
 *   thinking    t01–t04 3 each (12), t05 and t06 4 each (8)                         = 20
 *   application a01–a04 3 each (12), a05 and a06 4 each (8)                         = 20
 * Levels (its scoring sheet = the national rule): advanced ≥ 85, literate ≥ 70, basic ≥ 55, low.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { allFields, type Form } from '../../../src/form/model.ts';
import { ensureBundledForm, loadBundledForm } from '../../../src/node/bundled-form.ts';
import { breakdownValue, groupMembership, listScores } from '../../../src/scoring/index.ts';
import { voidInterview } from '../../../src/store/interviews.ts';
import { interview } from '../../fixtures/scoring/interviews.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';

const POINTS: Record<string, number> = {
  k01_orbit: 3,
  k02_light_sound: 3,
  k03_antibiotics: 3,
  k04_baby_sex: 3,
  k05_electrons: 3,
  k06_dinosaurs: 3,
  k07_water: 3,
  k08_photosynthesis: 3,
  k09_seasons: 3,
  k10_boiling: 3,
  k11_renewable: 5,
  k12_vaccines: 5,
  m01_drug_trial: 3,
  m02_theory: 3,
  m03_probability: 3,
  m04_sample: 3,
  m05_reliable: 4,
  m06_fertilizer: 4,
  t01_conclusions: 3,
  t02_new_evidence: 3,
  t03_fortune: 3,
  t04_food_safety: 3,
  t05_spirit: 4,
  t06_advert: 4,
  a01_gas_leak: 3,
  a02_dog_bite: 3,
  a03_dosage: 3,
  a04_shelf_life: 3,
  a05_lightning: 4,
  a06_percent: 4,
};

let form: Form;
/** Item → its keyed answer, and a wrong (neither keyed nor "don't know") answer. */
const right: Record<string, string> = {};
const wrong: Record<string, string> = {};

/** Every item right except those listed, which are answered wrongly. */
const allRightBut = (...missed: string[]) => {
  const a: Record<string, string | null> = { ...right };
  for (const m of missed) a[m] = wrong[m]!;
  return a;
};
const byPrefix = (p: string) => Object.keys(POINTS).filter((k) => k.startsWith(p));
const demo = (age: number, occupation: string, sex = 'female') => ({
  age: String(age),
  sex,
  occupation,
  residence: 'rural',
  education: 'junior',
  region: '320321',
});

beforeAll(async () => {
  form = await loadBundledForm();
  for (const f of allFields(form)) {
    if (!f.scoring) continue;
    right[f.name] = f.scoring.key.join(' ');
    const other = form.choices[f.listName!]!.map((c) => c.name).find(
      (c) => !f.scoring!.key.includes(c) && c !== 'dont_know',
    );
    wrong[f.name] = other!;
  }
});

describe('scilit score on interviews of the bundled questionnaire', () => {
  it('the bundled form carries the points this test adds up', () => {
    const points = Object.fromEntries(
      allFields(form)
        .filter((f) => f.scoring)
        .map((f) => [f.name, f.scoring!.points]),
    );
    expect(points).toEqual(POINTS);
  });

  it('gives exactly the levels worked out by hand for ten respondents', async () => {
    const file = join(tempDir('scilit-accept-'), 'survey.sqlite');
    const db = openDatabase(file, { create: true });
    await ensureBundledForm(db);
    const dontKnow = Object.fromEntries(Object.keys(POINTS).map((k) => [k, 'dont_know']));
    const respondents: [string, Record<string, string | null>, number, string][] = [
      // R01 everything right: 100.
      ['R01', { ...demo(34, 'professional'), ...allRightBut() }, 100, 'advanced'],
      // R02 everything wrong: 0.
      ['R02', { ...demo(45, 'worker'), ...allRightBut(...Object.keys(POINTS)) }, 0, 'low'],
      // R03 "don't know" to everything: 0 (counted as don't know, not missing).
      ['R03', { ...demo(52, 'farmer'), ...dontKnow }, 0, 'low'],
      // R04 misses k01, k02, k03, m01, t01 = 3 × 5 = 15: 100 − 15 = 85, exactly on the boundary.
      [
        'R04',
        {
          ...demo(28, 'service'),
          ...allRightBut('k01_orbit', 'k02_light_sound', 'k03_antibiotics', 'm01_drug_trial', 't01_conclusions'),
        },
        85,
        'advanced',
      ],
      // R05 misses k11, k12 (5 + 5), m05, m06, t05, t06, a05 (4 × 5 = 20) = 30: 70, exactly.
      [
        'R05',
        {
          ...demo(41, 'official'),
          ...allRightBut(
            'k11_renewable',
            'k12_vaccines',
            'm05_reliable',
            'm06_fertilizer',
            't05_spirit',
            't06_advert',
            'a05_lightning',
          ),
        },
        70,
        'literate',
      ],
      // R06 misses k11, k12 (10), m05, m06, t05 (12), a01, a02, a03 (9) = 31: 69, one below.
      [
        'R06',
        {
          ...demo(37, 'worker', 'male'),
          ...allRightBut(
            'k11_renewable',
            'k12_vaccines',
            'm05_reliable',
            'm06_fertilizer',
            't05_spirit',
            'a01_gas_leak',
            'a02_dog_bite',
            'a03_dosage',
          ),
        },
        69,
        'basic',
      ],
      // R07 misses all of thinking (20) and application (20) and k11 (5) = 45: 55, exactly.
      [
        'R07',
        { ...demo(66, 'retired'), ...allRightBut(...byPrefix('t'), ...byPrefix('a'), 'k11_renewable') },
        55,
        'basic',
      ],
      // R08 misses thinking (20), application (20), m01 (3), k01 (3) = 46: 54.
      [
        'R08',
        {
          ...demo(23, 'student', 'male'),
          ...allRightBut(...byPrefix('t'), ...byPrefix('a'), 'm01_drug_trial', 'k01_orbit'),
        },
        54,
        'low',
      ],
      // R09 multiple choice: k11 misses a keyed choice (−5), k12 adds one (−5), m05 keyed choices in another
      // order (right), t05 "don't know" (−4), a05 never answered (−4): 100 − 18 = 82.
      [
        'R09',
        {
          ...demo(50, 'professional', 'male'),
          ...allRightBut(),
          k11_renewable: 'solar wind',
          k12_vaccines: 'measles hepatitis_b influenza myopia',
          m05_reliable: 'larger_sample control repeat',
          t05_spirit: 'dont_know',
          a05_lightning: null,
        },
        82,
        'literate',
      ],
      // R10 an elderly farmer: misses k01, m01, t01 (9) and says "don't know" to a01 (3): 88.
      [
        'R10',
        {
          ...demo(63, 'farmer', 'male'),
          ...allRightBut('k01_orbit', 'm01_drug_trial', 't01_conclusions'),
          a01_gas_leak: 'dont_know',
        },
        88,
        'advanced',
      ],
    ];
    for (const [id, answers] of respondents) {
      const a = { ...answers };
      for (const [k, v] of Object.entries(a)) if (v === null) delete a[k];
      interview(db, form, id, a);
    }
    interview(db, form, 'X-draft', allRightBut(), false); // a draft is not scored
    interview(db, form, 'X-void', allRightBut());
    voidInterview(db, 'X-void', 'interviewed the wrong household'); // nor is a voided interview
    db.close();

    const r = await runCli('score', '--db', file);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    // 3 advanced (R01, R04, R10), 2 literate (R05, R09), 2 basic (R06, R07), 3 low (R02, R03, R08).
    expect(r.out).toMatch(/advanced\s+3\s+30\.0 %/);
    expect(r.out).toMatch(/literate\s+2\s+20\.0 %/);
    expect(r.out).toMatch(/basic\s+2\s+20\.0 %/);
    expect(r.out).toMatch(/low\s+3\s+30\.0 %/);
    expect(r.out).toMatch(/total\s+10/);
    expect(r.out).toMatch(/literate: 5 \(50\.0 %, unweighted\)/);

    const check = openDatabase(file);
    const scores = listScores(check, 'national-2021');
    check.close();
    expect(scores.map((s) => [s.interviewId, s.total, s.level])).toEqual(
      respondents.map(([id, , total, level]) => [id, total, level]),
    );
  });

  it("the bundled form's groups and age bands", () => {
    expect(groupMembership(form, demo(63, 'farmer'))).toEqual(['farmer', 'elderly']);
    expect(groupMembership(form, demo(23, 'student'))).toEqual(['youth']);
    expect(groupMembership(form, demo(41, 'professional'))).toEqual([]);
    expect(breakdownValue(form, demo(63, 'farmer'), 'age_group')).toBe('60-64');
    expect(breakdownValue(form, demo(19, 'student'), ['sex', 'age_group'])).toBe('female × 18-19');
  });
});
