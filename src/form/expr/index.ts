/** The XLSForm expression language: parse once, evaluate safely (no eval, no Function). */
export type { BinaryOp, Expr, ExprEnv, ExprValue, InstanceItem } from './ast.ts';
export { ExprEvalError, ExprSyntaxError } from './ast.ts';
export { evaluate, LIMITS } from './evaluate.ts';
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

/** Visits every node; `inPredicate` is true inside `instance(...)[...]`, where bare names are item columns. */
function walk(e: Expr, visit: (e: Expr, inPredicate: boolean) => void, inPredicate = false): void {
  visit(e, inPredicate);
  if (e.type === 'negate') walk(e.operand, visit, inPredicate);
  else if (e.type === 'binary') {
    walk(e.left, visit, inPredicate);
    walk(e.right, visit, inPredicate);
  } else if (e.type === 'call') for (const a of e.args) walk(a, visit, inPredicate);
  else if (e.type === 'instance') {
    for (const s of e.steps) for (const p of s.predicates) walk(p, visit, true);
  }
}

/** The field names an expression reads (`${name}` or a path to it), in order of first use. */
export function fieldRefs(expr: Expr): string[] {
  const out = new Set<string>();
  walk(expr, (e) => {
    if (e.type === 'ref') out.add(e.name);
    else if (e.type === 'path') out.add(e.field);
  });
  return [...out];
}

/** The bare names an expression reads outside instance predicates (choice columns in a choice_filter). */
export function propertyRefs(expr: Expr): string[] {
  const out = new Set<string>();
  walk(expr, (e, inPredicate) => {
    if (e.type === 'property' && !inPredicate) out.add(e.name);
  });
  return [...out];
}

/** The choice lists an expression reads through `instance('list')`. */
export function instanceRefs(expr: Expr): string[] {
  const out = new Set<string>();
  walk(expr, (e) => {
    if (e.type === 'instance') out.add(e.id);
  });
  return [...out];
}

/** True when the expression uses `.` (or `current()`) outside instance predicates. */
export function usesCurrent(expr: Expr): boolean {
  let found = false;
  walk(expr, (e, inPredicate) => {
    if (e.type === 'current' && !inPredicate) found = true;
  });
  return found;
}
