/** Import of an office's response file (.xlsx or .csv) into a database: read, check, then store all or nothing. */
import type { Form } from '../../form/model.ts';
import type { SqlDriver } from '../../store/driver.ts';
import { StoreError } from '../../store/errors.ts';
import { getFormRow } from '../../store/forms.ts';
import { type CommitOptions, commitResponses, type ImportResult } from './commit.ts';
import { type PrepareOptions, prepareResponses } from './prepare.ts';

export type { ImportConflict, ImportResult } from './commit.ts';
export { errorReportXlsx } from './error-report.ts';
export { ImportCancelled } from './prepare.ts';

/** The stored form version (the latest when `version` is not given). */
export function storedForm(db: SqlDriver, formId: string, version?: string): Form {
  const row = getFormRow(db, formId, version);
  if (!row) {
    throw new StoreError(
      'not_found',
      version
        ? `form ${formId} version ${version} is not in this database.`
        : `form ${formId} is not in this database.`,
    );
  }
  return JSON.parse(row.definition) as Form;
}

export interface ImportResponsesOptions extends Omit<PrepareOptions, 'rules'>, CommitOptions {
  formId: string;
  version?: string;
}

export async function importResponses(
  db: SqlDriver,
  bytes: Uint8Array,
  opts: ImportResponsesOptions,
): Promise<ImportResult> {
  const form = storedForm(db, opts.formId, opts.version);
  opts.progress?.(0.01, 'reading');
  const prepared = await prepareResponses(bytes, form, opts);
  return commitResponses(db, prepared, opts);
}
