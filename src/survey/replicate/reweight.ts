import type { Factor, LonelyPsu } from '../types.ts';
import { rakePassesOf, runWeighting } from '../weighting/recipe.ts';
import type { WeightingData, WeightingRun, WeightingStepSpec } from '../weighting/types.ts';
import { type JackknifeDesign, jackknifeWeights } from './jackknife.ts';

export interface ReplicateWeightingOptions {
  /** Base (design) weights, before the recipe: replicates are formed before re-weighting (§2.6). */
  base: Float64Array;
  psu: Factor;
  strata?: Factor;
  type: 'jk1' | 'jkn';
  lonelyPsu?: LonelyPsu;
  /** The weighting recipe, re-applied to every replicate; empty for none. */
  steps: readonly WeightingStepSpec[];
  data: WeightingData;
}

export interface ReplicateWeighting {
  design: JackknifeDesign;
  /** The full-sample run: its weights give the point estimates. */
  weighting: WeightingRun;
  /** Replicate r's final weights: jackknife weights of the base, then the recipe. */
  replicateWeights(r: number): Float64Array;
}

/**
 * Jackknife replicates with the weighting recipe re-applied to each, as R does when a replicate design is
 * post-stratified, raked or calibrated: raking runs the same number of passes on a replicate as on the full
 * sample (R rakes replicate weights in lockstep), calibration solves each replicate exactly.
 */
export function replicateWeighting(opts: ReplicateWeightingOptions): ReplicateWeighting {
  const design = jackknifeWeights({
    weights: opts.base,
    strata: opts.strata,
    psu: opts.psu,
    type: opts.type,
    lonelyPsu: opts.lonelyPsu,
  });
  const weighting = runWeighting(opts.base, opts.steps, opts.data);
  const rakePasses = rakePassesOf(weighting);
  return {
    design,
    weighting,
    replicateWeights(r: number): Float64Array {
      const start = design.weights(r);
      return opts.steps.length > 0 ? runWeighting(start, opts.steps, opts.data, { rakePasses }).weights : start;
    },
  };
}
