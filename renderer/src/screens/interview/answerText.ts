import { allFields, type Form, labelOf } from '../../../../src/form/model.ts';

/**
 * An answer as the respondent saw it: the choice labels of a select (in `lang`), the text otherwise; `withCode`
 * adds the stored choice names after the labels, for reviewers comparing versions.
 */
export function answerText(
  form: Form | null,
  field: string,
  value: string | null,
  lang: string,
  withCode = false,
): string {
  if (value === null) return '';
  const f = form ? allFields(form).find((x) => x.name === field) : undefined;
  const choices = f?.listName ? form?.choices[f.listName] : undefined;
  if (!choices) return value;
  const names = f?.type === 'select_multiple' ? value.split(' ') : [value];
  const labels = names.map((n) => labelOf(choices.find((c) => c.name === n)?.label, lang, n)).join('；');
  return withCode ? `${labels} (${value})` : labels;
}
