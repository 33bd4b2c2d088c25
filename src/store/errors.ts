/** An error the user can act on; `code` is stable for the UI and tests, `message` says what and where. */
export class StoreError extends Error {
  constructor(
    readonly code:
      | 'not_found'
      | 'not_a_database'
      | 'newer_schema'
      | 'foreign_database'
      | 'read_only'
      | 'conflict'
      | 'invalid_state'
      | 'invalid_argument'
      | 'migration_mismatch',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
