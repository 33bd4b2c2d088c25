/** A weighting error the user can act on: what was wrong and where (step, column, cell). */
export class WeightingError extends Error {
  readonly userFacing = true;
  constructor(
    readonly code:
      | 'missing_target'
      | 'empty_cell'
      | 'unknown_column'
      | 'invalid_weights'
      | 'invalid_targets'
      | 'singular_calibration'
      | 'lonely_psu'
      | 'invalid_design',
    message: string,
  ) {
    super(message);
    this.name = 'WeightingError';
  }
}
