import type { Factor } from '../types.ts';

/** How the labels of several variables join into one cell label ("male × 20-24"), also the key of its target. */
export const CELL_SEPARATOR = ' × ';

export function cellKey(values: readonly string[]): string {
  return values.join(CELL_SEPARATOR);
}

/** Codes strings in order of first appearance. */
export function factorFromStrings(values: readonly string[]): Factor {
  const index = new Map<string, number>();
  const labels: string[] = [];
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let c = index.get(v);
    if (c === undefined) {
      c = labels.length;
      index.set(v, c);
      labels.push(v);
    }
    codes[i] = c;
  }
  return { codes, labels };
}

/** The cross-classification of several factors; only combinations present in the data get a code. */
export function interactFactors(factors: readonly Factor[]): Factor {
  if (factors.length === 0) throw new Error('interactFactors: no factor');
  if (factors.length === 1) return factors[0]!;
  const n = factors[0]!.codes.length;
  let size = 1;
  for (const f of factors) size *= Math.max(1, f.labels.length);
  const codes = new Int32Array(n);
  const labels: string[] = [];
  const label = (i: number) => cellKey(factors.map((f) => f.labels[f.codes[i]!]!));
  if (size <= 1 << 22) {
    // Mixed-radix key into a dense table: one pass, no hashing (a million rows in milliseconds).
    const keys = new Int32Array(n);
    for (const f of factors) {
      const k = f.labels.length;
      const fc = f.codes;
      for (let i = 0; i < n; i++) keys[i] = keys[i]! * k + fc[i]!;
    }
    const table = new Int32Array(size).fill(-1);
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      let c = table[key]!;
      if (c < 0) {
        c = labels.length;
        table[key] = c;
        labels.push(label(i));
      }
      codes[i] = c;
    }
    return { codes, labels };
  }
  const index = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    let key = 0;
    for (const f of factors) key = key * f.labels.length + f.codes[i]!;
    let c = index.get(key);
    if (c === undefined) {
      c = labels.length;
      index.set(key, c);
      labels.push(label(i));
    }
    codes[i] = c;
  }
  return { codes, labels };
}

/** Σ w by code. */
export function sumByCode(codes: Int32Array, levels: number, w: Float64Array): Float64Array {
  const totals = new Float64Array(levels);
  for (let i = 0; i < codes.length; i++) totals[codes[i]!]! += w[i]!;
  return totals;
}
