import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';

// The synthetic city plants three bad surveyors (src/simulate/field-behaviour.ts); the quality checks must find
// exactly them, each for what they did, and the estimates that follow leave their interviews out.
describe('scilit demo: the supervisor’s quality control finds the planted surveyors', () => {
  it('flags the speeder, the straight-liner and the fabricator, and no one else', async () => {
    const r = await runCli(
      'demo',
      '--dir',
      tempDir(),
      '--respondents',
      '2000',
      '--population',
      '200000',
      '--seed',
      '11',
    );
    expect(r.code).toBe(0);
    const planted =
      /planted: (\S+) \(speeder\), (\S+) \(straight-liner\), (\S+) \(fabricator\); found 3 of 3, 0 honest surveyor\(s\) flagged/.exec(
        r.out,
      );
    expect(planted, r.out).not.toBeNull();
    const [, speeder, straightLiner, fabricator] = planted!;
    const reasonsOf = (who: string) => new RegExp(`^  ${who}: (.*)$`, 'm').exec(r.out)?.[1] ?? '';
    expect(reasonsOf(speeder!)).toMatch(/flagged for speeding/);
    expect(reasonsOf(straightLiner!)).toMatch(/flagged for straight-lining/);
    expect(reasonsOf(fabricator!)).toMatch(/flagged for near-duplicates/);
    expect(reasonsOf(fabricator!)).toMatch(/flagged for (overlapping interviews|too many a day)/);
    expect(r.out).toMatch(/3 surveyor\(s\) stand out/);
    expect(r.out).toMatch(/rejects the flagged surveyors' \d+ interviews/);
  });
});
