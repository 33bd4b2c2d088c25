import { describe, expect, test } from 'vitest';
import { backcheckStats, compareBackcheck, drawBackchecks } from '../../../src/quality/backcheck.ts';

describe('drawing back-checks', () => {
  const interviews = [
    ...Array.from({ length: 10 }, (_, i) => ({ interviewId: `a${i}`, surveyor: 'A', flagged: i === 7 })),
    ...Array.from({ length: 3 }, (_, i) => ({ interviewId: `b${i}`, surveyor: 'B', flagged: false })),
  ];

  test('⌈share × n⌉ of each surveyor, at least one: 10 % of 10 is 1, of 3 is 1; 25 % of 10 is 3', () => {
    const count = (d: { interviewId: string }[], p: string) => d.filter((x) => x.interviewId.startsWith(p)).length;
    const ten = drawBackchecks(interviews, { share: 0.1, seed: 1, flaggedFirst: false });
    expect([count(ten, 'a'), count(ten, 'b')]).toEqual([1, 1]);
    const quarter = drawBackchecks(interviews, { share: 0.25, seed: 1, flaggedFirst: false });
    expect([count(quarter, 'a'), count(quarter, 'b')]).toEqual([3, 1]);
  });

  test('the same seed draws the same interviews whatever their order; another seed may not', () => {
    const a = drawBackchecks(interviews, { share: 0.3, seed: 7, flaggedFirst: false }).map((d) => d.interviewId);
    const b = drawBackchecks([...interviews].reverse(), { share: 0.3, seed: 7, flaggedFirst: false }).map(
      (d) => d.interviewId,
    );
    expect(new Set(a)).toEqual(new Set(b));
    const seeds = new Set(
      [1, 2, 3, 4, 5].map((seed) =>
        drawBackchecks(interviews, { share: 0.3, seed, flaggedFirst: false })
          .map((d) => d.interviewId)
          .sort()
          .join(),
      ),
    );
    expect(seeds.size).toBeGreaterThan(1);
  });

  test('flagged first: the flagged interview is always drawn, and said to be', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const d = drawBackchecks(interviews, { share: 0.1, seed, flaggedFirst: true });
      expect(d).toContainEqual({ interviewId: 'a7', reason: 'flagged' });
    }
  });
});

describe('comparing a back-check with its interview', () => {
  const questions = [
    { name: 'sex', kind: 'fact' as const },
    { name: 'age', kind: 'fact' as const, tolerance: 1 },
    { name: 'k1', kind: 'knowledge' as const },
    { name: 'k2', kind: 'knowledge' as const },
  ];
  const original: Record<string, string> = { sex: 'female', age: '34', k1: 'true', k2: 'solar wind' };

  test('age within a year and a multiple choice in another order agree; an unasked question is left out', () => {
    const c = compareBackcheck(
      {
        interviewId: 'x',
        surveyor: 'A',
        original: (f) => original[f],
        backcheck: (f) => ({ sex: 'female', age: '35', k2: 'wind solar' })[f],
      },
      questions,
    );
    expect(c.failed).toBe(false);
    expect(c.answers.map((a) => [a.name, a.agree])).toEqual([
      ['sex', true],
      ['age', true],
      ['k2', true],
    ]);
  });

  test('a different sex or an age two years off fails the back-check and says why; a knowledge answer does not', () => {
    const c = compareBackcheck(
      {
        interviewId: 'x',
        surveyor: 'A',
        original: (f) => original[f],
        backcheck: (f) => ({ sex: 'male', age: '36', k1: 'false' })[f],
      },
      questions,
    );
    expect(c.failed).toBe(true);
    expect(c.reason?.zh).toBe('回访时“sex”为 male（原为 female），“age”为 36（原为 34）');
    const knowledgeOnly = compareBackcheck(
      { interviewId: 'y', surveyor: 'A', original: (f) => original[f], backcheck: (f) => ({ k1: 'false' })[f] },
      questions,
    );
    expect(knowledgeOnly.failed).toBe(false);
  });

  test('discrepancy rates by kind, question and surveyor (bcstats tables), counted by hand', () => {
    const pair = (id: string, surveyor: string, answers: Record<string, string>) =>
      compareBackcheck(
        { interviewId: id, surveyor, original: (f) => original[f], backcheck: (f) => answers[f] },
        questions,
      );
    const stats = backcheckStats([
      pair('1', 'A', { sex: 'female', age: '34', k1: 'true' }), // facts 2/2 agree, knowledge 1/1
      pair('2', 'A', { sex: 'male', age: '34', k1: 'false' }), // facts 1 of 2 differ, knowledge 1 of 1 differs
      pair('3', 'B', { sex: 'female', age: '40', k2: 'solar' }), // age differs, k2 differs
    ]);
    // facts: 6 compared, 2 different; knowledge: 3 compared, 2 different
    expect(stats.byKind.fact).toEqual({ compared: 6, different: 2, rate: 2 / 6 });
    expect(stats.byKind.knowledge).toEqual({ compared: 3, different: 2, rate: 2 / 3 });
    expect(stats.byQuestion.find((q) => q.name === 'age')!.rate).toEqual({ compared: 3, different: 1, rate: 1 / 3 });
    const a = stats.bySurveyor.find((s) => s.surveyor === 'A')!;
    expect([a.backchecks, a.failed, a.fact.rate, a.knowledge.rate]).toEqual([2, 1, 1 / 4, 1 / 2]);
    const b = stats.bySurveyor.find((s) => s.surveyor === 'B')!;
    expect([b.backchecks, b.failed, b.fact.rate, b.knowledge.rate]).toEqual([1, 1, 1 / 2, 1]);
  });
});
