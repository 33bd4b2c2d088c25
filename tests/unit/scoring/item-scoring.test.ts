import { describe, expect, it } from 'vitest';
import { nationalScheme, scoreRespondent } from '../../../src/scoring/index.ts';
import { sixAnswers, sixItemForm } from '../../fixtures/scoring/forms.ts';

const form = sixItemForm();
const scheme = nationalScheme();

/** The outcome of one item when every other item is answered wrongly. */
function outcome(field: string, value: string | null) {
  const s = scoreRespondent(form, scheme, { ...sixAnswers(), [field]: value });
  const item = s.items.find((i) => i.field === field)!;
  return { outcome: item.outcome, points: item.points, total: s.total };
}

describe('an item is scored from the stored answer text', () => {
  it('single choice: only the keyed choice earns the points', () => {
    expect(outcome('k1', 'b')).toEqual({ outcome: 'correct', points: 15, total: 15 });
    expect(outcome('k1', 'a')).toEqual({ outcome: 'wrong', points: 0, total: 0 });
    expect(outcome('k1', 'dont_know')).toEqual({ outcome: 'dont_know', points: 0, total: 0 });
  });

  it('true/false', () => {
    expect(outcome('k2', 'true').points).toBe(25);
    expect(outcome('k2', 'false').outcome).toBe('wrong');
    expect(outcome('k2', 'dont_know').outcome).toBe('dont_know');
  });

  it('multiple choice: all and only the keyed choices, in any order', () => {
    expect(outcome('m1', 'w y').points).toBe(20);
    expect(outcome('m1', 'y w').points).toBe(20);
    expect(outcome('m1', 'w').outcome).toBe('wrong'); // one keyed choice missing
    expect(outcome('m1', 'w x y').outcome).toBe('wrong'); // an extra choice
    expect(outcome('m1', 'w y dont_know').outcome).toBe('wrong');
    expect(outcome('m1', 'dont_know').outcome).toBe('dont_know');
  });

  it('numeric with a tolerance: key 12 ± 1, and 3.5 ± 0.1 despite binary fractions', () => {
    expect(outcome('a1', '12').points).toBe(10);
    expect(outcome('a1', '11').points).toBe(10);
    expect(outcome('a1', '13').points).toBe(10);
    expect(outcome('a1', '14').outcome).toBe('wrong');
    expect(outcome('a1', '10').outcome).toBe('wrong');
    expect(outcome('a1', 'twelve').outcome).toBe('wrong');
    expect(outcome('a2', '3.6').points).toBe(10);
    expect(outcome('a2', '3.4').points).toBe(10);
    expect(outcome('a2', '3.61').outcome).toBe('wrong');
  });

  it('unanswered (absent, null or blank) scores 0 and is counted as unanswered, not missing', () => {
    expect(outcome('k1', null).outcome).toBe('unanswered');
    expect(outcome('k1', '  ').outcome).toBe('unanswered');
    const s = scoreRespondent(form, scheme, { k1: 'b', k2: 'dont_know', m1: 'dont_know' });
    // k1 15 correct; k2, m1 don't know; t1, a1, a2 unanswered.
    expect(s).toMatchObject({ total: 15, max: 100, percent: 15, correct: 1, wrong: 0, dontKnow: 2, unanswered: 3 });
    expect(s.itemCount).toBe(6);
    expect(s.level).toBe('low');
  });

  it('points add up per dimension', () => {
    // k1 15 + k2 25 = knowledge 40 (2 of 2 items); m1 wrong; t1 20; a1 10, a2 wrong.
    const s = scoreRespondent(form, scheme, sixAnswers('k1', 'k2', 't1', 'a1'));
    expect(s.dimensions).toEqual({
      knowledge: { points: 40, max: 40, correct: 2, items: 2 },
      method: { points: 0, max: 20, correct: 0, items: 1 },
      thinking: { points: 20, max: 20, correct: 1, items: 1 },
      application: { points: 10, max: 20, correct: 1, items: 2 },
    });
    expect(s.total).toBe(70);
  });
});
