import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Form } from '../../../src/form/model.ts';
import { nationalScheme, scoreRespondent } from '../../../src/scoring/index.ts';
import { SIX_CORRECT, sixItemForm } from '../../fixtures/scoring/forms.ts';

const form = sixItemForm();
const scheme = { ...nationalScheme(), formVetoes: false };
const fields = Object.keys(SIX_CORRECT) as (keyof typeof SIX_CORRECT)[];

/** Any answer a stored interview could hold for each item, including don't know, blanks and junk. */
const answerFor: Record<string, fc.Arbitrary<string | null>> = {
  k1: fc.constantFrom('a', 'b', 'c', 'd', 'dont_know', '', null),
  k2: fc.constantFrom('true', 'false', 'dont_know', null),
  m1: fc
    .subarray(['w', 'x', 'y', 'z', 'dont_know'])
    .chain((s) => fc.shuffledSubarray(s, { minLength: s.length }))
    .map((s) => (s.length ? s.join(' ') : null)),
  t1: fc.constantFrom('a', 'b', 'c', 'd', 'dont_know', null),
  a1: fc.oneof(fc.integer({ min: -5, max: 30 }).map(String), fc.constant(null)),
  a2: fc.oneof(
    fc.double({ min: 0, max: 10, noNaN: true }).map((x) => x.toFixed(2)),
    fc.constant(null),
  ),
};
const answers = fc.record(answerFor);
const levelRank: Record<string, number> = { low: 0, basic: 1, literate: 2, advanced: 3 };

describe('properties of a score', () => {
  it('is within [0, max] and its dimensions add up to it', () => {
    fc.assert(
      fc.property(answers, (a) => {
        const s = scoreRespondent(form, scheme, a);
        expect(s.total).toBeGreaterThanOrEqual(0);
        expect(s.total).toBeLessThanOrEqual(s.max);
        const sum = Object.values(s.dimensions).reduce((x, d) => x + d.points, 0);
        expect(sum).toBeCloseTo(s.total, 9);
        expect(s.correct + s.wrong + s.dontKnow + s.unanswered).toBe(6);
      }),
    );
  });

  it('adding a correct answer never lowers the score or the level', () => {
    fc.assert(
      fc.property(answers, fc.constantFrom(...fields), (a, f) => {
        const before = scoreRespondent(form, scheme, a);
        const after = scoreRespondent(form, scheme, { ...a, [f]: SIX_CORRECT[f] });
        expect(after.total).toBeGreaterThanOrEqual(before.total);
        expect(levelRank[after.level]!).toBeGreaterThanOrEqual(levelRank[before.level]!);
      }),
    );
  });

  it('relabelling choices (names in the choice lists, keys and answers alike) does not change it', () => {
    const rename = (c: string) => `opt_${c.split('').reverse().join('')}`;
    const renamed: Form = {
      ...form,
      choices: Object.fromEntries(
        Object.entries(form.choices).map(([list, cs]) => [list, cs.map((c) => ({ ...c, name: rename(c.name) }))]),
      ),
      survey: form.survey.map((n) =>
        n.kind === 'field' && n.scoring && n.listName
          ? {
              ...n,
              scoring: { ...n.scoring, key: n.scoring.key.map(rename), veto: n.scoring.veto?.map(rename) },
            }
          : n,
      ),
    };
    const renamedScheme = { ...scheme, dontKnow: [rename('dont_know')] };
    fc.assert(
      fc.property(answers, (a) => {
        const relabelled: Record<string, string | null> = {};
        for (const [f, v] of Object.entries(a)) {
          const isChoice = f === 'k1' || f === 'k2' || f === 'm1' || f === 't1';
          relabelled[f] = v && isChoice ? v.split(' ').map(rename).join(' ') : v;
        }
        const s1 = scoreRespondent(form, scheme, a);
        const s2 = scoreRespondent(renamed, renamedScheme, relabelled);
        expect(s2.total).toBe(s1.total);
        expect(s2.level).toBe(s1.level);
        expect(s2.items.map((i) => i.outcome)).toEqual(s1.items.map((i) => i.outcome));
      }),
    );
  });
});
