import { z } from 'zod';
import { base64ToBytes, bytesToBase64 } from '../../form/base64.ts';
import { canonicalFormJson, formChecksum } from '../../form/canonical.ts';
import type { Form } from '../../form/model.ts';
import { allFields } from '../../form/model.ts';
import { type FormIssue, formatIssue } from '../../form/xlsform/issues.ts';
import { readXlsForm } from '../../form/xlsform/read.ts';
import { writeXlsForm } from '../../form/xlsform/write.ts';
import type { SqlDriver } from '../../store/driver.ts';
import { getForm, listForms, putForm } from '../../store/forms.ts';
import { sha256Hex } from '../../util/hash.ts';
import { ApiError, op } from '../operation.ts';

/** A workbook's bytes in base64 under `data`, as every file-carrying operation (import/responses, targets/import). */
const workbookInput = z.object({
  fileName: z.string().min(1).max(500),
  data: z.string().min(1).max(70_000_000),
});

function decode(data: string, fileName: string): Uint8Array {
  const bytes = base64ToBytes(data);
  if (!bytes) throw new ApiError('invalid_arguments', `${fileName}: data is not base64`);
  return bytes;
}

/** A short description of a form for lists and confirmations. */
export function formSummary(form: Form) {
  const fields = allFields(form);
  const scored = fields.filter((f) => f.scoring);
  return {
    formId: form.formId,
    version: form.version,
    title: form.title[''] ?? Object.values(form.title)[0] ?? form.formId,
    languages: form.languages.map((l) => l.code),
    questions: fields.filter((f) => f.type !== 'calculate').length,
    scoredItems: scored.length,
    maxScore: scored.reduce((s, f) => s + (f.scoring?.points ?? 0), 0),
  };
}

/**
 * Reads and stores a questionnaire workbook. Any issue refuses the whole file (nothing stored); the same
 * form_id + version with other content is refused; a new version is stored beside the old ones.
 */
export async function importFormWorkbook(db: SqlDriver, bytes: Uint8Array, fileName: string) {
  const { form, issues, warnings } = await readXlsForm(bytes, fileName);
  if (!form) throw invalidForm(fileName, issues);
  const status = putForm(db, {
    formId: form.formId,
    version: form.version,
    title: formSummary(form).title,
    definition: canonicalFormJson(form),
    definitionChecksum: await formChecksum(form),
    sourceName: fileName,
    sourceChecksum: await sha256Hex(bytes),
    sourceXlsx: bytes,
  });
  return { status, ...formSummary(form), warnings };
}

function invalidForm(fileName: string, issues: readonly FormIssue[]): ApiError {
  const lines = issues.map((i) => formatIssue({ ...i, file: undefined }));
  return new ApiError(
    'invalid_form',
    `${fileName}: ${issues.length} problem${issues.length === 1 ? '' : 's'}, nothing was stored:\n${lines.join('\n')}`,
  );
}

function storedForm(db: SqlDriver, formId: string, version?: string): Form {
  const form = getForm(db, formId, version);
  if (!form) {
    throw new ApiError('not_found', `form ${formId}${version ? ` version ${version}` : ''} is not in this database`);
  }
  return form;
}

export const formOps = {
  'form/import': op({
    input: workbookInput,
    run: (ctx, a) => importFormWorkbook(ctx.db, decode(a.data, a.fileName), a.fileName),
  }),
  'form/check': op({
    input: workbookInput,
    async run(_ctx, a) {
      const { form, issues, warnings } = await readXlsForm(decode(a.data, a.fileName), a.fileName);
      return { ok: form !== null, issues, warnings, form: form ? formSummary(form) : null };
    },
  }),
  'form/list': op({
    input: z.object({}),
    run: (ctx) =>
      listForms(ctx.db).map((r) => ({
        formId: r.form_id,
        version: r.version,
        title: r.title,
        importedAt: r.imported_at,
        sourceName: r.source_name,
        checksum: r.definition_checksum,
      })),
  }),
  'form/get': op({
    input: z.object({ formId: z.string().min(1).max(200), version: z.string().min(1).max(200).optional() }),
    run: (ctx, a): Form => storedForm(ctx.db, a.formId, a.version),
  }),
  'form/export': op({
    input: z.object({ formId: z.string().min(1).max(200), version: z.string().min(1).max(200).optional() }),
    async run(ctx, a) {
      const form = storedForm(ctx.db, a.formId, a.version);
      const bytes = await writeXlsForm(form);
      return {
        fileName: `${form.formId}-${form.version}.xlsx`,
        formId: form.formId,
        version: form.version,
        data: bytesToBase64(bytes),
      };
    },
  }),
};
