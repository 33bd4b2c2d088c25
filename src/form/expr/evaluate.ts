import { type Expr, type ExprEnv, ExprEvalError, type ExprValue } from './ast.ts';
import { printExpression } from './print.ts';
import { isoDateToDays, localToday, selectedNames, toBoolean, toNumber, toText } from './values.ts';

/**
 * Evaluates with XPath 1.0 / ODK semantics: an empty answer is '' as text and NaN as a number, so comparisons
 * with unanswered questions are false rather than errors. Throws only ExprEvalError.
 */
export function evaluate(expr: Expr, env: ExprEnv): ExprValue {
  try {
    return ev(expr, env);
  } catch (e) {
    if (e instanceof ExprEvalError) throw e;
    // e.g. a stack overflow on a pathological tree: still the typed error callers handle.
    throw new ExprEvalError(`cannot evaluate ${safePrint(expr)}: ${(e as Error)?.message ?? String(e)}`);
  }
}

function safePrint(expr: Expr): string {
  try {
    return printExpression(expr).slice(0, 200);
  } catch {
    return 'the expression';
  }
}

function ev(e: Expr, env: ExprEnv): ExprValue {
  switch (e.type) {
    case 'number':
    case 'string':
      return e.value;
    case 'ref': {
      const v = env.value(e.name);
      if (v === undefined) throw new ExprEvalError(`\${${e.name}} is not a field of this form`);
      return v;
    }
    case 'current':
      if (env.current === undefined)
        throw new ExprEvalError('"." (the current answer) is only allowed in a constraint');
      return env.current;
    case 'property': {
      const v = env.choiceProperty?.(e.name);
      if (v === undefined) {
        throw new ExprEvalError(
          env.choiceProperty
            ? `"${e.name}" is not a column of the choices sheet`
            : `bare name "${e.name}" is only allowed in a choice_filter (a field is written \${${e.name}})`,
        );
      }
      return v;
    }
    case 'negate':
      return -toNumber(ev(e.operand, env));
    case 'binary':
      return binary(e.op, e.left, e.right, env);
    case 'call':
      return call(e.name, e.args, env);
  }
}

function binary(op: Extract<Expr, { type: 'binary' }>['op'], le: Expr, re: Expr, env: ExprEnv): ExprValue {
  if (op === 'or') return toBoolean(ev(le, env)) || toBoolean(ev(re, env));
  if (op === 'and') return toBoolean(ev(le, env)) && toBoolean(ev(re, env));
  const l = ev(le, env);
  const r = ev(re, env);
  switch (op) {
    case '=':
      return equals(l, r);
    case '!=':
      return !equals(l, r);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(op, l, r);
    case '+':
      return toNumber(l) + toNumber(r);
    case '-':
      return toNumber(l) - toNumber(r);
    case '*':
      return toNumber(l) * toNumber(r);
    case 'div':
      return toNumber(l) / toNumber(r);
    case 'mod':
      return toNumber(l) % toNumber(r);
  }
}

// XPath 1.0 §3.4: boolean beats number beats string.
function equals(l: ExprValue, r: ExprValue): boolean {
  if (typeof l === 'boolean' || typeof r === 'boolean') return toBoolean(l) === toBoolean(r);
  if (typeof l === 'number' || typeof r === 'number') return toNumber(l) === toNumber(r);
  return toText(l) === toText(r);
}

function compare(op: '<' | '<=' | '>' | '>=', l: ExprValue, r: ExprValue): boolean {
  // Two ISO dates compare as dates; otherwise both sides are numbers (NaN compares false).
  const a = typeof l === 'string' && isoDateToDays(l) !== undefined ? isoDateToDays(l)! : toNumber(l);
  const b = typeof r === 'string' && isoDateToDays(r) !== undefined ? isoDateToDays(r)! : toNumber(r);
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

const regexCache = new Map<string, RegExp>();

function compileRegex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      try {
        re = new RegExp(pattern);
      } catch (e) {
        throw new ExprEvalError(`regex('${pattern}') is not a valid regular expression: ${(e as Error).message}`);
      }
    }
    if (regexCache.size > 500) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

function isEmpty(v: ExprValue): boolean {
  return v === null || v === '' || (typeof v === 'number' && Number.isNaN(v));
}

function call(name: string, args: Expr[], env: ExprEnv): ExprValue {
  const arg = (i: number) => ev(args[i]!, env);
  switch (name) {
    case 'if':
      return toBoolean(arg(0)) ? arg(1) : arg(2);
    case 'coalesce': {
      const a = arg(0);
      return isEmpty(a) ? arg(1) : a;
    }
    case 'selected':
      return selectedNames(arg(0)).includes(toText(arg(1)).trim());
    case 'count-selected':
      return selectedNames(arg(0)).length;
    case 'selected-at': {
      const names = selectedNames(arg(0));
      const i = Math.trunc(toNumber(arg(1)));
      return names[i] ?? '';
    }
    case 'concat':
      return args.map((a) => toText(ev(a, env))).join('');
    case 'string-length':
      return [...toText(arg(0))].length;
    case 'regex':
      return compileRegex(toText(arg(1))).test(toText(arg(0)));
    case 'int': {
      const n = toNumber(arg(0));
      return Number.isFinite(n) ? Math.trunc(n) : n;
    }
    case 'number':
      return toNumber(arg(0));
    case 'string':
      return toText(arg(0));
    case 'boolean':
      return toBoolean(arg(0));
    case 'round': {
      const n = toNumber(arg(0));
      const digits = args.length > 1 ? Math.trunc(toNumber(arg(1))) : 0;
      if (!Number.isFinite(n) || !Number.isFinite(digits)) return Number.NaN;
      const f = 10 ** Math.max(-15, Math.min(15, digits));
      return Math.round(n * f) / f;
    }
    case 'today':
      return env.today ?? localToday();
    case 'not':
      return !toBoolean(arg(0));
    case 'true':
      return true;
    case 'false':
      return false;
    case 'contains':
      return toText(arg(0)).includes(toText(arg(1)));
    case 'starts-with':
      return toText(arg(0)).startsWith(toText(arg(1)));
    case 'ends-with':
      return toText(arg(0)).endsWith(toText(arg(1)));
    case 'substr': {
      const s = [...toText(arg(0))];
      const start = toNumber(arg(1));
      const end = args.length > 2 ? toNumber(arg(2)) : s.length;
      if (Number.isNaN(start) || Number.isNaN(end)) return '';
      return s.slice(Math.max(0, Math.trunc(start)), Math.max(0, Math.trunc(end))).join('');
    }
    case 'min':
      return Math.min(...args.map((a) => toNumber(ev(a, env))));
    case 'max':
      return Math.max(...args.map((a) => toNumber(ev(a, env))));
    case 'abs':
      return Math.abs(toNumber(arg(0)));
    default:
      throw new ExprEvalError(`unknown function ${name}()`);
  }
}
