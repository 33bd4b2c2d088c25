/**
 * Key populations and breakdowns (methodology.md §1.3). A group is a rule over demographic answers; groups overlap
 * (an elderly farmer is in both) and a respondent may be in none. Any demographic field, or a cross of two, is a
 * breakdown. Estimates by group are domain estimates on the full design: this module only says who is in what.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm expressions name fields as ${field}.
import { compileExpression, type ExprEnv, ExprEvalError, type ExprValue, toText } from '../form/expr/index.ts';
import { allFields, type Field, type Form, type PopulationGroup } from '../form/model.ts';
import { schemeError } from './scheme.ts';

/**
 * The outline's five key populations, used when the form has no `groups` sheet. The survey covers ages 18–69,
 * so `youth` (青少年) is the young adults it reaches: under 30, or a student.
 */
export const DEFAULT_GROUPS: readonly PopulationGroup[] = [
  { name: 'youth', label: { zh: '青少年', en: 'Youth' }, rule: "${age} < 30 or ${occupation} = 'student'" },
  { name: 'farmer', label: { zh: '农民', en: 'Farmers' }, rule: "${occupation} = 'farmer'" },
  { name: 'worker', label: { zh: '产业工人', en: 'Industrial workers' }, rule: "${occupation} = 'worker'" },
  { name: 'elderly', label: { zh: '老年人', en: 'The elderly' }, rule: '${age} >= 60' },
  {
    name: 'official',
    label: { zh: '领导干部和公务员', en: 'Cadres and civil servants' },
    rule: "${occupation} = 'official'",
  },
];

/** The groups a form defines, or the five key populations. */
export function groupsOf(form: Pick<Form, 'groups'>): readonly PopulationGroup[] {
  return form.groups.length > 0 ? form.groups : DEFAULT_GROUPS;
}

/** A respondent's answers: by field, or a lookup (answers read from packs, src/store/final-answers.ts). */
type Answers = Readonly<Record<string, string | null | undefined>> | ((field: string) => string | null | undefined);

interface CompiledGroups {
  names: string[];
  rules: ((env: ExprEnv) => ExprValue)[];
  fields: Map<string, Field>;
  /** Default rules may name fields the form lacks: such a field reads as unanswered. */
  lenient: boolean;
}

const cache = new WeakMap<object, CompiledGroups>();

function compileGroups(form: Form): CompiledGroups {
  let c = cache.get(form);
  if (c) return c;
  const groups = groupsOf(form);
  const rules = groups.map((g) => {
    try {
      return compileExpression(g.rule);
    } catch (e) {
      throw schemeError(`group "${g.name}": rule "${g.rule}" does not parse: ${(e as Error).message}`);
    }
  });
  c = {
    names: groups.map((g) => g.name),
    rules,
    fields: new Map(allFields(form).map((f) => [f.name, f])),
    lenient: form.groups.length === 0,
  };
  cache.set(form, c);
  return c;
}

/** An expression environment over stored answers; calculate fields without a stored value are computed. */
function envOf(c: CompiledGroups, answers: Answers): ExprEnv {
  const computing = new Set<string>();
  const value = (name: string): ExprValue | undefined => {
    const f = c.fields.get(name);
    if (!f) return c.lenient ? null : undefined;
    const stored = typeof answers === 'function' ? answers(name) : answers[name];
    if (stored != null && stored !== '') return stored;
    if (f.type === 'calculate' && f.calculation && !computing.has(name)) {
      computing.add(name);
      try {
        const v = compileExpression(f.calculation)(env);
        return v === null || v === '' ? null : v;
      } catch {
        return null;
      } finally {
        computing.delete(name);
      }
    }
    return null;
  };
  const env: ExprEnv = { value };
  return env;
}

/** The names of the groups a respondent belongs to (possibly several, possibly none), in the form's order. */
export function groupMembership(form: Form, answers: Answers): string[] {
  const c = compileGroups(form);
  const env = envOf(c, answers);
  const out: string[] = [];
  for (let i = 0; i < c.rules.length; i++) {
    try {
      const v = c.rules[i]!(env);
      if (v === true || (typeof v === 'number' && v !== 0 && !Number.isNaN(v))) out.push(c.names[i]!);
    } catch (e) {
      // A rule that cannot be evaluated for this respondent (e.g. text where a number is needed) excludes them.
      if (!(e instanceof ExprEvalError)) throw e;
    }
  }
  return out;
}

/** A breakdown: one demographic field, or a cross of two (`sex` × `age_group`). */
export type Breakdown = string | readonly [string, string];

/** The separator of the two parts of a crossed breakdown value, e.g. `female × 60-64`. */
export const CROSS_SEP = ' × ';

/**
 * The respondent's category for a breakdown: the answer (choice name) of the field, the computed value of a
 * calculate field (e.g. `age_group`), or both parts joined by ` × ` for a cross; null when unanswered.
 */
export function breakdownValue(form: Form, answers: Answers, by: Breakdown): string | null {
  const c = compileGroups(form);
  const env = envOf({ ...c, lenient: false }, answers);
  const one = (name: string): string | null => {
    if (!c.fields.has(name)) throw schemeError(`breakdown "${name}" is not a field of form ${form.formId}.`);
    const v = env.value(name);
    return v == null ? null : toText(v);
  };
  if (typeof by === 'string') return one(by);
  const a = one(by[0]);
  const b = one(by[1]);
  return a === null || b === null ? null : `${a}${CROSS_SEP}${b}`;
}
