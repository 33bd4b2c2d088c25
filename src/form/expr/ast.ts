/** The expression tree of XLSForm expressions (xlsform.md "Expressions"). Parsed once, never eval'd. */

export type BinaryOp = 'or' | 'and' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | 'div' | 'mod';

/** One step of an `instance('list')/root/item[...]/label` path. */
export interface PathStep {
  name: string;
  predicates: Expr[];
}

export type Expr =
  | { type: 'number'; value: number }
  | { type: 'string'; value: string }
  /** `${name}`: another field's answer. */
  | { type: 'ref'; name: string }
  /**
   * `/data/group/name`, `../name`, `current()/../name`: a field by path. scilit's names are unique in a form,
   * so the path is the field its last step names; `text` is kept to print the expression as it was written.
   */
  | { type: 'path'; field: string; text: string }
  /** `.` (or `current()`): the value being checked (constraints). */
  | { type: 'current' }
  /** A bare name: a column of the choice being filtered (`choice_filter`, predicates of `instance(...)`). */
  | { type: 'property'; name: string }
  /** `instance('list')/root/item[pred]/label`: the items of a choice list, as ODK exposes them. */
  | { type: 'instance'; id: string; steps: PathStep[] }
  | { type: 'negate'; operand: Expr }
  | { type: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { type: 'call'; name: string; args: Expr[] };

/** An answer or intermediate value. Empty answers are null; select_multiple answers are space-separated names. */
export type ExprValue = string | number | boolean | null;

/** A choice list's item as `instance('list')/root/item` shows it: `name`, `label` and the list's other columns. */
export type InstanceItem = Readonly<Record<string, string>>;

export interface ExprEnv {
  /** The answer of field `name`; `undefined` means the form has no such field. */
  value(name: string): ExprValue | undefined;
  /** The value `.` stands for (the answer being checked by a constraint; the field's own value for `once()`). */
  current?: ExprValue;
  /** ISO date for `today()`; defaults to the local date. */
  today?: string;
  /** For `choice_filter`: a column of the choice being filtered (`name` is the choice name). */
  choiceProperty?(name: string): ExprValue | undefined;
  /** The items of choice list `id` for `instance('id')`; undefined when there is no such list. */
  instance?(id: string): readonly InstanceItem[] | undefined;
  /** The label of choice `value` of field `field` for `jr:choice-name()`. */
  choiceName?(field: string, value: string): string | undefined;
}

/** A parse error; `position` is the 0-based character offset of the offending character. */
export class ExprSyntaxError extends Error {
  readonly userFacing = true;
  readonly code = 'expression_syntax';
  constructor(
    message: string,
    readonly position: number,
    readonly source: string,
  ) {
    super(`${message} at character ${position + 1}: ${source.slice(0, position)}⟨${source.slice(position) || 'end'}⟩`);
    this.name = 'ExprSyntaxError';
  }
}

/**
 * The only error evaluate() throws: a value that cannot be computed (unknown field, bad regex, ...). `limit` is set
 * when the expression went past a bound (text length, evaluation steps, regex cost): a form's fault, not an answer's.
 */
export class ExprEvalError extends Error {
  readonly userFacing = true;
  readonly code: 'expression_evaluation' | 'expression_limit';
  constructor(message: string, limit = false) {
    super(message);
    this.name = 'ExprEvalError';
    this.code = limit ? 'expression_limit' : 'expression_evaluation';
  }
}
