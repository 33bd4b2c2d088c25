/** The XLSForm expression language: parse once, evaluate safely (no eval, no Function). */
export type { BinaryOp, Expr, ExprEnv, ExprValue } from './ast.ts';
export { ExprEvalError, ExprSyntaxError } from './ast.ts';
export { evaluate } from './evaluate.ts';
export { FUNCTION_ARITY } from './functions.ts';
export { isFieldName } from './lexer.ts';
export { parseExpression } from './parser.ts';
export { printExpression } from './print.ts';
export { isoDateToDays, selectedNames, toBoolean, toNumber, toText } from './values.ts';

import type { Expr, ExprEnv, ExprValue } from './ast.ts';
import { evaluate } from './evaluate.ts';
import { parseExpression } from './parser.ts';

const compiled = new Map<string, Expr>();

/** Parses `src` once (cached by text) and returns an evaluator; throws ExprSyntaxError now, ExprEvalError later. */
export function compileExpression(src: string): (env: ExprEnv) => ExprValue {
  let expr = compiled.get(src);
  if (!expr) {
    expr = parseExpression(src);
    if (compiled.size > 5000) compiled.clear();
    compiled.set(src, expr);
  }
  const e = expr;
  return (env) => evaluate(e, env);
}

/** The field names an expression reads (`${name}`), in order of first use. */
export function fieldRefs(expr: Expr): string[] {
  const out = new Set<string>();
  const walk = (e: Expr): void => {
    if (e.type === 'ref') out.add(e.name);
    else if (e.type === 'negate') walk(e.operand);
    else if (e.type === 'binary') {
      walk(e.left);
      walk(e.right);
    } else if (e.type === 'call') e.args.forEach(walk);
  };
  walk(expr);
  return [...out];
}

/** The bare names an expression reads (choice columns in a choice_filter). */
export function propertyRefs(expr: Expr): string[] {
  const out = new Set<string>();
  const walk = (e: Expr): void => {
    if (e.type === 'property') out.add(e.name);
    else if (e.type === 'negate') walk(e.operand);
    else if (e.type === 'binary') {
      walk(e.left);
      walk(e.right);
    } else if (e.type === 'call') e.args.forEach(walk);
  };
  walk(expr);
  return [...out];
}

/** True when the expression uses `.`. */
export function usesCurrent(expr: Expr): boolean {
  if (expr.type === 'current') return true;
  if (expr.type === 'negate') return usesCurrent(expr.operand);
  if (expr.type === 'binary') return usesCurrent(expr.left) || usesCurrent(expr.right);
  if (expr.type === 'call') return expr.args.some(usesCurrent);
  return false;
}
