import { isDynamicDefault } from '../defaults.ts';
import { calculationOrder } from '../deps.ts';
import { dateParts } from '../expr/dates.ts';
import {
  type Expr,
  ExprEvalError,
  ExprSyntaxError,
  evaluate,
  fieldRefs,
  instanceRefs,
  isoDateToDays,
  parseExpression,
  propertyRefs,
  toText,
  usesCurrent,
} from '../expr/index.ts';
import { compileRegex, RegexError } from '../expr/regex.ts';
import type { Choice, Field } from '../model.ts';
import type { ChoicesResult } from './choices.ts';
import type { ExpressionSite, IssueList } from './collect.ts';
import type { ColumnMap } from './headers.ts';
import type { SurveyEntry } from './survey.ts';

const ROLE_NAMES: Record<ExpressionSite['role'], string> = {
  relevant: 'relevant',
  constraint: 'constraint',
  required: 'required',
  calculation: 'calculation',
  choice_filter: 'choice_filter',
  rule: 'rule',
  default: 'default',
};

/** Every expression parses and names only fields that exist; `.` only in constraints; bare names only in filters. */
export function checkExpressions(
  sites: readonly ExpressionSite[],
  fieldNames: ReadonlySet<string>,
  groupNames: ReadonlySet<string>,
  choices: Readonly<Record<string, readonly Choice[]>>,
  issues: IssueList,
): void {
  for (const s of sites) {
    let expr: ReturnType<typeof parseExpression>;
    try {
      expr = parseExpression(s.src);
    } catch (e) {
      const msg = e instanceof ExprSyntaxError ? e.message : String(e);
      issues.add(s.sheet, s.row, s.column, `${ROLE_NAMES[s.role]} does not parse: ${msg}`);
      continue;
    }
    for (const id of instanceRefs(expr)) {
      if (!choices[id]) issues.add(s.sheet, s.row, s.column, `instance('${id}') names no choice list of this form`);
    }
    for (const pattern of regexLiterals(expr)) {
      try {
        compileRegex(pattern);
      } catch (e) {
        if (e instanceof RegexError) issues.add(s.sheet, s.row, s.column, `regex('${pattern}'): ${e.message}`);
        else throw e;
      }
    }
    for (const ref of fieldRefs(expr)) {
      if (fieldNames.has(ref)) continue;
      issues.add(
        s.sheet,
        s.row,
        s.column,
        groupNames.has(ref)
          ? `\${${ref}} is a group, not a question: an expression can only read answers`
          : `\${${ref}} is not a field of this form`,
      );
    }
    if (s.role !== 'constraint' && s.role !== 'choice_filter' && usesCurrent(expr)) {
      issues.add(s.sheet, s.row, s.column, `"." (the answer itself) can only be used in a constraint`);
    }
    const props = propertyRefs(expr);
    if (props.length > 0) {
      if (s.role !== 'choice_filter') {
        for (const p of props) {
          issues.add(
            s.sheet,
            s.row,
            s.column,
            `"${p}" is not a value: write a field as \${${p}} and text in quotes '${p}'`,
          );
        }
      } else {
        const list = s.listName ? choices[s.listName] : undefined;
        const known = new Set(['name']);
        for (const c of list ?? []) for (const k of Object.keys(c.properties ?? {})) known.add(k);
        for (const p of props) {
          if (list && !known.has(p)) {
            // ODK reads a missing column as empty (pyxform does not check): said, not refused.
            issues.warn(
              s.sheet,
              s.row,
              s.column,
              `choice list "${s.listName}" has no column "${p}": the filter reads it as empty`,
            );
          }
        }
      }
    }
  }
}

/** Calculations must not depend on themselves, directly or through others. */
export function checkCycles(entries: readonly SurveyEntry[], cols: ColumnMap, issues: IssueList): string[] {
  const calculated = entries
    .filter((e) => e.field.calculation !== undefined)
    .map((e) => ({ name: e.field.name, calculation: e.field.calculation! }));
  const { order, cycles } = calculationOrder(calculated);
  const rowOf = new Map(entries.map((e) => [e.field.name, e.row.row]));
  for (const cycle of cycles) {
    const first = cycle.slice(0, -1).reduce((a, b) => ((rowOf.get(a) ?? 0) <= (rowOf.get(b) ?? 0) ? a : b));
    issues.add(
      'survey',
      rowOf.get(first),
      cols.plain.get('calculation'),
      `calculation cycle: ${cycle.map((n) => `\${${n}}`).join(' → ')}`,
    );
  }
  return order;
}

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?(\d+(\.\d*)?|\.\d+)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Lists exist; defaults fit their type; scoring keys name real choices of a scorable question. */
export function checkFieldsAgainstChoices(
  entries: readonly SurveyEntry[],
  choices: Readonly<Record<string, readonly Choice[]>>,
  cols: ColumnMap,
  issues: IssueList,
): void {
  const sheet = 'survey';
  const typeCol = cols.plain.get('type');
  for (const { field: f, row } of entries) {
    const list = f.listName ? choices[f.listName] : undefined;
    if (f.listName && !list) {
      issues.add(sheet, row.row, typeCol, `choice list "${f.listName}" is not defined in the choices sheet`);
    }
    const names = new Set((list ?? []).map((c) => c.name));
    if (f.default !== undefined && !isDynamicDefault(f.type, f.default)) {
      const bad = badValue(f, f.default, list ? names : undefined);
      if (bad) issues.add(sheet, row.row, cols.plain.get('default'), `default ${bad}`);
    }
    if (!f.scoring) continue;
    const keyCol = cols.scoring.get('key');
    if (f.type === 'select_one' || f.type === 'select_multiple') {
      if (list) {
        for (const k of f.scoring.key) {
          if (!names.has(k))
            issues.add(sheet, row.row, keyCol, `scoring::key "${k}" is not a choice of list "${f.listName}"`);
        }
        for (const v of f.scoring.veto ?? []) {
          if (!names.has(v)) {
            issues.add(
              sheet,
              row.row,
              cols.scoring.get('veto'),
              `scoring::veto "${v}" is not a choice of list "${f.listName}"`,
            );
          }
        }
      }
      if (f.type === 'select_one' && f.scoring.key.length !== 1) {
        issues.add(sheet, row.row, keyCol, 'a select_one item has exactly one correct choice in scoring::key');
      }
      if (f.scoring.tolerance !== undefined) {
        issues.add(
          sheet,
          row.row,
          cols.scoring.get('tolerance'),
          'scoring::tolerance is only for integer/decimal items',
        );
      }
    } else if (f.type === 'integer' || f.type === 'decimal') {
      if (f.scoring.key.length !== 1 || !DECIMAL.test(f.scoring.key[0]!)) {
        issues.add(sheet, row.row, keyCol, `scoring::key of a number question must be one number`);
      }
      if (f.scoring.veto?.length) {
        issues.add(sheet, row.row, cols.scoring.get('veto'), 'scoring::veto is only for select questions');
      }
    } else {
      issues.add(
        sheet,
        row.row,
        cols.scoring.get('dimension'),
        `only select_one, select_multiple, integer and decimal questions can be scored, not ${f.type}`,
      );
    }
  }
}

/** Why `value` is not a valid answer to `f` (undefined when it is). */
export function badValue(
  f: Pick<Field, 'type' | 'name' | 'parameters'>,
  value: string,
  choiceNames?: ReadonlySet<string>,
): string | undefined {
  switch (f.type) {
    case 'integer':
      return INTEGER.test(value) ? undefined : `"${value}" is not a whole number`;
    case 'decimal':
      return DECIMAL.test(value) ? undefined : `"${value}" is not a number`;
    case 'date':
      return DATE.test(value) && isoDateToDays(value) !== undefined
        ? undefined
        : `"${value}" is not a date (YYYY-MM-DD)`;
    case 'time':
      return TIME.test(value) ? undefined : `"${value}" is not a time of day (HH:MM or HH:MM:SS)`;
    case 'dateTime':
      return DATE_TIME.test(value) && dateParts(value) !== undefined
        ? undefined
        : `"${value}" is not a date and time (YYYY-MM-DDTHH:MM)`;
    case 'geopoint':
    case 'geotrace':
    case 'geoshape':
      return badGeo(f.type, value);
    case 'range': {
      const p = f.parameters ?? {};
      const [start, end, step] = [Number(p.start ?? 1), Number(p.end ?? 10), Number(p.step ?? 1)];
      const n = Number(value);
      if (!DECIMAL.test(value)) return `"${value}" is not a number`;
      const [lo, hi] = start <= end ? [start, end] : [end, start];
      const k = (n - start) / step;
      if (n < lo || n > hi || Math.abs(k - Math.round(k)) > 1e-9) {
        return `"${value}" is not one of ${start} to ${end} by ${step}`;
      }
      return undefined;
    }
    case 'acknowledge':
      return value === 'OK' ? undefined : `"${value}": an acknowledgement is "OK"`;
    case 'select_one':
      return !choiceNames || choiceNames.has(value) ? undefined : `"${value}" is not a choice of this question`;
    case 'select_multiple': {
      const bad = value.split(/\s+/).filter((v) => v && choiceNames && !choiceNames.has(v));
      return bad.length
        ? `"${bad.join(' ')}" ${bad.length > 1 ? 'are not choices' : 'is not a choice'} of this question`
        : undefined;
    }
    default:
      return undefined;
  }
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

/** ODK's geo answers: "lat lon [altitude [accuracy]]", points joined by ";" (a trace ≥ 2, a closed shape ≥ 4). */
function badGeo(type: 'geopoint' | 'geotrace' | 'geoshape', value: string): string | undefined {
  const points = value
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean);
  for (const p of points) {
    const parts = p.split(/\s+/).map(Number);
    const [lat, lon] = parts;
    if (
      parts.length < 2 ||
      parts.length > 4 ||
      parts.some((x) => !Number.isFinite(x)) ||
      Math.abs(lat!) > 90 ||
      Math.abs(lon!) > 180
    ) {
      return `"${p}" is not a location: write "latitude longitude" in degrees, e.g. "31.2304 121.4737"`;
    }
  }
  if (type === 'geopoint' && points.length !== 1) return `"${value}" is not one location`;
  if (type === 'geotrace' && points.length < 2) return 'a line needs at least 2 points, separated by ";"';
  if (type === 'geoshape') {
    if (points.length < 4) return 'a shape needs at least 4 points (the last the same as the first), separated by ";"';
    const same = (a: string, b: string) =>
      a.split(/\s+/).slice(0, 2).join(' ') === b.split(/\s+/).slice(0, 2).join(' ');
    if (!same(points[0]!, points[points.length - 1]!))
      return 'a shape must end where it starts (repeat the first point)';
  }
  return undefined;
}

/**
 * A select_multiple answer is its choice names separated by spaces, so the names of a list it uses must have none;
 * a list only select_one questions use may (pyxform refuses spaces only for select_multiple).
 */
export function checkChoiceNames(entries: readonly SurveyEntry[], choices: ChoicesResult, issues: IssueList): void {
  const multiple = new Set(entries.filter((e) => e.field.type === 'select_multiple').map((e) => e.field.listName));
  const nameCol = choices.columns.plain.get('name');
  for (const list of multiple) {
    for (const c of (list && choices.choices[list]) || []) {
      if (!/\s/.test(c.name)) continue;
      issues.add(
        choices.sheet,
        choices.rows.get(c)?.row,
        nameCol,
        `choice name "${c.name}" contains a space, and list "${list}" is used by a select_multiple (its answers are space-separated)`,
      );
    }
  }
}

/** The patterns of `regex(x, 'literal')` calls, checked when the form is read rather than at the first answer. */
function regexLiterals(e: Expr): string[] {
  const out: string[] = [];
  const walk = (x: Expr): void => {
    if (x.type === 'call') {
      const p = x.args[1];
      if (x.name === 'regex' && p?.type === 'string') out.push(p.value);
      x.args.forEach(walk);
    } else if (x.type === 'binary') {
      walk(x.left);
      walk(x.right);
    } else if (x.type === 'negate') walk(x.operand);
    else if (x.type === 'instance') for (const st of x.steps) st.predicates.forEach(walk);
  };
  walk(e);
  return out;
}

/**
 * Runs every calculation once on an empty interview, in dependency order, and refuses the form at the first that goes
 * past an evaluation bound (a text that doubles 31 times, an endless product): such a form would fail every
 * interview and import, so the place to say so is the cell, now.
 */
export function checkEvaluationBounds(
  entries: readonly SurveyEntry[],
  order: readonly string[],
  cols: ColumnMap,
  issues: IssueList,
): void {
  const byName = new Map(entries.map((e) => [e.field.name, e]));
  const values = new Map<string, string | null>();
  for (const name of order) {
    const entry = byName.get(name);
    if (!entry?.field.calculation) continue;
    let expr: Expr;
    try {
      expr = parseExpression(entry.field.calculation);
    } catch {
      continue; // reported where expressions are checked
    }
    try {
      const v = evaluate(expr, {
        value: (n) => (byName.has(n) ? (values.get(n) ?? null) : undefined),
        today: '2000-01-01',
      });
      values.set(name, v === null ? null : toText(v));
    } catch (e) {
      if (!(e instanceof ExprEvalError)) throw e;
      if (e.code === 'expression_limit') {
        issues.add('survey', entry.row.row, cols.plain.get('calculation'), `calculation of "${name}": ${e.message}`);
        return;
      }
      values.set(name, null);
    }
  }
}
