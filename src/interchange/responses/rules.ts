/**
 * The form's logic as the import needs it: calculations, relevance (a group's included), required and
 * constraints, evaluated per row with the form's expression language.
 */
import { compileExpression, type ExprValue } from '../../form/expr/index.ts';
import type { Field, Form, Labels, SurveyNode } from '../../form/model.ts';

export type RowAnswers = Record<string, string | null>;

export interface FormRules {
  /** Calculate fields in dependency (survey) order. */
  calculateFields: readonly Field[];
  calculate(name: string, answers: RowAnswers): string | null;
  isRelevant(name: string, answers: RowAnswers): boolean;
  isRequired(name: string, answers: RowAnswers): boolean;
  checkConstraint(name: string, value: string, answers: RowAnswers): { code: string; message: Labels } | null;
}

type Compiled = (answers: RowAnswers, current?: ExprValue) => ExprValue;

const TRUE_WORDS = new Set(['yes', 'true()', 'true']);
const FALSE_WORDS = new Set(['', 'no', 'false()', 'false']);

export function formRules(form: Form): FormRules {
  const fields = new Map<string, Field>();
  const relevantChain = new Map<string, Compiled[]>();
  const numeric = new Set<string>();
  const compile = (src: string): Compiled => {
    const fn = compileExpression(src);
    return (answers, current) =>
      fn({
        value: (n) => {
          if (!fields.has(n)) return undefined;
          const v = answers[n];
          if (v === null || v === undefined || v === '') return '';
          return numeric.has(n) ? Number(v) : v;
        },
        current,
      });
  };
  const walk = (nodes: readonly SurveyNode[], inherited: Compiled[]) => {
    for (const n of nodes) {
      const chain = n.relevant ? [...inherited, compile(n.relevant)] : inherited;
      if (n.kind === 'group') walk(n.children, chain);
      else {
        fields.set(n.name, n);
        relevantChain.set(n.name, chain);
        if (n.type === 'integer' || n.type === 'decimal') numeric.add(n.name);
      }
    }
  };
  // fields must be known before any expression runs; compile lazily after the walk registers names
  const collect = (nodes: readonly SurveyNode[]) => {
    for (const n of nodes) {
      if (n.kind === 'group') collect(n.children);
      else {
        fields.set(n.name, n);
        if (n.type === 'integer' || n.type === 'decimal') numeric.add(n.name);
      }
    }
  };
  collect(form.survey);
  walk(form.survey, []);
  const required = new Map<string, Compiled | boolean>();
  const constraint = new Map<string, Compiled>();
  const calculation = new Map<string, Compiled>();
  for (const f of fields.values()) {
    const r = (f.required ?? '').trim();
    if (TRUE_WORDS.has(r.toLowerCase())) required.set(f.name, true);
    else if (!FALSE_WORDS.has(r.toLowerCase())) required.set(f.name, compile(r));
    if (f.constraint) constraint.set(f.name, compile(f.constraint));
    if (f.type === 'calculate' && f.calculation) calculation.set(f.name, compile(f.calculation));
  }
  const truthy = (v: ExprValue) =>
    v === true || (typeof v === 'number' && v !== 0) || (typeof v === 'string' && v !== '');
  return {
    calculateFields: [...fields.values()].filter((f) => calculation.has(f.name)),
    calculate(name, answers) {
      const fn = calculation.get(name);
      if (!fn) return null;
      const v = fn(answers);
      if (v === null || v === '' || (typeof v === 'number' && !Number.isFinite(v))) return null;
      return typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
    },
    isRelevant(name, answers) {
      for (const fn of relevantChain.get(name) ?? []) if (!truthy(fn(answers))) return false;
      return true;
    },
    isRequired(name, answers) {
      const r = required.get(name);
      return r === undefined ? false : r === true ? true : r === false ? false : truthy(r(answers));
    },
    checkConstraint(name, value, answers) {
      const fn = constraint.get(name);
      if (!fn) return null;
      const f = fields.get(name)!;
      const current = numeric.has(name) ? Number(value) : value;
      if (truthy(fn(answers, current))) return null;
      return {
        code: 'constraint',
        message: f.constraintMessage ?? {
          zh: `不符合本题的取值要求（${f.constraint}）`,
          en: `does not meet this question's rule (${f.constraint})`,
        },
      };
    },
  };
}
