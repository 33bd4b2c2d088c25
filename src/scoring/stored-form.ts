import type { Form } from '../form/model.ts';
import type { SqlDriver } from '../store/driver.ts';
import { getFormRow } from '../store/forms.ts';
import { schemeError } from './scheme.ts';

/** The form model stored in `forms.definition` (JSON of src/form/model.ts's Form). */
export function parseStoredForm(definition: string, formId: string, version: string): Form {
  let form: Form;
  try {
    form = JSON.parse(definition) as Form;
  } catch (e) {
    throw schemeError(`form ${formId} version ${version}: stored definition is not JSON (${(e as Error).message}).`);
  }
  if (!form || !Array.isArray(form.survey)) {
    throw schemeError(`form ${formId} version ${version}: stored definition has no survey.`);
  }
  return { ...form, levels: form.levels ?? [], groups: form.groups ?? [], choices: form.choices ?? {} };
}

/** Loads a stored form version (the newest when `version` is omitted). */
export function loadStoredForm(db: SqlDriver, formId: string, version?: string): { form: Form; checksum: string } {
  const row = getFormRow(db, formId, version);
  if (!row) {
    throw schemeError(`form ${formId}${version ? ` version ${version}` : ''} is not in this database.`);
  }
  return { form: parseStoredForm(row.definition, row.form_id, row.version), checksum: row.definition_checksum };
}
