/** The expression tree of the XLSForm subset (xlsform.md "Expressions"). Parsed once, never eval'd. */

export type BinaryOp = 'or' | 'and' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | 'div' | 'mod';

export type Expr =
  | { type: 'number'; value: number }
  | { type: 'string'; value: string }
  /** `${name}`: another field's answer. */
  | { type: 'ref'; name: string }
  /** `.`: the value being checked (constraints). */
  | { type: 'current' }
  /** A bare name: a column of the choices sheet, only meaningful inside `choice_filter`. */
  | { type: 'property'; name: string }
  | { type: 'negate'; operand: Expr }
  | { type: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { type: 'call'; name: string; args: Expr[] };

/** An answer or intermediate value. Empty answers are null; select_multiple answers are space-separated names. */
export type ExprValue = string | number | boolean | null;

export interface ExprEnv {
  /** The answer of field `name`; `undefined` means the form has no such field. */
  value(name: string): ExprValue | undefined;
  /** The value `.` stands for (the answer being checked by a constraint). */
  current?: ExprValue;
  /** ISO date for `today()`; defaults to the local date. */
  today?: string;
  /** For `choice_filter`: a column of the choice being filtered (`name` is the choice name). */
  choiceProperty?(name: string): ExprValue | undefined;
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

/** The only error evaluate() throws: a value that cannot be computed (unknown field, bad regex, ...). */
export class ExprEvalError extends Error {
  readonly userFacing = true;
  readonly code = 'expression_evaluation';
  constructor(message: string) {
    super(message);
    this.name = 'ExprEvalError';
  }
}
