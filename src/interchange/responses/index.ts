/** Import of an office's response file (.xlsx or .csv) into a database: read, check, then store all or nothing. */
import type { Form } from '../../form/model.ts';
import type { SqlDriver } from '../../store/driver.ts';
import { StoreError } from '../../store/errors.ts';
import { getFormRow } from '../../store/forms.ts';
import { findBatchByChecksum } from '../../store/imports.ts';
import { sha256Hex } from '../../util/hash.ts';
import { type CommitOptions, commitResponses, type ImportResult } from './commit.ts';
import { ImportCancelled, type PrepareOptions, prepareResponses, storedFieldOrder } from './prepare.ts';
import { responseSinkFactory } from './stream.ts';

export type { ImportConflict, ImportResult } from './commit.ts';
export { errorReportXlsx } from './error-report.ts';
export { ImportCancelled };

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

export interface ImportResponsesOptions
  extends Omit<PrepareOptions, 'rules' | 'onRows' | 'fileChecksum'>,
    CommitOptions {
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
  const streamed = await importStreaming(db, bytes, form, opts);
  if (streamed) return streamed;
  const prepared = await prepareResponses(bytes, form, opts);
  return commitResponses(db, prepared, opts);
}

/**
 * With a store thread registered (node), rows are stored while the file is read, in one transaction that
 * commits only when the whole file checked clean. Dry runs and files imported before take the one-call path.
 */
async function importStreaming(
  db: SqlDriver,
  bytes: Uint8Array,
  form: Form,
  opts: ImportResponsesOptions,
): Promise<ImportResult | undefined> {
  const factory = responseSinkFactory(bytes.length);
  if (!factory || opts.dryRun) return undefined;
  const fileChecksum = await sha256Hex(bytes);
  if (findBatchByChecksum(db, 'responses', fileChecksum, form.formId)) return undefined;
  const sink = await factory(db.path, {
    formId: form.formId,
    formVersion: form.version,
    fieldOrder: storedFieldOrder(form),
    fileName: opts.fileName,
    fileChecksum,
  });
  if (!sink) return undefined;
  let prepared: Awaited<ReturnType<typeof prepareResponses>>;
  try {
    prepared = await prepareResponses(bytes, form, { ...opts, fileChecksum, onRows: (rows) => sink.add(rows) });
    if (opts.cancel?.cancelled) throw new ImportCancelled();
  } catch (e) {
    await sink.abort();
    throw e;
  }
  const result = await sink.finish(prepared);
  opts.progress?.(1, 'done');
  return result;
}
