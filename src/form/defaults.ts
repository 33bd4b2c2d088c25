import { nowText } from './expr/dates.ts';
import { compileExpression, type ExprEnv, ExprEvalError, type InstanceItem, toText } from './expr/index.ts';
import { allFields, type FieldType, type Form } from './model.ts';

/**
 * What an interview holds before the first answer, as ODK Collect fills it when a form is opened: the `default`
 * column (a value, or an expression evaluated once, pyxform's "dynamic default"), and the metadata recorded at the
 * start (start, today, deviceid, username; phone metadata a laptop does not have stays empty). `end` is recorded
 * when the interview is finalized (endAnswers).
 */

// Types whose plain values contain "-" (dates, coordinates): a minus there is not arithmetic.
const HYPHENATED: ReadonlySet<string> = new Set(['date', 'dateTime', 'time', 'geopoint', 'geotrace', 'geoshape']);

/**
 * pyxform's rule for a dynamic default: a field reference, a function call, a predicate or an operator
 * (`${age} + 1`, `today()`, `random()`); anything else is a plain value.
 */
export function isDynamicDefault(type: FieldType | string, text: string): boolean {
  if (/\$\{|\[|\]|[\p{L}_][\p{L}\p{N}_:.-]*\s*\(|[*|]|(^|\s)(div|mod)(\s|$)/u.test(text)) return true;
  // An operator, not a hyphen inside a word (`well-known`) or a sign (`-5`).
  if (!HYPHENATED.has(type) && /([\d)}]\s*[+-]\s*[\d$(])|(\s[+-]\s)/.test(text)) return true;
  return false;
}

export interface StartContext {
  /** When the interview is opened. */
  now: Date;
  deviceId: string;
  username: string;
  instance?(id: string): readonly InstanceItem[] | undefined;
}

/** The answers an interview starts with (only fields that get a value). */
export function startingAnswers(form: Form, ctx: StartContext): Record<string, string> {
  const out: Record<string, string> = {};
  const now = nowText(ctx.now);
  const fields = allFields(form);
  const names = new Set(fields.map((f) => f.name));
  for (const f of fields) {
    switch (f.type) {
      case 'start':
        out[f.name] = now;
        continue;
      case 'today':
        out[f.name] = now.slice(0, 10);
        continue;
      case 'deviceid':
        out[f.name] = ctx.deviceId;
        continue;
      case 'username':
        out[f.name] = ctx.username;
        continue;
    }
    if (f.default === undefined) continue;
    if (!isDynamicDefault(f.type, f.default)) {
      out[f.name] = f.default;
      continue;
    }
    // Evaluated once, in survey order, seeing the values set before it (as ODK's odk-instance-first-load).
    const env: ExprEnv = {
      value: (n) => (names.has(n) ? (out[n] ?? null) : undefined),
      today: now.slice(0, 10),
    };
    if (ctx.instance) env.instance = ctx.instance;
    try {
      const v = compileExpression(f.default)(env);
      const text = v === null ? '' : toText(v);
      if (text !== '' && text !== 'NaN') out[f.name] = text;
    } catch (e) {
      if (!(e instanceof ExprEvalError)) throw e;
    }
  }
  return out;
}

/** The metadata recorded when the interview is finalized: `end`. */
export function endAnswers(form: Form, at: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of allFields(form)) if (f.type === 'end') out[f.name] = nowText(at);
  return out;
}
