import { sha256HexSync } from '../../interchange/sha256.ts';
import { type Expr, type ExprEnv, ExprEvalError, type ExprValue, type PathStep } from './ast.ts';
import { dateParts, dateTimeToDays, daysToDate, daysToDateTime, formatDate, nowText, timeToFraction } from './dates.ts';
import { areaOf, distanceOf } from './geo.ts';
import { printExpression } from './print.ts';
import { seededShuffle } from './random.ts';
import { type CompiledRegex, compileRegex, RegexError } from './regex.ts';
import { localToday, selectedNames, toBoolean, toNumber, toText } from './values.ts';

/**
 * Bounds on one evaluation, so that a hostile or mistaken form cannot exhaust memory or time (issue 21, item 10):
 * 31 calculations that each double a text would otherwise reach gigabytes, and a backtracking regex minutes.
 */
export const LIMITS = {
  /** Characters of any text an expression makes. */
  text: 1_000_000,
  /** Nodes visited (and choice items filtered) by one evaluation. */
  steps: 1_000_000,
  /** NFA states a regex() may visit for one answer. */
  regexSteps: 5_000_000,
};

/** Several values: the items (or item columns) an `instance(...)` path selects. */
class NodeSet {
  constructor(readonly nodes: readonly string[]) {}
}
type Value = ExprValue | NodeSet;

interface Run {
  env: ExprEnv;
  /** Shared by the predicates of one evaluation. */
  count: { steps: number };
}

/**
 * Evaluates with XPath 1.0 / ODK semantics: an empty answer is '' as text and NaN as a number, so comparisons
 * with unanswered questions are false rather than errors. Throws only ExprEvalError.
 */
export function evaluate(expr: Expr, env: ExprEnv): ExprValue {
  try {
    return scalar(ev(expr, { env, count: { steps: 0 } }));
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

/** A node-set as one value: its first node (XPath's string()); anything else as it is. */
function scalar(v: Value): ExprValue {
  return v instanceof NodeSet ? (v.nodes[0] ?? '') : v;
}
const text = (v: Value) => toText(scalar(v));
const num = (v: Value) => toNumber(scalar(v));
const truth = (v: Value) => (v instanceof NodeSet ? v.nodes.length > 0 : toBoolean(v));
/** The values a node-set function reads: every node of a node-set, or the one value of anything else. */
const items = (v: Value): ExprValue[] => (v instanceof NodeSet ? [...v.nodes] : [v]);

function bounded<T extends Value>(v: T): T {
  if (typeof v === 'string' && v.length > LIMITS.text) {
    throw new ExprEvalError(
      `the expression makes a text longer than ${LIMITS.text.toLocaleString('en')} characters (a calculation that grows without end?)`,
      true,
    );
  }
  return v;
}

function step(run: Run, n = 1): void {
  run.count.steps += n;
  if (run.count.steps > LIMITS.steps) {
    throw new ExprEvalError(
      `the expression takes more than ${LIMITS.steps.toLocaleString('en')} steps to evaluate`,
      true,
    );
  }
}

function ev(e: Expr, run: Run): Value {
  step(run);
  const env = run.env;
  switch (e.type) {
    case 'number':
    case 'string':
      return e.value;
    case 'ref':
    case 'path': {
      const name = e.type === 'ref' ? e.name : e.field;
      const v = env.value(name);
      if (v === undefined)
        throw new ExprEvalError(`${e.type === 'ref' ? `\${${name}}` : e.text} is not a field of this form`);
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
    case 'instance':
      return instancePath(e.id, e.steps, run);
    case 'negate':
      return -num(ev(e.operand, run));
    case 'binary':
      return bounded(binary(e.op, e.left, e.right, run));
    case 'call':
      return bounded(call(e.name, e.args, run));
  }
}

/** `instance('list')/root/item[pred]/column`: the list's items, filtered, or one column of them. */
function instancePath(id: string, steps: readonly PathStep[], run: Run): NodeSet {
  const list = run.env.instance?.(id);
  if (!list) throw new ExprEvalError(`instance('${id}') is not a choice list of this form`);
  const [root, item, column, ...more] = steps;
  if (!root || root.predicates.length || (item && item.name !== 'item') || more.length || column?.predicates.length) {
    throw new ExprEvalError(`instance('${id}'): write the path as /root/item[...]/column`);
  }
  if (!item) return new NodeSet(list.length ? [''] : []);
  step(run, list.length);
  let chosen = [...list];
  for (const pred of item.predicates) {
    chosen = chosen.filter((row, i) => {
      const v = ev(pred, { env: { ...run.env, choiceProperty: (k) => row[k] ?? '' }, count: run.count });
      // A number is a position ([1] the first item), anything else a condition.
      return typeof v === 'number' ? v === i + 1 : truth(v);
    });
  }
  if (!column) return new NodeSet(chosen.map((row) => row.name ?? ''));
  return new NodeSet(chosen.flatMap((row) => (row[column.name] === undefined ? [] : [row[column.name]!])));
}

function binary(op: Extract<Expr, { type: 'binary' }>['op'], le: Expr, re: Expr, run: Run): Value {
  if (op === 'or') return truth(ev(le, run)) || truth(ev(re, run));
  if (op === 'and') return truth(ev(le, run)) && truth(ev(re, run));
  const l = ev(le, run);
  const r = ev(re, run);
  switch (op) {
    case '=':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      // XPath 1.0 §3.4: a node-set compares true when any of its nodes does.
      for (const a of l instanceof NodeSet ? l.nodes : [l]) {
        for (const b of r instanceof NodeSet ? r.nodes : [r]) {
          if (compareOne(op, a, b)) return true;
        }
      }
      return false;
    case '+':
      return num(l) + num(r);
    case '-':
      return num(l) - num(r);
    case '*':
      return num(l) * num(r);
    case 'div':
      return num(l) / num(r);
    case 'mod':
      return num(l) % num(r);
  }
}

function compareOne(op: '=' | '!=' | '<' | '<=' | '>' | '>=', l: ExprValue, r: ExprValue): boolean {
  if (op === '=') return equals(l, r);
  if (op === '!=') return !equals(l, r);
  // Two ISO dates (or date-times) compare as points in time; otherwise both sides are numbers (NaN compares false).
  const a = num(l);
  const b = num(r);
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

// XPath 1.0 §3.4: boolean beats number beats string.
function equals(l: ExprValue, r: ExprValue): boolean {
  if (typeof l === 'boolean' || typeof r === 'boolean') return toBoolean(l) === toBoolean(r);
  if (typeof l === 'number' || typeof r === 'number') return toNumber(l) === toNumber(r);
  return toText(l) === toText(r);
}

const regexCache = new Map<string, CompiledRegex | string>();

function regex(value: string, pattern: string): boolean {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    try {
      re = compileRegex(pattern);
    } catch (e) {
      re = e instanceof RegexError ? e.message : String(e);
    }
    if (regexCache.size > 500) regexCache.clear();
    regexCache.set(pattern, re);
  }
  if (typeof re === 'string') throw new ExprEvalError(`regex('${pattern}') cannot be used: ${re}`);
  try {
    return re.find(value, LIMITS.regexSteps);
  } catch (e) {
    if (e instanceof RegexError) throw new ExprEvalError(`regex('${pattern}'): ${e.message}`, true);
    throw e;
  }
}

function isEmpty(v: ExprValue): boolean {
  return v === null || v === '' || (typeof v === 'number' && Number.isNaN(v));
}

/** XPath 1.0 substring(): 1-based, positions rounded, a length counted from the rounded start. */
function substring(s: string, start: number, length?: number): string {
  const chars = [...s];
  const first = Math.round(start);
  const end = length === undefined ? Number.POSITIVE_INFINITY : first + Math.round(length);
  if (Number.isNaN(first) || Number.isNaN(end)) return '';
  return chars.filter((_, i) => i + 1 >= first && i + 1 < end).join('');
}

function uuid(length?: number): string {
  if (length === undefined) return crypto.randomUUID();
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const n = Math.max(0, Math.min(1000, Math.trunc(length)));
  const bytes = crypto.getRandomValues(new Uint8Array(n));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

function base64Decode(s: string): string {
  try {
    const bin = atob(s.trim());
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return '';
  }
}

function toBase64(hex: string): string {
  let bin = '';
  for (let i = 0; i < hex.length; i += 2) bin += String.fromCharCode(Number.parseInt(hex.slice(i, i + 2), 16));
  return btoa(bin);
}

/** `'${q}'` or `'/data/g/q'` (the second argument of jr:choice-name) → the field's name. */
function fieldOfPathText(s: string): string {
  const ref = /^\s*\$\{\s*([^}]+?)\s*\}\s*$/.exec(s);
  if (ref) return ref[1]!;
  const parts = s.trim().split('/').filter(Boolean);
  return parts[parts.length - 1] ?? '';
}

function dateOf(v: ExprValue): number {
  if (typeof v === 'number') return v;
  const days = dateTimeToDays(toText(v));
  return days ?? Number.NaN;
}

function call(name: string, args: Expr[], run: Run): Value {
  const env = run.env;
  const arg = (i: number) => ev(args[i]!, run);
  const all = () => args.flatMap((a) => items(ev(a, run)));
  switch (name) {
    case 'if':
      return truth(arg(0)) ? arg(1) : arg(2);
    case 'coalesce': {
      const a = scalar(arg(0));
      return isEmpty(a) ? arg(1) : a;
    }
    case 'once': {
      // The field's own value once it has one (ODK: a calculation evaluated only while the field is empty).
      const own = env.current;
      return own !== undefined && !isEmpty(own) ? own : arg(0);
    }
    case 'selected':
      return selectedNames(scalar(arg(0))).includes(text(arg(1)).trim());
    case 'count-selected':
      return selectedNames(scalar(arg(0))).length;
    case 'selected-at': {
      const names = selectedNames(scalar(arg(0)));
      const i = Math.trunc(num(arg(1)));
      return names[i] ?? '';
    }
    case 'jr:choice-name': {
      const value = text(arg(0));
      const field = fieldOfPathText(text(arg(1)));
      if (value === '') return '';
      const label = env.choiceName?.(field, value);
      if (label === undefined)
        throw new ExprEvalError(`jr:choice-name(): "${field}" is not a select question of this form`);
      return label;
    }
    case 'concat':
      return args.map((a) => text(ev(a, run))).join('');
    case 'join': {
      const sep = text(arg(0));
      return args
        .slice(1)
        .flatMap((a) => items(ev(a, run)))
        .map(toText)
        .join(sep);
    }
    case 'string-length':
      return [...(args.length ? text(arg(0)) : toText(env.current ?? ''))].length;
    case 'normalize-space':
      return (args.length ? text(arg(0)) : toText(env.current ?? '')).trim().replace(/\s+/g, ' ');
    case 'regex':
      return regex(text(arg(0)), text(arg(1)));
    case 'int': {
      const n = num(arg(0));
      return Number.isFinite(n) ? Math.trunc(n) : n;
    }
    case 'number':
      return num(arg(0));
    case 'string':
      return text(arg(0));
    case 'boolean':
      return truth(arg(0));
    case 'boolean-from-string': {
      const s = text(arg(0)).trim();
      return s === 'true' || s === '1';
    }
    case 'round': {
      const n = num(arg(0));
      const digits = args.length > 1 ? Math.trunc(num(arg(1))) : 0;
      if (!Number.isFinite(n) || !Number.isFinite(digits)) return Number.NaN;
      const f = 10 ** Math.max(-15, Math.min(15, digits));
      return Math.round(n * f) / f;
    }
    case 'floor':
      return Math.floor(num(arg(0)));
    case 'ceiling':
      return Math.ceil(num(arg(0)));
    case 'abs':
      return Math.abs(num(arg(0)));
    case 'pow':
      return num(arg(0)) ** num(arg(1));
    case 'log':
      return Math.log(num(arg(0)));
    case 'log10':
      return Math.log10(num(arg(0)));
    case 'exp':
      return Math.exp(num(arg(0)));
    case 'exp10':
      return 10 ** num(arg(0));
    case 'sqrt':
      return Math.sqrt(num(arg(0)));
    case 'sin':
      return Math.sin(num(arg(0)));
    case 'cos':
      return Math.cos(num(arg(0)));
    case 'tan':
      return Math.tan(num(arg(0)));
    case 'asin':
      return Math.asin(num(arg(0)));
    case 'acos':
      return Math.acos(num(arg(0)));
    case 'atan':
      return Math.atan(num(arg(0)));
    case 'atan2':
      return Math.atan2(num(arg(0)), num(arg(1)));
    case 'pi':
      return Math.PI;
    case 'random':
      return Math.random();
    case 'today':
      return env.today ?? localToday();
    case 'now':
      return nowText();
    case 'not':
      return !truth(arg(0));
    case 'true':
      return true;
    case 'false':
      return false;
    case 'contains':
      return text(arg(0)).includes(text(arg(1)));
    case 'starts-with':
      return text(arg(0)).startsWith(text(arg(1)));
    case 'ends-with':
      return text(arg(0)).endsWith(text(arg(1)));
    case 'substr': {
      const s = [...text(arg(0))];
      const start = num(arg(1));
      const end = args.length > 2 ? num(arg(2)) : s.length;
      if (Number.isNaN(start) || Number.isNaN(end)) return '';
      return s.slice(Math.max(0, Math.trunc(start)), Math.max(0, Math.trunc(end))).join('');
    }
    case 'substring':
      return substring(text(arg(0)), num(arg(1)), args.length > 2 ? num(arg(2)) : undefined);
    case 'substring-before': {
      const s = text(arg(0));
      const i = s.indexOf(text(arg(1)));
      return i < 0 ? '' : s.slice(0, i);
    }
    case 'substring-after': {
      const s = text(arg(0));
      const t = text(arg(1));
      const i = s.indexOf(t);
      return i < 0 ? '' : s.slice(i + t.length);
    }
    case 'translate': {
      const from = [...text(arg(1))];
      const to = [...text(arg(2))];
      return [...text(arg(0))]
        .map((c) => {
          const i = from.indexOf(c);
          return i < 0 ? c : (to[i] ?? '');
        })
        .join('');
    }
    case 'uuid':
      return uuid(args.length ? num(arg(0)) : undefined);
    case 'digest': {
      const algorithm = text(arg(1)).toUpperCase();
      if (algorithm !== 'SHA-256') throw new ExprEvalError(`digest(): only SHA-256 is available, not ${text(arg(1))}`);
      const hex = sha256HexSync(text(arg(0)));
      const encoding = args.length > 2 ? text(arg(2)).toLowerCase() : 'base64';
      return encoding === 'hex' ? hex : toBase64(hex);
    }
    case 'base64-decode':
      return base64Decode(text(arg(0)));
    case 'min':
    case 'max': {
      const ns = all().map(toNumber);
      if (ns.length === 0 || ns.some(Number.isNaN)) return Number.NaN;
      return name === 'min' ? Math.min(...ns) : Math.max(...ns);
    }
    case 'sum':
      return items(arg(0)).reduce<number>((s, v) => s + toNumber(v), 0);
    case 'count':
      return items(arg(0)).length;
    case 'count-non-empty':
      return items(arg(0)).filter((v) => !isEmpty(v)).length;
    case 'checklist': {
      const min = num(arg(0));
      const max = num(arg(1));
      const n = args
        .slice(2)
        .flatMap((a) => items(ev(a, run)))
        .filter(toBoolean).length;
      return (min < 0 || n >= min) && (max < 0 || n <= max);
    }
    case 'weighted-checklist': {
      const min = num(arg(0));
      const max = num(arg(1));
      let total = 0;
      for (let i = 2; i + 1 < args.length; i += 2) if (truth(arg(i))) total += num(arg(i + 1));
      return (min < 0 || total >= min) && (max < 0 || total <= max);
    }
    case 'randomize': {
      const v = arg(0);
      const nodes = v instanceof NodeSet ? [...v.nodes] : [toText(v)];
      const seed = args.length > 1 ? num(arg(1)) : undefined;
      return new NodeSet(seededShuffle(nodes, seed));
    }
    case 'date': {
      const v = scalar(arg(0));
      const days = dateOf(v);
      return Number.isFinite(days) ? daysToDate(days) : '';
    }
    case 'date-time': {
      const days = dateOf(scalar(arg(0)));
      return Number.isFinite(days) ? daysToDateTime(days, 0) : '';
    }
    case 'decimal-date':
    case 'decimal-date-time':
      return dateOf(scalar(arg(0)));
    case 'decimal-time':
      return timeToFraction(text(arg(0))) ?? Number.NaN;
    case 'format-date':
    case 'format-date-time': {
      const v = scalar(arg(0));
      const parts = typeof v === 'number' ? dateParts(daysToDateTime(v, 0).slice(0, 23)) : dateParts(toText(v));
      return parts ? formatDate(parts, text(arg(1))) : '';
    }
    case 'area':
      return areaOf(text(arg(0)));
    case 'distance':
      return distanceOf(args.length === 1 ? text(arg(0)) : args.map((a) => text(ev(a, run))).join(';'));
    default:
      throw new ExprEvalError(`unknown function ${name}()`);
  }
}
