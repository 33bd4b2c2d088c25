import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { interviewerCorrelation } from '../../../src/quality/surveyors.ts';

// Made by scripts/r/quality-icc.R: R's aov mean squares.
const R = JSON.parse(readFileSync(new URL('../../fixtures/quality/icc.json', import.meta.url), 'utf8')) as {
  surveyor: string[];
  score: number[];
  msb: number;
  msw: number;
  n0: number;
  rho: number;
};

describe('surveyor effects', () => {
  test('the intra-interviewer correlation equals the one from R aov mean squares (unequal workloads)', () => {
    const groups = new Map<string, number[]>();
    R.surveyor.forEach((s, i) => {
      groups.set(s, [...(groups.get(s) ?? []), R.score[i]!]);
    });
    const icc = interviewerCorrelation([...groups.values()]);
    expect(icc.msb).toBeCloseTo(R.msb, 9);
    expect(icc.msw).toBeCloseTo(R.msw, 9);
    expect(icc.n0).toBeCloseTo(R.n0, 12);
    expect(icc.rho).toBeCloseTo(R.rho, 12);
  });

  test('a hand calculation: two surveyors of two interviews each', () => {
    // groups {1, 3} and {5, 7}: grand mean 4; SSB = 2(2−4)² + 2(6−4)² = 16, MSB = 16/1; SSW = 1+1+1+1 = 4, MSW = 4/2 = 2;
    // n0 = (4 − 8/4)/1 = 2; ρ = (16 − 2)/(16 + 2) = 7/9
    const icc = interviewerCorrelation([
      [1, 3],
      [5, 7],
    ]);
    expect(icc.rho).toBeCloseTo(7 / 9, 14);
  });
});
