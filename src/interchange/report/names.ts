/** Short names of variables and categories for report tables and sentences, in the report's language. */
import { allFields, type Form, labelOf } from '../../form/model.ts';
import type { ReportLang } from './text.ts';

const SHORT: Record<string, [string, string]> = {
  sex: ['性别', 'sex'],
  age_group: ['年龄组', 'age group'],
  residence: ['城乡', 'urban/rural'],
  education: ['受教育程度', 'education'],
  occupation: ['职业', 'occupation'],
  region_code: ['地区', 'region'],
  stratum: ['层', 'stratum'],
  psu: ['初级抽样单元', 'PSU'],
};

/** A variable's short name: the built-in one, else the field's label when short, else its name. */
export function variableName(form: Form, name: string, lang: ReportLang): string {
  const short = SHORT[name];
  if (short) return short[lang === 'en' ? 1 : 0];
  const field = allFields(form).find((f) => f.name === name);
  const label = field ? labelOf(field.label, lang, name) : name;
  return [...label].length <= 10 ? label : name;
}

/** A category's label: the choice's label when the variable is a choice question, else the category itself. */
export function categoryName(form: Form, variable: string, category: string, lang: ReportLang): string {
  const field = allFields(form).find((f) => f.name === variable);
  const choice = field?.listName ? form.choices[field.listName]?.find((c) => c.name === category) : undefined;
  return choice ? labelOf(choice.label, lang, category) : category;
}

const LONELY: Record<string, [string, string]> = {
  fail: ['不允许（报错）', 'not allowed (error)'],
  remove: ['不计入方差（remove）', 'left out of the variance (remove)'],
  certainty: ['视为必然入样（certainty）', 'taken as certainty units (certainty)'],
  adjust: ['按总体均值调整（adjust）', 'centred at the grand mean (adjust)'],
  average: ['按其他层平均（average）', 'average of the other strata (average)'],
};

export function lonelyPsuWords(rule: string, lang: ReportLang): string {
  return LONELY[rule]?.[lang === 'en' ? 1 : 0] ?? rule;
}
