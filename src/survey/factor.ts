import type { Factor } from './types.ts';

/**
 * Codes a categorical column as a Factor. Labels are sorted as R sorts factor levels for the same column:
 * numerically when every value is a number, otherwise by string (code-point order; R's locale collation may
 * differ for mixed-case text, which only changes the order of output rows, never a number).
 * Missing values (null, undefined, '') are refused with the column name, as R's svydesign refuses NA ids.
 */
export function factorOf(values: ArrayLike<string | number | null | undefined>, column = 'column'): Factor {
  const n = values.length;
  const index = new Map<string, number>();
  const firstCodes = new Int32Array(n);
  const seen: string[] = [];
  let allNumeric = true;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined || v === '') {
      throw Object.assign(new Error(`column "${column}" has a missing value at row ${i + 1}`), {
        userFacing: true,
        code: 'missing_value',
      });
    }
    const key = typeof v === 'number' ? String(v) : v;
    let c = index.get(key);
    if (c === undefined) {
      c = seen.length;
      index.set(key, c);
      seen.push(key);
      if (allNumeric && !Number.isFinite(Number(key))) allNumeric = false;
    }
    firstCodes[i] = c;
  }
  return sortFactor({ codes: firstCodes, labels: seen }, allNumeric);
}

/** Reorders a factor's labels (numeric or string order) and recodes it. */
export function sortFactor(f: Factor, numeric: boolean): Factor {
  const k = f.labels.length;
  const order = Array.from({ length: k }, (_, i) => i);
  // A missing label ('') sorts first; it never becomes a domain.
  const num = (l: string) => (l === '' ? Number.NEGATIVE_INFINITY : Number(l));
  if (numeric) order.sort((a, b) => num(f.labels[a] as string) - num(f.labels[b] as string) || 0);
  else order.sort((a, b) => ((f.labels[a] as string) < (f.labels[b] as string) ? -1 : 1));
  const newCode = new Int32Array(k);
  for (let j = 0; j < k; j++) newCode[order[j] as number] = j;
  const codes = new Int32Array(f.codes.length);
  for (let i = 0; i < codes.length; i++) codes[i] = newCode[f.codes[i] as number] as number;
  return { codes, labels: order.map((j) => f.labels[j] as string) };
}

/** The factor with one level per combination of the given factors that occurs (R's `interaction(drop=TRUE)`). */
export function crossFactors(factors: readonly Factor[]): { factor: Factor; parts: Int32Array[] } {
  const first = factors[0];
  if (!first) throw new Error('crossFactors needs at least one factor');
  if (factors.length === 1) return { factor: first, parts: first.labels.map((_, c) => Int32Array.of(c)) };
  const n = first.codes.length;
  const combos = new Map<number, number>();
  const parts: number[][] = [];
  const raw = new Int32Array(n);
  // A mixed-radix number identifies a combination (exact while the product of level counts < 2^53).
  const radix = factors.map((f) => Math.max(1, f.labels.length));
  for (let i = 0; i < n; i++) {
    let key = 0;
    for (let t = 0; t < factors.length; t++)
      key = key * (radix[t] as number) + ((factors[t] as Factor).codes[i] as number);
    let c = combos.get(key);
    if (c === undefined) {
      c = parts.length;
      combos.set(key, c);
      parts.push(factors.map((f) => f.codes[i] as number));
    }
    raw[i] = c;
  }
  // Order combinations lexicographically by the component level codes (first factor slowest).
  const order = parts.map((_, j) => j);
  order.sort((a, b) => {
    const pa = parts[a] as number[];
    const pb = parts[b] as number[];
    for (let t = 0; t < pa.length; t++) if (pa[t] !== pb[t]) return (pa[t] as number) - (pb[t] as number);
    return 0;
  });
  const newCode = new Int32Array(order.length);
  for (let j = 0; j < order.length; j++) newCode[order[j] as number] = j;
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = newCode[raw[i] as number] as number;
  const sortedParts = order.map((j) => Int32Array.from(parts[j] as number[]));
  const labels = sortedParts.map((p) => Array.from(p, (c, t) => (factors[t] as Factor).labels[c]).join('.'));
  return { factor: { codes, labels }, parts: sortedParts };
}
