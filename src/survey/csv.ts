/**
 * A fast path for the common CSV a survey export is: UTF-8, comma-separated, no quoted fields (the caller
 * checks there is no `"`; quoted files go through papaparse). It walks the bytes once and hands only the
 * wanted fields, as byte ranges, to column builders: a million-row file never becomes strings or row arrays.
 */
export interface ByteSink {
  index: number;
  builder: { pushBytes(bytes: Uint8Array, start: number, end: number): void };
}

const COMMA = 44;
const LF = 10;
const CR = 13;

/** Returns the number of data rows; `onHeader` gets the column names and says which columns to keep. */
export function scanPlainCsv(bytes: Uint8Array, onHeader: (names: string[]) => ByteSink[]): number {
  let pos = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const end = bytes.length;
  let byIndex: (ByteSink[] | undefined)[] | undefined;
  let last = -1;
  let rows = 0;
  while (pos < end) {
    let eol = bytes.indexOf(LF, pos);
    if (eol < 0) eol = end;
    let lineEnd = eol;
    if (lineEnd > pos && bytes[lineEnd - 1] === CR) lineEnd--;
    if (lineEnd === pos) {
      pos = eol + 1;
      continue;
    }
    if (!byIndex) {
      const names = new TextDecoder().decode(bytes.subarray(pos, lineEnd)).split(',');
      const sinks = onHeader(names);
      byIndex = [];
      for (const s of sinks) {
        const list = byIndex[s.index] ?? [];
        list.push(s);
        byIndex[s.index] = list;
      }
      last = sinks.reduce((m, s) => Math.max(m, s.index), -1);
    } else {
      rows++;
      let a = pos;
      for (let col = 0; col <= last; col++) {
        let b = a;
        while (b < lineEnd && bytes[b] !== COMMA) b++;
        const sinks = byIndex[col];
        if (sinks) {
          const s = Math.min(a, lineEnd);
          for (const sink of sinks) sink.builder.pushBytes(bytes, s, b);
        }
        a = b + 1;
      }
    }
    pos = eol + 1;
  }
  return rows;
}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const decoder = new TextDecoder();

/**
 * Parses a plain decimal ("-12.5", "3", "0.125") from bytes exactly as Number() would: up to 15 digits and
 * 22 decimals an integer mantissa divided by a power of ten is correctly rounded (Clinger's fast path).
 * Anything else (exponents, long numbers, text) returns undefined, for the caller to parse as a string.
 */
export function parseDecimalBytes(bytes: Uint8Array, start: number, end: number): number | undefined {
  let i = start;
  let neg = false;
  if (bytes[i] === 45) {
    neg = true;
    i++;
  } else if (bytes[i] === 43) i++;
  let m = 0;
  let digits = 0;
  let decimals = -1;
  for (; i < end; i++) {
    const c = bytes[i] as number;
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (decimals >= 0) decimals++;
    } else if (c === 46 && decimals < 0) decimals = 0;
    else return undefined;
  }
  if (digits === 0 || digits > 15 || decimals > 22) return undefined;
  const v = decimals > 0 ? m / (POW10[decimals] as number) : m;
  return neg ? -v : v;
}

export function decodeRange(bytes: Uint8Array, start: number, end: number): string {
  return decoder.decode(bytes.subarray(start, end));
}
