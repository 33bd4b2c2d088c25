import { decodeRange, parseDecimalBytes } from './csv.ts';
import { SurveyError } from './errors.ts';
import { sortFactor } from './factor.ts';
import type { Factor } from './types.ts';

/**
 * Builders that turn a table's cells (strings, as a CSV or a sheet gives them) into typed columns while the
 * table is read, so that a million-row file never exists as a million row objects.
 */
export interface ColumnBuilder {
  readonly name: string;
  push(cell: string | number | null | undefined): void;
  /** A cell as UTF-8 bytes [start, end) of a buffer (the plain-CSV fast path). */
  pushBytes(bytes: Uint8Array, start: number, end: number): void;
}

/** A numeric column: empty cells are missing (NaN); text that is not a number is an error naming row and column. */
export class NumberColumnBuilder implements ColumnBuilder {
  private data: Float64Array;
  length = 0;
  constructor(
    readonly name: string,
    capacity = 1024,
  ) {
    this.data = new Float64Array(capacity);
  }
  push(cell: string | number | null | undefined): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    let v: number;
    if (typeof cell === 'number') v = cell;
    else if (cell === null || cell === undefined) v = Number.NaN;
    else {
      const s = cell.trim();
      if (s === '' || s === 'NA') v = Number.NaN;
      else {
        v = Number(s);
        if (Number.isNaN(v)) {
          throw new SurveyError(
            'not_numeric',
            `column "${this.name}" is not numeric: row ${this.length + 1} has "${cell.length > 40 ? `${cell.slice(0, 40)}…` : cell}"`,
          );
        }
      }
    }
    this.data[this.length++] = v;
  }
  /** The same as push() for a cell given as UTF-8 bytes (the plain-CSV fast path). */
  pushBytes(bytes: Uint8Array, start: number, end: number): void {
    let a = start;
    let b = end;
    while (a < b && (bytes[a] === 32 || bytes[a] === 9)) a++;
    while (b > a && (bytes[b - 1] === 32 || bytes[b - 1] === 9)) b--;
    const v = a === b ? Number.NaN : parseDecimalBytes(bytes, a, b);
    if (v === undefined || this.length === this.data.length) this.push(decodeRange(bytes, a, b));
    else this.data[this.length++] = v;
  }
  finish(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * A categorical column coded on the fly; labels are sorted at the end as R sorts factor levels. Missing cells
 * ("", "NA") get the label '' (MISSING_LABEL): design columns refuse it, domains leave its rows out.
 */
export class FactorColumnBuilder implements ColumnBuilder {
  private codes: Int32Array;
  private readonly index = new Map<string, number>();
  private readonly labels: string[] = [];
  private missingRow = -1;
  length = 0;
  constructor(
    readonly name: string,
    capacity = 1024,
  ) {
    this.codes = new Int32Array(capacity);
  }
  push(cell: string | number | null | undefined): void {
    if (this.length === this.codes.length) {
      const bigger = new Int32Array(this.codes.length * 2);
      bigger.set(this.codes);
      this.codes = bigger;
    }
    const text = cell === null || cell === undefined ? '' : typeof cell === 'number' ? String(cell) : cell.trim();
    // R's read.csv reads "NA" as missing in every column; an empty cell is missing too.
    const key = text === 'NA' ? '' : text;
    if (key === '' && this.missingRow < 0) this.missingRow = this.length;
    let c = this.index.get(key);
    if (c === undefined) {
      c = this.labels.length;
      this.index.set(key, c);
      this.labels.push(key);
    }
    this.codes[this.length++] = c;
  }
  // Byte-keyed lookup for the fast path: FNV-1a hash → codes whose label bytes are compared.
  private readonly byHash = new Map<number, number[]>();
  private readonly labelBytes: Uint8Array[] = [];

  /** The same as push() for a cell given as UTF-8 bytes (the plain-CSV fast path). */
  pushBytes(bytes: Uint8Array, start: number, end: number): void {
    let a = start;
    let b = end;
    while (a < b && (bytes[a] === 32 || bytes[a] === 9)) a++;
    while (b > a && (bytes[b - 1] === 32 || bytes[b - 1] === 9)) b--;
    let h = 0x811c9dc5;
    for (let i = a; i < b; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
    const candidates = this.byHash.get(h);
    if (candidates && this.length < this.codes.length) {
      for (const c of candidates) {
        const lb = this.labelBytes[c] as Uint8Array;
        if (lb.length !== b - a) continue;
        let same = true;
        for (let i = 0; i < lb.length; i++) {
          if (lb[i] !== bytes[a + i]) {
            same = false;
            break;
          }
        }
        if (same) {
          this.codes[this.length++] = c;
          return;
        }
      }
    }
    const before = this.labels.length;
    this.push(decodeRange(bytes, a, b));
    const code = this.codes[this.length - 1] as number;
    if (this.labels.length > before || !this.labelBytes[code]) {
      this.labelBytes[code] = bytes.slice(a, b);
      const list = this.byHash.get(h);
      if (list) list.push(code);
      else this.byHash.set(h, [code]);
    }
  }

  /** Row (0-based) of the first empty cell, or -1. */
  get firstMissing(): number {
    return this.missingRow;
  }
  finish(): Factor {
    const numeric = this.labels.every((l) => l === MISSING_LABEL || Number.isFinite(Number(l)));
    return sortFactor({ codes: this.codes.slice(0, this.length), labels: this.labels }, numeric);
  }
}

export const MISSING_LABEL = '';

/** A column that must not have empty cells (design variables): the error names the column and row. */
export function requireComplete(b: FactorColumnBuilder, role: string): Factor {
  if (b.firstMissing >= 0) {
    throw new SurveyError(
      'missing_value',
      `${role} column "${b.name}" is empty at data row ${b.firstMissing + 1}; design variables cannot be missing`,
    );
  }
  return b.finish();
}
