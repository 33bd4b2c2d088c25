import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { canonicalFormJson, formChecksum } from '../form/canonical.ts';
import type { Form } from '../form/model.ts';
import { formatIssue } from '../form/xlsform/issues.ts';
import { readXlsForm } from '../form/xlsform/read.ts';
import type { SqlDriver } from '../store/driver.ts';
import { getFormRow, putForm } from '../store/forms.ts';
import { sha256Hex } from '../util/hash.ts';

/** The shipped questionnaire, 公民科学素质调查问卷（示范版）. */
export const BUNDLED_FORM_PATH = fileURLToPath(new URL('../../forms/civic-science-literacy.xlsx', import.meta.url));
export const BUNDLED_FORM_FILE = 'civic-science-literacy.xlsx';

let cached: Promise<Form> | undefined;

/** Reads the bundled workbook (once per process). */
export function loadBundledForm(): Promise<Form> {
  cached ??= (async () => {
    const bytes = new Uint8Array(readFileSync(BUNDLED_FORM_PATH));
    const { form, issues } = await readXlsForm(bytes, BUNDLED_FORM_FILE);
    if (!form) throw new Error(`the bundled form has problems:\n${issues.map(formatIssue).join('\n')}`);
    return form;
  })();
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}

/** Stores the bundled form in `db` unless that form_id + version is already there. */
export async function ensureBundledForm(db: SqlDriver): Promise<{ formId: string; version: string }> {
  const form = await loadBundledForm();
  if (!getFormRow(db, form.formId, form.version)) {
    const bytes = new Uint8Array(readFileSync(BUNDLED_FORM_PATH));
    putForm(db, {
      formId: form.formId,
      version: form.version,
      title: form.title[''] ?? form.formId,
      definition: canonicalFormJson(form),
      definitionChecksum: await formChecksum(form),
      sourceName: BUNDLED_FORM_FILE,
      sourceChecksum: await sha256Hex(bytes),
      sourceXlsx: bytes,
    });
  }
  return { formId: form.formId, version: form.version };
}
