/**
 * What the reading side (prepare.ts) and the storing side (commit.ts, stream.ts) share, kept apart so that the
 * store thread loads only the store's code, not the file readers and the form engine.
 */

/** Separator of a prepared row's answers in `PreparedRow.packed`. */
export const SEP = '\u001f';

export class ImportCancelled extends Error {
  readonly userFacing = true;
  readonly code = 'cancelled';
  constructor() {
    super('The import was cancelled; nothing was stored.');
  }
}
