import { type Design, degreesOfFreedom } from './design.ts';
import { estimateMean, meanInfluence } from './estimate.ts';
import { waldInterval } from './intervals.ts';
import { linearizedVariance } from './variance.ts';

/** A difference with its uncertainty (methodology.md §2.8). */
export interface Difference {
  difference: number;
  se: number;
  variance: number;
  df: number;
  ci: [number, number];
  /** The interval lies wholly above 0 (first is larger) or wholly below 0. */
  above: boolean;
  below: boolean;
}

/** Against a plan target T: p̂ − T with the estimate's own interval shifted by T (T has no variance). */
export function compareWithTarget(
  e: { estimate: number; se: number; df: number; ci: readonly [number, number] | null },
  target: number,
): Difference & { target: number } {
  const ci: [number, number] = e.ci ? [e.ci[0] - target, e.ci[1] - target] : [Number.NaN, Number.NaN];
  return {
    target,
    difference: e.estimate - target,
    se: e.se,
    variance: e.se * e.se,
    df: e.df,
    ci,
    above: ci[0] > 0,
    below: ci[1] < 0,
  };
}

/**
 * Two domains of one design (they may overlap): the difference of their means, its variance from the
 * linearized difference z₁ − z₂ on the full design (as R: svycontrast over svyratio(covmat = TRUE)), and a
 * Wald interval on the full design's df.
 */
export function compareDomains(
  design: Design,
  y: Float64Array,
  first: Uint8Array,
  second: Uint8Array,
  level = 0.95,
): Difference {
  const a = estimateMean(design, y, first);
  const b = estimateMean(design, y, second);
  const z1 = meanInfluence(design, y, first);
  const z2 = meanInfluence(design, y, second);
  const z = new Float64Array(design.n);
  for (let i = 0; i < design.n; i++) z[i] = (z1[i] as number) - (z2[i] as number);
  const variance = linearizedVariance(design, z);
  return finish(a.estimate - b.estimate, variance, degreesOfFreedom(design), level);
}

/**
 * Two independent samples (waves): V = V₁ + V₂, Wald interval on min(df₁, df₂) — a conservative choice,
 * methodology.md §2.8 does not fix the df.
 */
export function compareWaves(
  first: { estimate: number; variance: number; df: number },
  second: { estimate: number; variance: number; df: number },
  level = 0.95,
): Difference {
  return finish(
    first.estimate - second.estimate,
    first.variance + second.variance,
    Math.min(first.df, second.df),
    level,
  );
}

function finish(difference: number, variance: number, df: number, level: number): Difference {
  const se = Math.sqrt(variance);
  const ci = waldInterval(difference, se, df, level);
  return { difference, se, variance, df, ci, above: ci[0] > 0, below: ci[1] < 0 };
}
