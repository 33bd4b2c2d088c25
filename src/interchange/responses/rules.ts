/**
 * The form's logic as the import needs it, from the form engine (FormRuntime): calculations, relevance (a
 * group's included), required, and each answer's check (type, choice filter, constraint).
 */
import type { Form, Labels } from '../../form/model.ts';
import { FormRuntime } from '../../form/runtime.ts';

export type RowAnswers = Record<string, string | null>;

export interface FormRules {
  /** Every calculated field's value for this row. */
  calculateAll(answers: RowAnswers): Record<string, string | null>;
  isRelevant(name: string, answers: RowAnswers): boolean;
  isRequired(name: string, answers: RowAnswers): boolean;
  /** Why a non-empty answer cannot stand (wrong type, not offered, constraint), or null. */
  check(name: string, value: string, answers: RowAnswers): { code: string; message: Labels } | null;
}

export function formRules(form: Form): FormRules {
  const rt = new FormRuntime(form);
  return {
    calculateAll: (answers) => rt.calculate(answers),
    isRelevant: (name, answers) => rt.isRelevant(name, answers),
    isRequired: (name, answers) => rt.isRequired(name, answers),
    check(name, value, answers) {
      const p = rt.validateAnswer(name, value, answers);
      if (!p) return null;
      if (p.code === 'constraint') {
        const f = rt.fields.get(name);
        if (!f?.constraintMessage && f?.constraint) {
          return {
            code: 'constraint',
            message: {
              zh: `不符合本题的取值要求（${f.constraint}）`,
              en: `does not meet this question's rule (${f.constraint})`,
            },
          };
        }
      }
      return p;
    },
  };
}
