import { calculationOrder } from './deps.ts';
import { compileExpression, type ExprEnv, ExprEvalError, type ExprValue, toBoolean, toText } from './expr/index.ts';
import { formInstances } from './instances.ts';
import {
  allFields,
  type Choice,
  type Field,
  type Form,
  type Group,
  type Labels,
  type SurveyNode,
  UNASKED_TYPES,
} from './model.ts';
import { badValue } from './xlsform/validate.ts';

export type Answers = Readonly<Record<string, string | null | undefined>>;
type Compiled = (env: ExprEnv) => ExprValue;

export interface AnswerProblem {
  code: 'required' | 'constraint' | 'type' | 'choice';
  message: Labels;
}

/** What the interview shows at once: one question, or a whole `field-list` group. */
export interface Screen {
  /** The question's name, or the field-list group's name. */
  id: string;
  /** Enclosing groups, outermost first (for headings and relevance). */
  path: readonly Group[];
  /** Set when the screen is a field-list group. */
  group?: Group;
  fields: readonly Field[];
}

interface FieldPlan {
  field: Field;
  groups: readonly Group[];
  relevant?: Compiled;
  groupRelevant: Compiled[];
  required?: Compiled;
  constraint?: Compiled;
  calculation?: Compiled;
  choiceFilter?: Compiled;
  choiceNames?: ReadonlySet<string>;
}

const MESSAGES = {
  required: { zh: '此题必须回答。', en: 'This question requires an answer.' },
  constraint: { zh: '答案不符合本题的要求。', en: 'The answer does not meet this question’s rule.' },
} as const;

const HIDDEN: ReadonlySet<string> = UNASKED_TYPES;

function isEmpty(v: string | null | undefined): boolean {
  return v === null || v === undefined || v.trim() === '';
}

/**
 * A form ready to run: relevance, requirement, constraints, calculations and choice filters, with every
 * expression compiled once. Used by the interview screen and to validate imported responses. `answers` may
 * include calculated values; those missing are calculated on the fly.
 */
export class FormRuntime {
  readonly fields: ReadonlyMap<string, Field>;
  private readonly plans = new Map<string, FieldPlan>();
  private readonly order: string[];
  private readonly today?: string;
  private readonly instances: ReturnType<typeof formInstances>;

  constructor(
    readonly form: Form,
    options: { today?: string } = {},
  ) {
    if (options.today) this.today = options.today;
    this.instances = formInstances(form);
    const fields = allFields(form);
    this.fields = new Map(fields.map((f) => [f.name, f]));
    const groupRules = new Map<Group, Compiled>();
    const walk = (nodes: readonly SurveyNode[], path: Group[]) => {
      for (const n of nodes) {
        if (n.kind === 'group') {
          if (n.relevant) groupRules.set(n, compileExpression(n.relevant));
          walk(n.children, [...path, n]);
          continue;
        }
        const plan: FieldPlan = {
          field: n,
          groups: path,
          groupRelevant: path.flatMap((g) => (groupRules.has(g) ? [groupRules.get(g)!] : [])),
        };
        if (n.relevant) plan.relevant = compileExpression(n.relevant);
        if (n.required && n.required !== 'true()') plan.required = compileExpression(n.required);
        if (n.constraint) plan.constraint = compileExpression(n.constraint);
        if (n.calculation) plan.calculation = compileExpression(n.calculation);
        if (n.choiceFilter) plan.choiceFilter = compileExpression(n.choiceFilter);
        if (n.listName) plan.choiceNames = new Set((form.choices[n.listName] ?? []).map((c) => c.name));
        this.plans.set(n.name, plan);
      }
    };
    walk(form.survey, []);
    this.order = calculationOrder(
      fields.filter((f) => f.calculation).map((f) => ({ name: f.name, calculation: f.calculation! })),
    ).order;
  }

  private plan(name: string): FieldPlan {
    const p = this.plans.get(name);
    if (!p)
      throw Object.assign(new Error(`"${name}" is not a field of form ${this.form.formId}`), {
        code: 'unknown_field',
        userFacing: true,
      });
    return p;
  }

  /**
   * An environment over `answers` (with `override` answering for one field, e.g. the value being checked);
   * calculated fields absent from `answers` are computed when read.
   */
  private env(
    answers: Answers,
    current?: ExprValue,
    computing = new Set<string>(),
    override?: readonly [string, string],
  ): ExprEnv {
    const env: ExprEnv = {
      value: (n) => {
        if (override && n === override[0]) return override[1];
        const p = this.plans.get(n);
        if (!p) return undefined;
        const v = answers[n];
        if (v !== undefined) return v;
        if (p.calculation && !computing.has(n)) {
          computing.add(n);
          try {
            return this.calculateOne(p, answers, computing);
          } finally {
            computing.delete(n);
          }
        }
        return null;
      },
    };
    if (current !== undefined) env.current = current;
    if (this.today) env.today = this.today;
    // instance('list')/root/item[...] and jr:choice-name() read the form's choice lists.
    env.instance = this.instances.instance;
    env.choiceName = this.instances.choiceName;
    return env;
  }

  private calculateOne(p: FieldPlan, answers: Answers, computing: Set<string>): string | null {
    try {
      const env = this.env(answers, undefined, computing);
      if (!this.relevantIn(p, env)) return null;
      const v = p.calculation!(env);
      if (v === null || (typeof v === 'number' && !Number.isFinite(v))) return null;
      const text = toText(v);
      return text === '' ? null : text;
    } catch (e) {
      if (e instanceof ExprEvalError) return null;
      throw e;
    }
  }

  private relevantIn(p: FieldPlan, env: ExprEnv): boolean {
    try {
      for (const g of p.groupRelevant) if (!toBoolean(g(env))) return false;
      return p.relevant ? toBoolean(p.relevant(env)) : true;
    } catch (e) {
      if (e instanceof ExprEvalError) return false;
      throw e;
    }
  }

  /** Every calculated field, in dependency order (a non-relevant or failing calculation is null, as in ODK). */
  calculate(answers: Answers): Record<string, string | null> {
    const known: Record<string, string | null | undefined> = { ...answers };
    const out: Record<string, string | null> = {};
    for (const name of this.order) {
      known[name] = undefined;
      const v = this.calculateOne(this.plan(name), known, new Set([name]));
      known[name] = v;
      out[name] = v;
    }
    return out;
  }

  /** The field and all its enclosing groups are relevant. */
  isRelevant(name: string, answers: Answers): boolean {
    const p = this.plan(name);
    return this.relevantIn(p, this.env(answers));
  }

  isRequired(name: string, answers: Answers): boolean {
    const p = this.plan(name);
    if (!p.field.required) return false;
    if (!p.required) return true;
    try {
      return toBoolean(p.required(this.env(answers)));
    } catch (e) {
      if (e instanceof ExprEvalError) return false;
      throw e;
    }
  }

  /** The constraint holds for `value` (no constraint, or an empty answer, always holds). */
  checkConstraint(name: string, value: string, answers: Answers): boolean {
    const p = this.plan(name);
    if (!p.constraint || isEmpty(value)) return true;
    try {
      return toBoolean(p.constraint(this.env(answers, value, undefined, [name, value])));
    } catch (e) {
      if (e instanceof ExprEvalError) return false;
      throw e;
    }
  }

  /** The choices offered now: the list, narrowed by choice_filter. */
  choicesFor(name: string, answers: Answers): Choice[] {
    const p = this.plan(name);
    const list = p.field.listName ? (this.form.choices[p.field.listName] ?? []) : [];
    if (!p.choiceFilter) return [...list];
    const base = this.env(answers);
    return list.filter((c) => {
      try {
        return toBoolean(
          p.choiceFilter!({
            ...base,
            choiceProperty: (k) => (k === 'name' ? c.name : (c.properties?.[k] ?? '')),
          }),
        );
      } catch (e) {
        if (e instanceof ExprEvalError) return false;
        throw e;
      }
    });
  }

  /** Why `value` cannot be the answer to `name` now, or null when it can (a skipped question takes anything). */
  validateAnswer(name: string, value: string | null, answers: Answers): AnswerProblem | null {
    const p = this.plan(name);
    const f = p.field;
    if (!this.isRelevant(name, answers)) return null;
    if (isEmpty(value)) {
      return this.isRequired(name, answers)
        ? { code: 'required', message: f.requiredMessage ?? MESSAGES.required }
        : null;
    }
    const v = value!.trim();
    const bad = badValue(f, v, p.choiceNames);
    if (bad) {
      const code = f.type === 'select_one' || f.type === 'select_multiple' ? 'choice' : 'type';
      return { code, message: { zh: typeMessageZh(f.type, v), en: bad } };
    }
    if (p.choiceFilter) {
      const offered = new Set(this.choicesFor(name, answers).map((c) => c.name));
      const off = v.split(/\s+/).filter((n) => !offered.has(n));
      if (off.length) {
        return {
          code: 'choice',
          message: {
            zh: `"${off.join(' ')}" 不在本题当前可选的选项中。`,
            en: `"${off.join(' ')}" is not offered for this question given the earlier answers`,
          },
        };
      }
    }
    if (!this.checkConstraint(name, v, answers)) {
      return { code: 'constraint', message: f.constraintMessage ?? MESSAGES.constraint };
    }
    return null;
  }

  /** The interview's pages in order: one question each, a `field-list` group as one page; hidden types omitted. */
  screens(): Screen[] {
    const out: Screen[] = [];
    const walk = (nodes: readonly SurveyNode[], path: Group[]) => {
      for (const n of nodes) {
        if (n.kind === 'field') {
          if (!HIDDEN.has(n.type)) out.push({ id: n.name, path, fields: [n] });
        } else if (/\bfield-list\b/.test(n.appearance ?? '')) {
          const fields = allFields({ survey: n.children }).filter((f) => !HIDDEN.has(f.type));
          if (fields.length) out.push({ id: n.name, path, group: n, fields });
        } else walk(n.children, [...path, n]);
      }
    };
    walk(this.form.survey, []);
    return out;
  }

  /** A screen is shown when at least one of its questions is relevant. */
  isScreenRelevant(screen: Screen, answers: Answers): boolean {
    return screen.fields.some((f) => this.isRelevant(f.name, answers));
  }
}

function typeMessageZh(type: string, v: string): string {
  switch (type) {
    case 'integer':
      return `"${v}" 不是整数。`;
    case 'decimal':
      return `"${v}" 不是数字。`;
    case 'date':
      return `"${v}" 不是日期（年-月-日）。`;
    case 'time':
      return `"${v}" 不是时间（时:分 或 时:分:秒）。`;
    case 'dateTime':
      return `"${v}" 不是日期和时间（年-月-日T时:分）。`;
    case 'geopoint':
    case 'geotrace':
    case 'geoshape':
      return `"${v}" 不是有效的位置：请写“纬度 经度”（度），多个点用“;”分隔。`;
    case 'range':
      return `"${v}" 不在本题允许的数值范围内。`;
    case 'acknowledge':
      return `"${v}"：确认题的答案是 "OK"。`;
    default:
      return `"${v}" 不是本题的选项。`;
  }
}
