/**
 * Publishing flags (methodology.md §2.7): the NCHS data presentation standard for proportions
 * (Parker et al. 2017, Vital Health Stat 2(175)), with n_eff = p̂(1 − p̂)/V capped at n.
 * Rules in order: n_eff < 30 → suppress; CI width ≤ 0.05 → show; width ≥ 0.30 → suppress;
 * width / p̂ > 130 % → suppress. Independently: df < 8 → review.
 * Non-proportions (means of scores, totals, ratios) only get the df rule.
 */
export type PublishFlag =
  | 'suppress_n_eff'
  | 'suppress_ci_width'
  | 'suppress_relative_ci_width'
  | 'review_df'
  | 'zero_variance'
  | 'no_interval';

export interface FlagInput {
  estimate: number;
  nEff: number;
  ci: readonly [number, number] | null;
  df: number;
  /** A proportion (the variable is 0/1). */
  proportion: boolean;
  variance: number;
}

export function publishFlags(e: FlagInput): PublishFlag[] {
  const flags: PublishFlag[] = [];
  if (e.proportion) {
    const width = e.ci ? e.ci[1] - e.ci[0] : Number.NaN;
    if (e.nEff < 30) flags.push('suppress_n_eff');
    else if (!Number.isFinite(width)) flags.push('no_interval');
    else if (width <= 0.05) {
      // shown
    } else if (width >= 0.3) flags.push('suppress_ci_width');
    else if (width / e.estimate > 1.3) flags.push('suppress_relative_ci_width');
  }
  if (!(e.df >= 8)) flags.push('review_df');
  if (e.variance === 0 || (e.proportion && (e.estimate === 0 || e.estimate === 1))) flags.push('zero_variance');
  return flags;
}

/** A suppressed estimate shows a mark, never a number, in every export. */
export function isSuppressed(flags: readonly string[]): boolean {
  return flags.some((f) => f.startsWith('suppress') || f === 'no_interval');
}
