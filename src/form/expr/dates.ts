/** Dates and times as ODK expressions see them: ISO text in answers, days since 1970-01-01 in arithmetic. */

const DAY_MS = 86_400_000;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

export interface DateParts {
  y: number;
  m: number;
  d: number;
  h: number;
  min: number;
  s: number;
  ms: number;
  /** Minutes east of UTC when written; undefined for a local time. */
  offset?: number;
}

function offsetMinutes(z: string | undefined): number | undefined {
  if (!z) return undefined;
  if (z === 'Z') return 0;
  const sign = z[0] === '-' ? -1 : 1;
  const digits = z.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

/** The parts of an ISO date or date-time, or undefined when the text is not one (or names no real day). */
export function dateParts(text: string): DateParts | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const p: DateParts = {
    y: Number(m[1]),
    m: Number(m[2]),
    d: Number(m[3]),
    h: Number(m[4] ?? 0),
    min: Number(m[5] ?? 0),
    s: Number(m[6] ?? 0),
    ms: m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0,
  };
  const offset = offsetMinutes(m[8]);
  if (offset !== undefined) p.offset = offset;
  const check = new Date(Date.UTC(p.y, p.m - 1, p.d));
  if (check.getUTCFullYear() !== p.y || check.getUTCMonth() !== p.m - 1 || check.getUTCDate() !== p.d) return undefined;
  if (p.h > 24 || p.min > 59 || p.s > 60) return undefined;
  return p;
}

/**
 * Days since 1970-01-01 for an ISO date (whole days) or date-time (with its fraction; a written offset is applied, a
 * local time counts as written), as ODK compares and subtracts them.
 */
export function dateTimeToDays(text: string): number | undefined {
  const p = dateParts(text);
  if (!p) return undefined;
  const utc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s, p.ms) - (p.offset ?? 0) * 60_000;
  return utc / DAY_MS;
}

/** A time of day (`10:20:30.000+08:00`) as a fraction of a day, for decimal-time(). */
export function timeToFraction(text: string): number | undefined {
  const m = TIME.exec(text.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  const s = Number(m[3] ?? 0) + (m[4] ? Number(`0.${m[4]}`) : 0);
  if (h > 23 || min > 59 || s >= 61) return undefined;
  const offset = offsetMinutes(m[5]) ?? 0;
  const f = (h * 3600 + min * 60 + s - offset * 60) / 86_400;
  return f - Math.floor(f);
}

const pad = (n: number, w = 2) => String(Math.trunc(n)).padStart(w, '0');

/** Days since 1970-01-01 → ISO date (YYYY-MM-DD). */
export function daysToDate(days: number): string {
  const d = new Date(Math.floor(days) * DAY_MS);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Days since 1970-01-01 → ISO date-time in the given offset (minutes east of UTC). */
export function daysToDateTime(days: number, offsetMin: number): string {
  const d = new Date(Math.round(days * DAY_MS) + offsetMin * 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const o = Math.abs(offsetMin);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}` +
    `${sign}${pad(o / 60)}:${pad(o % 60)}`
  );
}

/** Now as ODK writes it: local date-time with milliseconds and the offset. */
export function nowText(at = new Date()): string {
  const offset = -at.getTimezoneOffset();
  return daysToDateTime(at.getTime() / DAY_MS, offset);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * format-date / format-date-time (ODK XForms spec): %Y year, %y two-digit year, %m month 01-12, %n month 1-12,
 * %b month name, %d day 01-31, %e day 1-31, %H hour 00-23, %h hour 0-23, %M minutes, %S seconds, %3 milliseconds,
 * %a weekday name. The parts are those written in the value (no time-zone conversion).
 */
export function formatDate(p: DateParts, format: string): string {
  const weekday = new Date(Date.UTC(p.y, p.m - 1, p.d)).getUTCDay();
  return format.replace(/%([YymnbdeHhMS3a%])/g, (_, c: string) => {
    switch (c) {
      case 'Y':
        return pad(p.y, 4);
      case 'y':
        return pad(p.y % 100);
      case 'm':
        return pad(p.m);
      case 'n':
        return String(p.m);
      case 'b':
        return MONTHS[p.m - 1]!;
      case 'd':
        return pad(p.d);
      case 'e':
        return String(p.d);
      case 'H':
        return pad(p.h);
      case 'h':
        return String(p.h);
      case 'M':
        return pad(p.min);
      case 'S':
        return pad(p.s);
      case '3':
        return pad(p.ms, 3);
      case 'a':
        return WEEKDAYS[weekday]!;
      default:
        return '%';
    }
  });
}
