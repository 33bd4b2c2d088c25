import { describe, expect, it } from 'vitest';
import { analyseItems, cronbachAlpha } from '../../../src/scoring/index.ts';
import { item, makeForm } from '../../fixtures/scoring/forms.ts';

// Three one-point knowledge items and four respondents (1 = correct):
//        q1 q2 q3 | total
//   r1    1  1  1 |  3
//   r2    1  1  0 |  2
//   r3    1  0  0 |  1
//   r4   dk  0  0 |  0      (r4 answers "don't know" to q1)
const form = makeForm([
  item('q1', 'select_one', { dimension: 'knowledge', points: 1, key: ['b'] }, 'abcd'),
  item('q2', 'select_one', { dimension: 'knowledge', points: 1, key: ['b'] }, 'abcd'),
  item('q3', 'select_multiple', { dimension: 'knowledge', points: 1, key: ['w', 'x'] }, 'multi'),
]);
const respondents = [
  { q1: 'b', q2: 'b', q3: 'w x' },
  { q1: 'b', q2: 'b', q3: 'w' },
  { q1: 'b', q2: 'a', q3: 'y' },
  { q1: 'dont_know', q2: 'c', q3: null },
];

describe('item analysis of a small test', () => {
  it("Cronbach's alpha matches the formula worked by hand", () => {
    // Sample variances: q1 (1,1,1,0) 0.25; q2 (1,1,0,0) 1/3; q3 (1,0,0,0) 0.25 → Σ = 0.8333…
    // total (3,2,1,0): variance 5/3. α = 3/2 · (1 − 0.8333/1.6667) = 0.75.
    const a = analyseItems(form, respondents);
    expect(a.weighting).toBe('unweighted');
    expect(a.dimensions).toEqual([
      { dimension: 'knowledge', items: 3, maxPoints: 3, meanPoints: 1.5, alpha: expect.closeTo(0.75, 12) },
    ]);
    expect(a.alphaAll).toBeCloseTo(0.75, 12);
  });

  it('item–rest correlation, shares and choice distribution', () => {
    // q1 = (1,1,1,0), rest = q2 + q3 = (2,1,0,0): Σdxdy = 0.75, Σdx² = 0.75, Σdy² = 2.75 → r = 0.75/√2.0625.
    const a = analyseItems(form, respondents);
    const q1 = a.items[0]!;
    expect(q1.itemRest).toBeCloseTo(0.75 / Math.sqrt(2.0625), 12);
    expect(q1).toMatchObject({ shareCorrect: 0.75, shareWrong: 0, shareDontKnow: 0.25, shareUnanswered: 0 });
    expect(q1.choices).toEqual([
      { choice: 'a', share: 0 },
      { choice: 'b', share: 0.75 },
      { choice: 'c', share: 0 },
      { choice: 'd', share: 0 },
      { choice: 'dont_know', share: 0.25 },
    ]);
    const q3 = a.items[2]!;
    // select_multiple: w chosen by r1 and r2, x by r1, y by r3; r4 left it blank.
    expect(q3.choices.filter((c) => c.share > 0)).toEqual([
      { choice: 'w', share: 0.5 },
      { choice: 'x', share: 0.25 },
      { choice: 'y', share: 0.25 },
    ]);
    expect(q3).toMatchObject({ shareCorrect: 0.25, shareWrong: 0.5, shareUnanswered: 0.25 });
  });

  it('weights: a weight of 2 acts like the respondent counted twice, and the result says it is weighted', () => {
    // r1 twice: q1 (1,1,1,1,0) var 0.2; q2 (1,1,1,0,0) 0.3; q3 (1,1,0,0,0) 0.3; total (3,3,2,1,0) var 1.7.
    // α = 1.5 · (1 − 0.8/1.7) = 0.794117647…
    const a = analyseItems(form, respondents, { weights: new Float64Array([2, 1, 1, 1]) });
    expect(a.weighting).toBe('weighted');
    expect(a.sumWeights).toBe(5);
    expect(a.dimensions[0]!.alpha).toBeCloseTo(1.5 * (1 - 0.8 / 1.7), 12);
    expect(a.items[0]!.shareCorrect).toBeCloseTo(0.8, 12);
    const replicated = analyseItems(form, [respondents[0]!, ...respondents]);
    expect(a.items[0]!.itemRest).toBeCloseTo(replicated.items[0]!.itemRest!, 12);
  });

  it('alpha is undefined for one item or a total that does not vary', () => {
    expect(cronbachAlpha([new Float64Array([1, 0, 1])])).toBeNull();
    expect(cronbachAlpha([new Float64Array([1, 1]), new Float64Array([0, 0])])).toBeNull();
  });
});
