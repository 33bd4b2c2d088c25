import { describe, expect, it } from 'vitest';
import { isSuppressed, publishFlags } from '../../../src/survey/flags.ts';

// NCHS data presentation standards for proportions (Parker et al. 2017), as methodology.md §2.7 states them.
const base = { df: 30, proportion: true, variance: 1e-4 };

describe('publishing flags for a proportion', () => {
  it('shows a well-measured estimate (n_eff 400, CI width 0.04)', () => {
    expect(publishFlags({ ...base, estimate: 0.2, nEff: 400, ci: [0.18, 0.22] })).toEqual([]);
  });
  it('suppresses an estimate whose effective sample size is below 30', () => {
    const f = publishFlags({ ...base, estimate: 0.2, nEff: 29.9, ci: [0.18, 0.22] });
    expect(f).toContain('suppress_n_eff');
    expect(isSuppressed(f)).toBe(true);
  });
  it('suppresses an interval 0.30 wide or wider', () => {
    expect(publishFlags({ ...base, estimate: 0.5, nEff: 40, ci: [0.35, 0.65] })).toContain('suppress_ci_width');
  });
  it('suppresses when the width is more than 130 % of the estimate (0.08 wide around 0.05)', () => {
    expect(publishFlags({ ...base, estimate: 0.05, nEff: 100, ci: [0.02, 0.1] })).toContain(
      'suppress_relative_ci_width',
    );
  });
  it('shows a narrow interval even when relative width is large (width ≤ 0.05)', () => {
    expect(publishFlags({ ...base, estimate: 0.01, nEff: 500, ci: [0.002, 0.04] })).toEqual([]);
  });
  it('asks for review when the design has fewer than 8 degrees of freedom', () => {
    const f = publishFlags({ ...base, df: 7, estimate: 0.2, nEff: 400, ci: [0.18, 0.22] });
    expect(f).toEqual(['review_df']);
    expect(isSuppressed(f)).toBe(false);
  });
  it('flags a 0 % estimate (no variance) instead of dividing by zero', () => {
    expect(publishFlags({ ...base, variance: 0, estimate: 0, nEff: 200, ci: [0, 0.018] })).toContain('zero_variance');
  });
});
