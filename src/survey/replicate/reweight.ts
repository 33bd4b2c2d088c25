import type { Factor, LonelyPsu } from '../types.ts';
import { rakePassesOf, runWeighting } from '../weighting/recipe.ts';
import type { WeightingData, WeightingRun, WeightingStepSpec } from '../weighting/types.ts';
import { jackknifeWeights, type ReplicateBasis } from './jackknife.ts';

export interface ReplicateWeightingOptions {
  /** Base (design) weights, before the recipe: replicates are formed before re-weighting (§2.6). */
  base: Float64Array;
  /** Replicate weights of the base design (any kind); without it, jackknife replicates from psu/strata/type. */
  basis?: ReplicateBasis;
  psu?: Factor;
  strata?: Factor;
  type?: 'jk1' | 'jkn';
  lonelyPsu?: LonelyPsu;
  /** First-stage population counts per stratum code (the design's fpc). */
  popSize?: Float64Array;
  /** The weighting recipe, re-applied to every replicate; empty for none. */
  steps: readonly WeightingStepSpec[];
  data: WeightingData;
}

export interface ReplicateWeighting {
  design: ReplicateBasis;
  /** The full-sample run: its weights give the point estimates. */
  weighting: WeightingRun;
  /** Replicate r's final weights: the replicate's base weights, then the recipe. */
  replicateWeights(r: number): Float64Array;
  /**
   * Rows whose final replicate weights stay proportional to their base weights (same PSU and weighting cell),
   * for the rank of the replicate weights; undefined when the recipe breaks that (trimming, numeric calibration)
   * or the replicates have no PSUs.
   */
  groups?: { codes: Int32Array; count: number };
}

/**
 * Replicates with the weighting recipe re-applied to each, as R does when a replicate design is post-stratified,
 * raked or calibrated: raking runs the same number of passes on a replicate as on the full sample (R rakes
 * replicate weights in lockstep), calibration solves each replicate exactly.
 */
export function replicateWeighting(opts: ReplicateWeightingOptions): ReplicateWeighting {
  const design =
    opts.basis ??
    jackknifeWeights({
      weights: opts.base,
      strata: opts.strata,
      psu: opts.psu as Factor,
      type: opts.type ?? 'jk1',
      lonelyPsu: opts.lonelyPsu,
      popSize: opts.popSize,
    });
  const weighting = runWeighting(opts.base, opts.steps, opts.data);
  const rakePasses = rakePassesOf(weighting);
  return {
    design,
    weighting,
    groups: proportionalGroups(design.unit, opts.steps, opts.data),
    replicateWeights(r: number): Float64Array {
      const start = design.weights(r);
      return opts.steps.length > 0 ? runWeighting(start, opts.steps, opts.data, { rakePasses }).weights : start;
    },
  };
}

/** PSU × every categorical column the recipe reads; undefined when a step scales rows individually. */
function proportionalGroups(
  unit: Int32Array | undefined,
  steps: readonly WeightingStepSpec[],
  data: WeightingData,
): { codes: Int32Array; count: number } | undefined {
  if (!unit) return undefined;
  const columns: Int32Array[] = [];
  for (const s of steps) {
    if (s.step === 'trim') return undefined;
    if (s.step === 'calibrate' && (s.numeric?.length ?? 0) > 0) return undefined;
    const vars =
      s.step === 'poststratify'
        ? s.vars
        : s.step === 'rake'
          ? s.margins.flatMap((m) => m.vars)
          : s.step === 'calibrate'
            ? (s.factors ?? []).map((f) => f.var)
            : s.classes;
    for (const v of vars) columns.push(data.factor(v).codes);
    if (s.step === 'nonresponse') columns.push(Int32Array.from(data.numeric(s.responded), (x) => (x !== 0 ? 1 : 0)));
  }
  const codes = new Int32Array(unit.length);
  const index = new Map<string, number>();
  for (let i = 0; i < unit.length; i++) {
    let key = String(unit[i]);
    for (const c of columns) key += `|${c[i]}`;
    let g = index.get(key);
    if (g === undefined) {
      g = index.size;
      index.set(key, g);
    }
    codes[i] = g;
  }
  return { codes, count: index.size };
}
