/**
 * A rectangular data set as statistical packages see it: variables with names, labels, value labels and
 * user-missing codes, one value per respondent. The exporters (.sav, .dta, .csv, .xlsx) and the syntax files
 * (.sps, .do, .R) write the same Dataset, so that every file holds the same values under the same names.
 *
 * Missing data keep their meaning (decided for scilit, documented in docs/export.md):
 * - "no answer" (未回答): a relevant question without an answer row, e.g. a blank on paper;
 * - "not applicable" (不适用): a question skipped by its relevance rule;
 * - 不知道 is a real choice with its own code, declared user-missing so that shares of substantive answers
 *   exclude it by default (SPSS MISSING VALUES; Stata .d), but never lost.
 * Numeric values hold the codes themselves (NaN = system missing); each writer declares them in its own way.
 */

export type MissingRole = 'noAnswer' | 'notApplicable' | 'dontKnow';

/** The order in which every writer lists the roles (and Stata's extended missing letters). */
export const MISSING_ROLES: readonly MissingRole[] = ['noAnswer', 'notApplicable', 'dontKnow'];

/** Stata's extended missing value of each role: .a, .b, .d. */
export const STATA_MISSING_LETTER: Record<MissingRole, string> = { noAnswer: 'a', notApplicable: 'b', dontKnow: 'd' };

export type Measure = 'nominal' | 'ordinal' | 'scale';

/** What a variable is for, so that syntax files find the design and the estimate's variables. */
export type VariableRole =
  | 'id'
  | 'answer'
  | 'score'
  | 'group'
  | 'region'
  | 'stratum'
  | 'psu'
  | 'fpc'
  | 'weight'
  | 'replicate'
  | 'other';

interface VariableBase {
  /** A name valid in SPSS, Stata and R alike (see names.ts). */
  name: string;
  /** Variable label in the export's language. */
  label: string;
  role: VariableRole;
}

export interface ValueLabel {
  value: number;
  label: string;
}

export interface NumericVariable extends VariableBase {
  kind: 'numeric';
  /** NaN is system missing; user-missing codes are values listed in `missing`. */
  values: Float64Array;
  /** Decimals shown (SPSS print format, Stata display format). */
  decimals: number;
  measure: Measure;
  valueLabels?: readonly ValueLabel[];
  missing?: Partial<Record<MissingRole, number>>;
}

export interface StringVariable extends VariableBase {
  kind: 'string';
  /** '' is missing (statistical packages know no other missing string). */
  values: readonly string[];
}

export type Variable = NumericVariable | StringVariable;

export interface Dataset {
  /** File label (SPSS) / dataset label (Stata). */
  label: string;
  rows: number;
  variables: readonly Variable[];
  createdAt: Date;
}

/** The user-missing code a value stands for, if any. */
export function missingRoleOf(v: NumericVariable, value: number): MissingRole | undefined {
  if (!v.missing) return undefined;
  for (const role of MISSING_ROLES) if (v.missing[role] === value) return role;
  return undefined;
}

/** Every value of a numeric variable that is not a user-missing code or system missing is a whole number. */
export function isWholeNumbered(v: NumericVariable): boolean {
  for (const x of v.values) if (!Number.isNaN(x) && !Number.isInteger(x)) return false;
  for (const l of v.valueLabels ?? []) if (!Number.isInteger(l.value)) return false;
  return true;
}

/** Byte length of a string in UTF-8. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The longest UTF-8 byte length among a string variable's values (at least 1). */
export function stringWidth(v: StringVariable): number {
  let w = 1;
  for (const s of v.values) w = Math.max(w, utf8Length(s));
  return w;
}

/**
 * Cuts a string to at most `bytes` UTF-8 bytes at a character boundary (labels that a format limits, e.g. Stata's
 * 80-character variable labels; the full text stays in the .sav, the .xlsx and the syntax files).
 */
export function truncateUtf8(s: string, bytes: number): string {
  if (utf8Length(s) <= bytes) return s;
  let out = '';
  let n = 0;
  for (const ch of s) {
    const b = utf8Length(ch);
    if (n + b > bytes) break;
    out += ch;
    n += b;
  }
  return out;
}

/** Cuts a string to at most `chars` characters (code points). */
export function truncateChars(s: string, chars: number): string {
  const a = [...s];
  return a.length <= chars ? s : a.slice(0, chars).join('');
}
