import { describe, expect, it } from 'vitest';
import type { Form } from '../../../src/form/model.ts';
import {
  nationalScheme,
  parseScheme,
  percentCorrectScheme,
  type ScoringScheme,
  schemeFromForm,
  scoreRespondent,
  validateScheme,
} from '../../../src/scoring/index.ts';
import { item, makeForm, sixAnswers, sixItemForm } from '../../fixtures/scoring/forms.ts';

const form = sixItemForm();
const score = (scheme: ScoringScheme, answers: Record<string, string | null>) => scoreRespondent(form, scheme, answers);

describe('the national 100-point rule (methodology §1.1)', () => {
  const ge = nationalScheme('>=');
  const gt = nationalScheme('>');
  // Points: k1 15, k2 25, m1 20, t1 20, a1 10, a2 10.
  const at55 = sixAnswers('k1', 'm1', 't1'); // 15 + 20 + 20 = 55
  const at70 = sixAnswers('k1', 'k2', 'm1', 'a1'); // 15 + 25 + 20 + 10 = 70
  const at85 = sixAnswers('k2', 'm1', 't1', 'a1', 'a2'); // 25 + 20 + 20 + 10 + 10 = 85
  const alsoAt55 = sixAnswers('k2', 'm1', 'a2'); // 25 + 20 + 10 = 55

  it('scores exactly on a boundary reach the level with ≥ and fall below it with >', () => {
    expect(score(ge, at55)).toMatchObject({ total: 55, level: 'basic', literate: false });
    expect(score(gt, at55)).toMatchObject({ total: 55, level: 'low', literate: false });
    expect(score(ge, at70)).toMatchObject({ total: 70, level: 'literate', literate: true });
    expect(score(gt, at70)).toMatchObject({ total: 70, level: 'basic', literate: false });
    expect(score(ge, at85)).toMatchObject({ total: 85, level: 'advanced', literate: true });
    expect(score(gt, at85)).toMatchObject({ total: 85, level: 'literate', literate: true });
  });

  it('scores between boundaries', () => {
    expect(score(ge, alsoAt55)).toMatchObject({ total: 55, level: 'basic' });
    // 15 + 25 + 10 = 50 is low.
    const at50b = sixAnswers('k1', 'k2', 'a1');
    expect(score(ge, at50b)).toMatchObject({ total: 50, level: 'low' });
    expect(score(ge, sixAnswers('k1', 'k2', 'm1', 't1', 'a1', 'a2'))).toMatchObject({
      total: 100,
      percent: 100,
      level: 'advanced',
    });
    expect(score(gt, sixAnswers())).toMatchObject({ total: 0, level: 'low' });
  });

  it('a veto answer fails the respondent whatever the score', () => {
    // Everything correct but t1 answered `a` (the veto answer): 15 + 25 + 20 + 10 + 10 = 80 points, level low.
    const s = score(ge, { ...sixAnswers('k1', 'k2', 'm1', 'a1', 'a2'), t1: 'a' });
    expect(s).toMatchObject({ total: 80, vetoed: true, vetoedBy: ['t1'], level: 'low', literate: false });
    // The same 80 points without the veto answer are literate.
    expect(score(ge, { ...sixAnswers('k1', 'k2', 'm1', 'a1', 'a2'), t1: 'd' })).toMatchObject({
      total: 80,
      level: 'literate',
      vetoed: false,
    });
  });

  it('veto answers of the scheme apply to unscored questions; form vetoes can be switched off', () => {
    const scheme = validateScheme({
      ...nationalScheme(),
      id: 'fortune-veto',
      vetoes: [{ field: 'fortune', answers: ['a', 'b'] }],
      formVetoes: false,
    });
    const all = sixAnswers('k1', 'k2', 'm1', 't1', 'a1', 'a2');
    expect(score(scheme, { ...all, fortune: 'b' })).toMatchObject({ total: 100, vetoed: true, level: 'low' });
    expect(score(scheme, { ...all, fortune: 'c' })).toMatchObject({ vetoed: false, level: 'advanced' });
    // formVetoes false: t1 = a is just a wrong answer. 100 − 20 = 80 → literate.
    expect(score(scheme, { ...all, t1: 'a' })).toMatchObject({ total: 80, vetoed: false, level: 'literate' });
  });

  it('a form whose items add up to 50 reports its own maximum and is judged on the rescaled 0–100 score', () => {
    const half: Form = makeForm([
      item('q1', 'select_one', { dimension: 'knowledge', points: 20, key: ['b'] }, 'abcd'),
      item('q2', 'select_one', { dimension: 'knowledge', points: 15, key: ['b'] }, 'abcd'),
      item('q3', 'select_one', { dimension: 'method', points: 15, key: ['b'] }, 'abcd'),
    ]);
    // q1 + q2 = 35 of 50 = 70 on the 0–100 scale: literate (≥ 70).
    const s = scoreRespondent(half, nationalScheme(), { q1: 'b', q2: 'b', q3: 'a' });
    expect(s).toMatchObject({ total: 35, max: 50, percent: 70, level: 'literate' });
    // On the raw-points scale 35 is below 55.
    const raw = validateScheme({ ...nationalScheme(), id: 'raw', scale: 'points' });
    expect(scoreRespondent(half, raw, { q1: 'b', q2: 'b', q3: 'a' }).level).toBe('low');
  });
});

describe('the percent-correct rule (2016 pilot: literate when ≥ 60 % of items are correct)', () => {
  const five: Form = makeForm(
    ['q1', 'q2', 'q3', 'q4', 'q5'].map((n, i) =>
      item(n, 'select_one', { dimension: i < 3 ? 'knowledge' : 'method', points: i + 1, key: ['b'] }, 'abcd'),
    ),
  );
  const answers = (k: number) =>
    Object.fromEntries(['q1', 'q2', 'q3', 'q4', 'q5'].map((n, i) => [n, i < k ? 'b' : 'a']));

  it('3 of 5 items = exactly 60 %: literate with ≥, not with >', () => {
    expect(scoreRespondent(five, percentCorrectScheme(60, '>='), answers(3))).toMatchObject({
      level: 'literate',
      literate: true,
      correct: 3,
    });
    expect(scoreRespondent(five, percentCorrectScheme(60, '>'), answers(3))).toMatchObject({
      level: 'not_literate',
      literate: false,
    });
    expect(scoreRespondent(five, percentCorrectScheme(60), answers(2)).literate).toBe(false);
    expect(scoreRespondent(five, percentCorrectScheme(60, '>'), answers(4)).literate).toBe(true);
  });

  it('counts items, not points, by default; `basis: points` uses the share of points', () => {
    // q1..q3 correct = 1 + 2 + 3 = 6 of 15 points = 40 %: not literate on points.
    const byPoints = validateScheme({ ...percentCorrectScheme(60), id: 'pc-points', basis: 'points' });
    expect(scoreRespondent(five, byPoints, answers(3))).toMatchObject({
      total: 6,
      max: 15,
      percent: 40,
      literate: false,
    });
  });
});

describe('the all-dimensions rule (every dimension passes its own threshold)', () => {
  const scheme = validateScheme({
    id: 'miller',
    name: 'All dimensions',
    rule: 'all_dimensions',
    dimensions: {
      knowledge: { min: 2, unit: 'items' }, // both knowledge items
      method: { min: 50, unit: 'percent' }, // m1
      thinking: { min: 0, comparison: '>', unit: 'points' }, // t1
    },
  });

  it('literate only when every listed dimension passes', () => {
    expect(score(scheme, sixAnswers('k1', 'k2', 'm1', 't1'))).toMatchObject({
      total: 80,
      literate: true,
      level: 'literate',
    });
    // Application is not listed: failing it does not matter; failing knowledge does, whatever the total.
    expect(score(scheme, sixAnswers('k2', 'm1', 't1', 'a1', 'a2'))).toMatchObject({
      total: 85,
      literate: false,
      level: 'not_literate',
    });
    expect(score(scheme, sixAnswers('k1', 'k2', 't1'))).toMatchObject({ literate: false }); // method 0 %
    expect(score(scheme, sixAnswers('k1', 'k2', 'm1'))).toMatchObject({ literate: false }); // thinking 0 > 0 fails
  });

  it('a dimension the form does not have is an error naming it', () => {
    const bad = validateScheme({ ...scheme, dimensions: { attitude: { min: 1 } } });
    expect(() => score(bad, {})).toThrow(/dimension "attitude"/);
  });
});

describe('schemes are data', () => {
  it('a form with a scoring sheet gives its own levels; without one, the national rule', () => {
    expect(schemeFromForm(form)).toEqual(nationalScheme());
    const own = schemeFromForm({
      ...form,
      levels: [
        { level: 'low', minScore: 0, comparison: '>=', label: { en: 'Low' } },
        { level: 'pass', minScore: 60, comparison: '>', label: { en: 'Pass' } },
      ],
    });
    expect(own).toMatchObject({
      id: 'form:test_form@1',
      levels: [{ level: 'pass', min: 60, comparison: '>' }],
      below: { level: 'low' },
      literateLevels: ['pass'],
    });
    // 15 + 25 + 20 = 60: not above 60.
    expect(score(own, sixAnswers('k1', 'k2', 'm1')).level).toBe('low');
    expect(score(own, sixAnswers('k1', 'k2', 'm1', 'a1')).level).toBe('pass');
  });

  it('a scheme file round-trips through JSON and bad files name what is wrong', () => {
    const text = JSON.stringify(nationalScheme('>'));
    expect(parseScheme(text)).toEqual(nationalScheme('>'));
    expect(() => parseScheme('{')).toThrow(/not valid JSON/);
    expect(() => parseScheme(JSON.stringify({ id: 'x', name: 'x', rule: 'points', levels: [] }))).toThrow(
      /levels: .*literateLevels/s,
    );
    expect(() => parseScheme(JSON.stringify({ ...nationalScheme(), literateLevels: ['expert'] }), 'my.json')).toThrow(
      /my.json: literateLevels names "expert"/,
    );
    expect(() => parseScheme(JSON.stringify({ ...nationalScheme(), levels: [{ level: 'a', min: 'x' }] }))).toThrow(
      /levels\.0\.min/,
    );
  });
});

describe('a scoring sheet that restates the national rule', () => {
  it('is the national scheme, so every form scored that way shares one scheme id', () => {
    const restated = schemeFromForm({
      ...form,
      levels: [
        { level: 'advanced', minScore: 85, comparison: '>=', label: {} },
        { level: 'literate', minScore: 70, comparison: '>=', label: {} },
        { level: 'basic', minScore: 55, comparison: '>=', label: {} },
        { level: 'low', minScore: 0, comparison: '>=', label: {} },
      ],
    });
    expect(restated.id).toBe('national-2021');
    const strict = schemeFromForm({
      ...form,
      levels: [
        { level: 'advanced', minScore: 85, comparison: '>', label: {} },
        { level: 'literate', minScore: 70, comparison: '>', label: {} },
        { level: 'basic', minScore: 55, comparison: '>', label: {} },
      ],
    });
    expect(strict.id).toBe('form:test_form@1');
    expect(strict.below.level).toBe('low');
  });
});
