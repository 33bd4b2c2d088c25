// Each check on interviews built by hand, with the flags worked out by hand in the comments.
import { describe, expect, test } from 'vitest';
import { nearDuplicateGroups } from '../../../src/quality/duplicates.ts';
import { defaultQcSettings, type QcForm, type QcInterview, runQualityChecks } from '../../../src/quality/index.ts';
import { longestSamePositionRun } from '../../../src/quality/interview-checks.ts';

// A small form: age, occupation, then six scored single-choice questions of three choices (true/false/don't know)
// and two of four choices. Every label is 20 characters: reading time 20 × 200 ms = 4 s, "too fast" under 2 s.
const TF = ['true', 'false', 'dont_know'];
const ABCD = ['a', 'b', 'c', 'dont_know'];
const form: QcForm = {
  dontKnow: new Set(['dont_know']),
  fields: [
    { name: 'age', type: 'integer', labelLength: 20, scored: false, alwaysAsked: true },
    {
      name: 'occupation',
      type: 'select_one',
      labelLength: 20,
      scored: false,
      alwaysAsked: true,
      choices: ['farmer', 'student', 'retired'],
    },
    ...[1, 2, 3, 4, 5, 6].map((i) => ({
      name: `k${i}`,
      type: 'select_one',
      labelLength: 20,
      scored: true,
      alwaysAsked: true,
      choices: TF,
    })),
    ...[7, 8].map((i) => ({
      name: `k${i}`,
      type: 'select_one',
      labelLength: 20,
      scored: true,
      alwaysAsked: true,
      choices: ABCD,
    })),
  ],
};

let seq = 0;
function interview(over: Partial<QcInterview> & { answers: string[] }): QcInterview {
  seq++;
  return {
    id: `iv${seq}`,
    surveyor: 'S1',
    regionCode: '110101',
    stratum: 'A',
    psu: `P${seq}`,
    household: `H${seq}`,
    source: 'field',
    // 10:00 Beijing time = 02:00 UTC
    startedAt: `2026-10-12T02:${String(seq % 60).padStart(2, '0')}:00.000Z`,
    finalizedAt: null,
    designWeight: 1,
    timing: { totalMs: 600_000, timed: over.answers.length, fast: 0 }, // 10 minutes in all
    changes: 0,
    literate: null,
    percent: null,
    ...over,
  };
}

const run = (ivs: QcInterview[], settings = defaultQcSettings()) => runQualityChecks(ivs, form, settings);
const checksOf = (r: ReturnType<typeof run>, id: string) =>
  r.flags
    .filter((f) => f.interviewId === id)
    .map((f) => f.check)
    .sort();

describe('interview checks', () => {
  test('speeding: 10 questions at 1.5 s each is 15 s in all, under 8 minutes', () => {
    const iv = interview({ answers: ['35', 'farmer', 'true', 'false', 'true', 'false', 'a', 'b', 'c', 'a'] });
    const r = run([{ ...iv, timing: { totalMs: 10 * 1500, timed: 10, fast: 10 } }]);
    const f = r.flags.find((x) => x.check === 'speeding')!;
    expect(f.value).toBeCloseTo(0.25, 10); // 15 000 ms = 0.25 min
    expect(f.reason.zh).toContain('0.3 分钟');
  });

  test('speeding by reading time: 6 of 10 questions too fast (60 % > 50 %), total still over 8 minutes', () => {
    const iv = interview({ answers: ['35', 'farmer', 'true', 'false', 'true', 'false', 'true', 'false', 'a', 'b'] });
    // four questions of 2.5 minutes (10 min) and six of 1.9 s, each under its 2 s (tests/integration/quality)
    const r = run([{ ...iv, timing: { totalMs: 4 * 150_000 + 6 * 1900, timed: 10, fast: 6 } }]);
    const f = r.flags.find((x) => x.check === 'speeding')!;
    expect(f.value).toBeCloseTo(0.6, 12);
    expect(f.reason.zh).toBe('6 / 10 题（60%）的用时不到读题所需时间的 50%');
    // 5 of 10 = 50 % is not over 50 %
    const half = { ...iv, timing: { totalMs: 5 * 150_000 + 5 * 1900, timed: 10, fast: 5 } };
    expect(run([half]).flags.filter((x) => x.check === 'speeding')).toHaveLength(0);
  });

  test('an office file records no times: never speeding', () => {
    const iv = interview({ answers: ['35', 'farmer', 'true', 'false', 'true', 'false', 'true', 'false', 'a', 'b'] });
    const r = run([{ ...iv, source: 'import', timing: null }]);
    expect(r.flags).toHaveLength(0);
  });

  test('straight-lining counts runs of the same position across single-choice questions', () => {
    // occupation 'farmer' is position 1, then k1..k6 'true' (position 1) and k7, k8 'a' (position 1): a run of 9
    const iv = interview({ answers: ['35', 'farmer', 'true', 'true', 'true', 'true', 'true', 'true', 'a', 'a'] });
    expect(longestSamePositionRun(iv, form)).toEqual({ run: 9, position: 0 });
    const s = defaultQcSettings();
    expect(run([iv], s).flags.map((f) => f.check)).not.toContain('straight_lining'); // 9 < 10
    s.straightLining.minRun = 9;
    const f = run([iv], s).flags.find((x) => x.check === 'straight_lining')!;
    expect(f.reason.zh).toBe('连续 9 道单选题都选了第 1 个选项');
    // a blank breaks the run: 'farmer', true×3 | '' | true×2, a, a → longest 4
    const broken = interview({ answers: ['35', 'farmer', 'true', 'true', 'true', '', 'true', 'true', 'a', 'a'] });
    expect(longestSamePositionRun(broken, form).run).toBe(4);
  });

  test("don't know: 5 of 8 scored questions is 62.5 % > 60 %; 4 of 8 is not", () => {
    const dk = interview({
      answers: ['35', 'farmer', 'dont_know', 'dont_know', 'dont_know', 'dont_know', 'true', 'false', 'dont_know', 'a'],
    });
    const f = run([dk]).flags.find((x) => x.check === 'dont_know')!;
    expect(f.value).toBe(5 / 8);
    const four = interview({
      answers: ['35', 'farmer', 'dont_know', 'dont_know', 'dont_know', 'dont_know', 'true', 'false', 'b', 'a'],
    });
    expect(checksOf(run([four]), four.id)).not.toContain('dont_know');
  });

  test('missing: 3 of 10 always-asked questions blank is 30 % > 20 %', () => {
    const iv = interview({ answers: ['35', 'farmer', '', '', '', 'false', 'true', 'false', 'b', 'a'] });
    const f = run([iv]).flags.find((x) => x.check === 'missing')!;
    expect(f.value).toBeCloseTo(0.3, 12);
    expect(f.reason.zh).toBe('3 / 10 道必问题没有回答（30%）');
  });

  test('consistency: a supervisor rule over the form’s fields', () => {
    const s = defaultQcSettings();
    s.consistency = [
      {
        name: 'old_student',
        rule: "${occupation} = 'student' and ${age} >= 40",
        reason: { zh: '40岁以上的学生', en: 'student aged 40+' },
      },
      { name: 'unknown_field', rule: '${income} > 100', reason: { zh: 'x', en: 'x' } },
    ];
    const student45 = interview({
      answers: ['45', 'student', 'true', 'false', 'true', 'false', 'true', 'false', 'b', 'a'],
    });
    const student39 = interview({
      answers: ['39', 'student', 'true', 'false', 'true', 'false', 'true', 'false', 'b', 'a'],
    });
    const r = run([student45, student39], s);
    expect(checksOf(r, student45.id)).toEqual(['consistency']);
    expect(checksOf(r, student39.id)).toEqual([]);
    expect(r.skippedRules).toEqual(['unknown_field']);
  });
});

describe('checks across interviews', () => {
  const base = ['35', 'farmer', 'true', 'false', 'dont_know', 'false', 'true', 'false', 'b', 'c'];
  test('identical answers, near-duplicates within 2 differences, and not at 3', () => {
    const s = defaultQcSettings();
    s.duplicates.minAnswers = 5;
    const a = interview({ answers: base });
    const same = interview({ answers: [...base] });
    const two = interview({
      answers: ['36', 'farmer', 'true', 'false', 'dont_know', 'false', 'true', 'false', 'b', 'a'],
    });
    const three = interview({
      answers: ['37', 'student', 'true', 'false', 'dont_know', 'false', 'true', 'false', 'c', 'c'],
    });
    const r = run([a, same, two, three], s);
    // One flag per interview, with one of its copies.
    expect(checksOf(r, a.id)).toEqual(['duplicate']);
    expect(checksOf(r, same.id)).toEqual(['duplicate']);
    expect(checksOf(r, two.id)).toEqual(['near_duplicate']);
    // three differs from a (and same) in age, occupation and k7: 3 > 2; from two also in k8: 4
    expect(checksOf(r, three.id)).toEqual([]);
    const g = nearDuplicateGroups([a.answers, same.answers, two.answers, three.answers], 2);
    expect([...g.partner]).toEqual([1, 0, 0, -1]); // two's first partner found is a
    expect([...g.differences]).toEqual([0, 0, 2, -1]);
    expect(g.group[0]).toBe(g.group[2]);
    expect(g.groupSize).toEqual([3]);
    expect(r.flags.find((f) => f.interviewId === two.id)!.reason.zh).toBe(
      `答案与问卷 ${a.id} 只有 2 题不同（调查员 S1）；共 2 份问卷与它相同或近似`,
    );
  });

  test('the banded search finds every vector that has another within d, as a full comparison does (random vectors)', () => {
    let x = 12345;
    const rnd = () => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      return x / 2 ** 31;
    };
    const vectors = Array.from({ length: 400 }, () => Array.from({ length: 12 }, () => String(Math.floor(rnd() * 2))));
    const diff = (i: number, j: number) => vectors[i]!.filter((v, k) => v !== vectors[j]![k]).length;
    for (const d of [0, 1, 2, 3]) {
      const g = nearDuplicateGroups(vectors, d);
      for (let i = 0; i < vectors.length; i++) {
        const has = vectors.some((_, j) => j !== i && diff(i, j) <= d);
        expect(g.partner[i] !== -1, `vector ${i}, d ${d}`).toBe(has);
        if (has) expect(diff(i, g.partner[i]!)).toBe(g.differences[i]);
      }
    }
  });

  test('a fabricator’s 2,000 copies of one respondent are found without comparing every pair', () => {
    const template = Array.from({ length: 30 }, (_, k) => String(k % 3));
    const copies = Array.from({ length: 2000 }, (_, i) => {
      const v = [...template];
      v[i % 30] = 'x';
      v[(i * 7) % 30] = 'y';
      return v;
    });
    const t0 = performance.now();
    const g = nearDuplicateGroups(copies, 2);
    expect([...g.partner].every((p) => p !== -1)).toBe(true);
    expect(g.groupSize.reduce((a, b) => a + b, 0)).toBe(2000);
    // All pairs would be 2 million comparisons; the search stops at each copy's first partner.
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  test('out of hours in local time (UTC+8): 23:30 and 06:59 flagged, 07:00 and 21:59 not', () => {
    const at = (utc: string) => interview({ answers: base, startedAt: utc });
    const late = at('2026-10-12T15:30:00.000Z'); // 23:30
    const early = at('2026-10-11T22:59:00.000Z'); // 06:59
    const seven = at('2026-10-11T23:00:00.000Z'); // 07:00
    const ten = at('2026-10-12T13:59:00.000Z'); // 21:59
    const s = defaultQcSettings();
    s.duplicates.minAnswers = 100;
    const r = run([late, early, seven, ten], s);
    expect(checksOf(r, late.id)).toContain('out_of_hours');
    expect(checksOf(r, early.id)).toContain('out_of_hours');
    expect(checksOf(r, seven.id)).not.toContain('out_of_hours');
    expect(checksOf(r, ten.id)).not.toContain('out_of_hours');
  });

  test('overlap: a second interview started before the first was finalized; same household twice', () => {
    const s = defaultQcSettings();
    s.duplicates.minAnswers = 100;
    const first = interview({
      answers: base,
      startedAt: '2026-10-12T02:00:00.000Z',
      finalizedAt: '2026-10-12T02:30:00.000Z',
    });
    const second = interview({
      answers: base,
      startedAt: '2026-10-12T02:20:00.000Z',
      finalizedAt: '2026-10-12T02:50:00.000Z',
    });
    const third = interview({
      answers: base,
      startedAt: '2026-10-12T02:50:00.000Z',
      finalizedAt: '2026-10-12T03:20:00.000Z',
      psu: second.psu,
      household: second.household,
    });
    const r = run([first, second, third], s);
    expect(checksOf(r, second.id)).toEqual(['overlap', 'same_household']);
    expect(r.flags.find((f) => f.check === 'overlap')!.other).toBe(first.id);
    expect(checksOf(r, third.id)).toEqual(['same_household']); // starts exactly when the second ends: no overlap
    expect(checksOf(r, first.id)).toEqual([]);
  });

  test('more than 15 interviews by one surveyor in a local day', () => {
    const s = defaultQcSettings();
    s.duplicates.minAnswers = 100;
    const day = Array.from({ length: 16 }, (_, i) =>
      interview({
        answers: base,
        startedAt: `2026-10-12T0${Math.floor(i / 6)}:${String((i % 6) * 10).padStart(2, '0')}:00.000Z`,
      }),
    );
    const r = run(day, s);
    expect(r.byCheck.too_many_per_day).toBe(16);
    expect(run(day.slice(0, 15), s).byCheck.too_many_per_day).toBeUndefined();
  });
});
