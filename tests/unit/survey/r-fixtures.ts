import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDataColumns } from '../../../src/node/commands/estimate.ts';
import { FactorColumnBuilder, NumberColumnBuilder } from '../../../src/survey/columns.ts';
import { createDesign, type Design } from '../../../src/survey/design.ts';
import type { Factor, LonelyPsu } from '../../../src/survey/types.ts';

/** Fixtures written by scripts/r/core/*.R with R survey 4.1 (committed; the tests need no R). */
export const fixtureDir = join(import.meta.dirname, '../../fixtures/survey/core');

export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(fixtureDir, name), 'utf8')) as T;
}

export interface DesignSpec {
  weights?: string;
  strata?: string;
  psu?: string;
  fpc?: string;
  nest?: boolean;
}

export interface LoadedData {
  n: number;
  number(name: string): Float64Array;
  factor(name: string): Factor;
}

/** Reads the named columns of a fixture CSV through the same reader as `scilit estimate`. */
export async function loadCsv(file: string, numbers: string[], factors: string[]): Promise<LoadedData> {
  const nb = new Map(numbers.map((c) => [c, new NumberColumnBuilder(c)]));
  const fb = new Map(factors.map((c) => [c, new FactorColumnBuilder(c)]));
  const n = await readDataColumns(join(fixtureDir, 'data', file), { numbers: nb, factors: fb });
  const nums = new Map([...nb].map(([k, b]) => [k, b.finish()]));
  const facs = new Map([...fb].map(([k, b]) => [k, b.finish()]));
  return {
    n,
    number: (c) => nums.get(c) as Float64Array,
    factor: (c) => facs.get(c) as Factor,
  };
}

export function specColumns(spec: DesignSpec): { numbers: string[]; factors: string[] } {
  return {
    numbers: [spec.weights, spec.fpc].filter((x): x is string => Boolean(x)),
    factors: [spec.strata, spec.psu].filter((x): x is string => Boolean(x)),
  };
}

export function designFrom(
  data: LoadedData,
  spec: DesignSpec,
  lonelyPsu: LonelyPsu = 'fail',
  adjustDomainLonely = false,
): Design {
  return createDesign({
    n: data.n,
    weights: spec.weights ? data.number(spec.weights) : undefined,
    strata: spec.strata ? data.factor(spec.strata) : undefined,
    psu: spec.psu ? data.factor(spec.psu) : undefined,
    fpc: spec.fpc ? data.number(spec.fpc) : undefined,
    nest: spec.nest,
    lonelyPsu,
    adjustDomainLonely,
  });
}

/** Rows whose by-columns have the given labels. */
export function domainMask(data: LoadedData, domain: Record<string, string>): Uint8Array | undefined {
  const entries = Object.entries(domain);
  if (entries.length === 0) return undefined;
  const mask = new Uint8Array(data.n).fill(1);
  for (const [col, value] of entries) {
    const f = data.factor(col);
    const code = f.labels.indexOf(value);
    if (code < 0) throw new Error(`fixture domain ${col}=${value} not in the data`);
    for (let i = 0; i < data.n; i++) if (f.codes[i] !== code) mask[i] = 0;
  }
  return mask;
}

/** A number as the R scripts write it: NA, NaN and ±Inf as strings. */
export type RNumber = number | 'NA' | 'NaN' | 'Inf' | '-Inf' | null;

export function rNumber(x: RNumber): number {
  if (typeof x === 'number') return x;
  if (x === 'Inf') return Number.POSITIVE_INFINITY;
  if (x === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number.NaN;
}

/** |actual − expected| ≤ tol · |expected| (exact when expected is 0); R's NA/NaN expects NaN, ±Inf the same. */
export function relClose(actual: number, expectedR: RNumber, tol: number): boolean {
  const expected = rNumber(expectedR);
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  if (expected === 0) return Math.abs(actual) <= tol;
  return Math.abs(actual - expected) <= tol * Math.abs(expected);
}
