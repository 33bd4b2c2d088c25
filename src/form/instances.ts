import type { InstanceItem } from './expr/index.ts';
import { allFields, type Form, labelOf } from './model.ts';

/**
 * What `instance('list')/root/item` and `jr:choice-name()` read in a form: its choice lists as ODK puts them in
 * secondary instances (`name`, `label` in the default language, and every other column of the choices sheet).
 */
export function formInstances(form: Form): {
  instance(id: string): readonly InstanceItem[] | undefined;
  choiceName(field: string, value: string): string | undefined;
} {
  const cache = new Map<string, InstanceItem[]>();
  const listOf = new Map(allFields(form).flatMap((f) => (f.listName ? [[f.name, f.listName] as const] : [])));
  return {
    instance(id) {
      const list = form.choices[id];
      if (!list) return undefined;
      let items = cache.get(id);
      if (!items) {
        items = list.map((c) => ({
          ...c.properties,
          name: c.name,
          label: labelOf(c.label, form.defaultLanguage, c.name),
        }));
        cache.set(id, items);
      }
      return items;
    },
    choiceName(field, value) {
      const list = listOf.get(field);
      if (!list) return undefined;
      const c = form.choices[list]?.find((x) => x.name === value);
      return c ? labelOf(c.label, form.defaultLanguage, c.name) : '';
    },
  };
}
