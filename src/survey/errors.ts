/** An error the CLI and UI show as it is: what was wrong and where (column, stratum, cell). */
export class SurveyError extends Error {
  readonly userFacing = true;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SurveyError';
  }
}
