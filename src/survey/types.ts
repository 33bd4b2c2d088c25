/**
 * Shared types of the estimation engine (methodology.md §2). Columns are typed arrays of one length n (rows).
 * Categorical columns (strata, PSUs, cells, domains) are coded as integer codes 0..k-1 with their labels beside.
 */

export type LonelyPsu = 'fail' | 'remove' | 'certainty' | 'adjust' | 'average';
export type IntervalMethod = 'logit' | 'likelihood' | 'xlogit' | 'beta' | 'wilson' | 'mean' | 'asin';

/** A categorical column: `codes[i]` indexes `labels`. */
export interface Factor {
  codes: Int32Array;
  labels: readonly string[];
}

/**
 * A variance adjustment left by a weighting step, as R's svyrecvar applies `postStrata`: it replaces the
 * linearized values z (length n) by their residuals under the step (post-stratification: residual of z/w from
 * its cell mean, times w; raking: 10 sweeps over the margins; calibration: regression residuals).
 * Adjustments are applied in the order the steps ran.
 */
export interface VarianceAdjustment {
  readonly kind: 'poststratify' | 'rake' | 'calibrate';
  adjust(z: Float64Array): Float64Array;
}

/** Diagnostics every weighting step records (methodology.md §2.5). */
export interface WeightDiagnostics {
  step: string;
  converged?: boolean;
  iterations?: number;
  min: number;
  max: number;
  /** Coefficient of variation of the weights (population form: sd / mean). */
  cv: number;
  /** Kish's effective sample size (Σw)² / Σw². */
  nKish: number;
  sumW: number;
  warnings: WeightingWarning[];
}

/**
 * Something a weighting step did that the statistician should know. `message` is English (CLI, logs); `code` and
 * `values` let a screen say it in its own language.
 */
export interface WeightingWarning {
  code: 'empty_cell' | 'not_converged' | 'trimmed' | 'trim_unsettled' | 'negative_weights';
  values: Record<string, string | number>;
  message: string;
}
