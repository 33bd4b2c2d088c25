import { compileExpression, ExprEvalError, type ExprValue, toBoolean } from '../form/expr/index.ts';
import type { QcSettings } from './settings.ts';
import type { QcFlag, QcForm, QcInterview } from './types.ts';

export type ConsistencyRule = NonNullable<QcSettings['consistency']>[number];

/**
 * Rules for the bundled questionnaire's background questions: combinations that are possible but rare enough
 * that a supervisor looks at the interview (the form's constraints accept each answer on its own).
 */
export const BUNDLED_CONSISTENCY_RULES: readonly ConsistencyRule[] = [
  {
    name: 'student_age',
    rule: "${occupation} = 'student' and ${age} >= 40",
    reason: { zh: '职业为“学生”，年龄却在40岁以上', en: 'a student aged 40 or over' },
  },
  {
    name: 'retired_age',
    rule: "${occupation} = 'retired' and ${age} < 40",
    reason: { zh: '职业为“离退休人员”，年龄却不到40岁', en: 'retired before the age of 40' },
  },
  {
    name: 'degree_age',
    rule: "${education} = 'university' and ${age} < 20",
    reason: { zh: '学历为大学本科及以上，年龄却不到20岁', en: 'a university degree before the age of 20' },
  },
];

/**
 * The rules that apply to a form: the supervisor's own, or else the bundled ones whose fields the form has.
 * A rule naming a field the form lacks is left out (and said by the caller), never evaluated as empty.
 */
export function compileRules(
  rules: readonly ConsistencyRule[],
  form: QcForm,
): { rule: ConsistencyRule; test: (answers: (name: string) => string | undefined) => boolean }[] {
  const names = new Set(form.fields.map((f) => f.name));
  return rules
    .filter((r) => [...r.rule.matchAll(/\$\{([^}]+)\}/g)].every((m) => names.has(m[1]!)))
    .map((rule) => {
      const evaluate = compileExpression(rule.rule);
      return {
        rule,
        test: (answers) => {
          try {
            return toBoolean(
              evaluate({ value: (n): ExprValue | undefined => (names.has(n) ? (answers(n) ?? '') : undefined) }),
            );
          } catch (e) {
            if (e instanceof ExprEvalError) return false;
            throw e;
          }
        },
      };
    });
}

export function consistency(
  iv: QcInterview,
  index: ReadonlyMap<string, number>,
  rules: ReturnType<typeof compileRules>,
): QcFlag[] {
  const answers = (name: string) => {
    const k = index.get(name);
    return k === undefined ? undefined : iv.answers[k];
  };
  return rules
    .filter((r) => r.test(answers))
    .map((r) => ({ interviewId: iv.id, surveyor: iv.surveyor, check: 'consistency' as const, reason: r.rule.reason }));
}
