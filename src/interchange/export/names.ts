/**
 * Variable names valid in SPSS, Stata and R at once: a letter first, then letters, digits or `_`, at most 32
 * characters (Stata's limit; SPSS allows 64), no reserved word of either package, unique regardless of case
 * (SPSS names are case-insensitive).
 */

const SPSS_RESERVED = ['all', 'and', 'by', 'eq', 'ge', 'gt', 'le', 'lt', 'ne', 'not', 'or', 'to', 'with'];
const STATA_RESERVED = [
  'byte',
  'double',
  'float',
  'if',
  'in',
  'int',
  'long',
  'pi',
  'strl',
  'using',
  'with',
  // R's reserved words that can stand as names in a data frame but not in a formula.
  'break',
  'else',
  'for',
  'function',
  'next',
  'repeat',
  'while',
  'true',
  'false',
  'null',
  'inf',
  'nan',
  'na',
];
const RESERVED = new Set([...SPSS_RESERVED, ...STATA_RESERVED]);

export const MAX_NAME = 32;

/** One name made valid (not yet unique). */
export function validName(wanted: string): string {
  let s = wanted.normalize('NFKC').replace(/[^A-Za-z0-9_]/g, '_');
  if (!/^[A-Za-z]/.test(s)) s = `v${s}`;
  s = s.slice(0, MAX_NAME);
  if (RESERVED.has(s.toLowerCase()) || /^str\d+$/i.test(s)) s = `${s}_`.slice(0, MAX_NAME);
  return s;
}

/** Valid, unique names for `wanted`, in order; a clash gets `_2`, `_3`, ... (shortened to fit). */
export function uniqueNames(wanted: readonly string[]): string[] {
  const taken = new Set<string>();
  return wanted.map((w) => {
    const base = validName(w);
    let name = base;
    for (let k = 2; taken.has(name.toLowerCase()); k++) {
      const tail = `_${k}`;
      name = base.slice(0, MAX_NAME - tail.length) + tail;
    }
    taken.add(name.toLowerCase());
    return name;
  });
}

/** Hands out valid names, each unique (regardless of case) among those handed out before. */
export class NameRegistry {
  private readonly taken = new Set<string>();

  take(wanted: string): string {
    const base = validName(wanted);
    let name = base;
    for (let k = 2; this.taken.has(name.toLowerCase()); k++) {
      const tail = `_${k}`;
      name = base.slice(0, MAX_NAME - tail.length) + tail;
    }
    this.taken.add(name.toLowerCase());
    return name;
  }
}
