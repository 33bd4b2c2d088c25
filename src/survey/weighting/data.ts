import type { Factor } from '../types.ts';
import { WeightingError } from './errors.ts';
import { factorFromStrings } from './factor.ts';
import type { WeightingData } from './types.ts';

/**
 * WeightingData over named columns: categorical columns as strings or factors, numeric ones as numbers.
 * A numeric column asked for as a factor is coded by its decimal text.
 */
export function weightingData(
  rows: number,
  columns: Record<string, Factor | Float64Array | readonly string[]>,
): WeightingData {
  const factors = new Map<string, Factor>();
  const get = (name: string) => {
    const col = columns[name];
    if (col === undefined || !Object.hasOwn(columns, name)) {
      throw new WeightingError('unknown_column', `Weighting: no column "${name}" in the data.`);
    }
    return col;
  };
  return {
    rows,
    factor(name: string): Factor {
      const cached = factors.get(name);
      if (cached) return cached;
      const col = get(name);
      let f: Factor;
      if (col instanceof Float64Array) f = factorFromStrings(Array.from(col, (v) => String(v)));
      else if (Array.isArray(col)) f = factorFromStrings(col as readonly string[]);
      else f = col as Factor;
      factors.set(name, f);
      return f;
    },
    numeric(name: string): Float64Array {
      const col = get(name);
      if (col instanceof Float64Array) return col;
      const values = Array.isArray(col)
        ? (col as readonly string[])
        : Array.from((col as Factor).codes, (c) => (col as Factor).labels[c]);
      const out = new Float64Array(values.length);
      for (let i = 0; i < values.length; i++) {
        const v = Number(values[i]!);
        if (values[i]!.trim() === '' || !Number.isFinite(v)) {
          throw new WeightingError(
            'unknown_column',
            `Weighting: column "${name}" row ${i + 1} is not a number: "${values[i]!}".`,
          );
        }
        out[i] = v;
      }
      return out;
    },
  };
}
