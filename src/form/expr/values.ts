import type { ExprValue } from './ast.ts';
import { dateTimeToDays } from './dates.ts';

/** XPath's string(): empty answers are '', integers print without a decimal point. */
export function toText(v: ExprValue): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (Object.is(v, -0)) return '0';
    return String(v);
  }
  return v;
}

const NUMERIC = /^\s*-?(?:\d+(?:\.\d*)?|\.\d+)\s*$/;

/** XPath's number(): '' and non-numeric text are NaN (so `${age} > 17` is false while age is empty). */
export function toNumber(v: ExprValue): number {
  if (v === null) return Number.NaN;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (NUMERIC.test(v)) return Number(v);
  // Dates and date-times count days since 1970-01-01, as ODK subtracts and compares them.
  const days = dateTimeToDays(v);
  return days ?? Number.NaN;
}

export function toBoolean(v: ExprValue): boolean {
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  return v.length > 0;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a valid ISO date, as ODK compares dates; otherwise undefined. */
export function isoDateToDays(s: string): number | undefined {
  const m = ISO_DATE.exec(s.trim());
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return t / 86_400_000;
}

/** A select_multiple answer as its choice names. */
export function selectedNames(v: ExprValue): string[] {
  const s = toText(v).trim();
  return s === '' ? [] : s.split(/\s+/);
}

export function localToday(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
