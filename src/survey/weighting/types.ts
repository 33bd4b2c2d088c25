/**
 * Weighting steps (methodology.md §2.5): each takes the current weights and returns the new ones, the variance
 * adjustment it leaves (as R survey's `postStrata`), and its diagnostics. A weighting scheme is a recipe of
 * steps, plain JSON, applied in order to the full-sample weights and again to every replicate (§2.6).
 */
import type { Factor, VarianceAdjustment, WeightDiagnostics } from '../types.ts';

export interface WeightingStepResult {
  weights: Float64Array;
  /** Absent for steps that leave the Taylor variance as it is (base weights, non-response, trimming). */
  adjustment?: VarianceAdjustment;
  diagnostics: WeightDiagnostics;
}

/** One raking margin: a categorical column and the population count of each of its labels. */
export interface RakeMargin {
  name: string;
  factor: Factor;
  targets: ReadonlyMap<string, number>;
}

export interface RakeOptions {
  /** Maximum passes over the margins (R `rake` control$maxit, default 10). */
  maxit?: number;
  /** Convergence threshold on the weighted cross-table of all margin variables (default 1; < 1 is relative to Σw). */
  epsilon?: number;
  /**
   * Run exactly this many passes and skip the convergence test. Used when re-applying a recipe to a replicate:
   * R rakes a replicate design's weights in lockstep with the full-sample weights.
   */
  passes?: number;
}

/** Population cells of one or more variables: `values` in the order of `vars`, `N` the population count. */
export interface TargetCell {
  values: string[];
  N: number;
}

/** The steps of a weighting recipe, as stored in a weighting scheme's definition (JSON). */
export type WeightingStepSpec =
  | {
      /** Weighting-class non-response adjustment; `responded` is a 0/1 numeric column. */
      step: 'nonresponse';
      classes: string[];
      responded: string;
    }
  | {
      step: 'poststratify';
      vars: string[];
      cells: TargetCell[];
      partial?: boolean;
    }
  | {
      step: 'rake';
      margins: { vars: string[]; cells: TargetCell[] }[];
      maxit?: number;
      epsilon?: number;
    }
  | {
      /**
       * Linear (GREG) calibration, R `calibrate(calfun = "linear")` with model ~ factors + numeric: an
       * intercept with total `population`, each factor's level counts (they must sum to `population`), and
       * each numeric column's total.
       */
      step: 'calibrate';
      population: number;
      factors?: { var: string; targets: Record<string, number> }[];
      numeric?: { var: string; total: number }[];
    }
  | {
      step: 'trim';
      lower: number;
      upper: number;
      strict?: boolean;
    };

/** The columns a recipe reads, by name. Throws a user-facing error naming a missing column. */
export interface WeightingData {
  readonly rows: number;
  factor(column: string): Factor;
  numeric(column: string): Float64Array;
}

export interface WeightingRun {
  weights: Float64Array;
  /** In the order the steps ran: pass them to the Taylor variance (svyrecvar's postStrata). */
  adjustments: VarianceAdjustment[];
  diagnostics: WeightDiagnostics[];
  /** The weights after each step, in step order (the last is `weights`): exported beside the final weight. */
  stepWeights: Float64Array[];
}

export interface RunWeightingOptions {
  /**
   * Passes per rake step (in the order the rake steps appear), taken from the full-sample run's diagnostics:
   * replicates are raked with the same number of passes, as R does on a replicate design.
   */
  rakePasses?: readonly number[];
}
