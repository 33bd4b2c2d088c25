import type { Form } from '../../../../src/form/model.ts';
import { call } from '../../api/client.ts';

const cache = new Map<string, Promise<Form>>();

/** A published form never changes (form_id + version is immutable), so it is fetched once per session. */
export function loadForm(formId: string, version: string): Promise<Form> {
  const key = `${formId}@${version}`;
  let form = cache.get(key);
  if (!form) {
    form = call<{ form?: Form } & Partial<Form>>('form/get', { formId, version }).then((r) =>
      r.form ? r.form : (r as Form),
    );
    form.catch(() => cache.delete(key));
    cache.set(key, form);
  }
  return form;
}
