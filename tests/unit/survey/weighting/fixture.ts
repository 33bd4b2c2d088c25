// Reads the R survey weighting fixtures (scripts/r/weighting/weighting.R) and builds the design columns.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Factor, LonelyPsu } from '../../../../src/survey/types.ts';
import type { WeightingData, WeightingStepSpec } from '../../../../src/survey/weighting/index.ts';
import { factorFromStrings, weightingData } from '../../../../src/survey/weighting/index.ts';

export const FIXTURES = join(import.meta.dirname, '../../../fixtures/survey/weighting');

export interface ExpectedEstimate {
  var: string;
  domain: string | null;
  mean: number;
  se: number | null;
}

export interface WeightingCase {
  name: string;
  data: string;
  design: { weights: string; strata?: string; psu?: string; nest?: boolean };
  steps: WeightingStepSpec[];
  y: string[];
  by?: string;
  replicates?: 'JK1' | 'JKn';
  lonely?: LonelyPsu;
  mse?: boolean;
  expected: {
    weights: number[];
    warnings: string[];
    estimates: ExpectedEstimate[];
    replicate?: {
      weights: number[];
      scale: number;
      rscales: number[];
      estimates: ExpectedEstimate[];
      /** R's weights(design, "analysis") after the recipe, one array per replicate. */
      analysis?: number[][];
    };
  };
}

export function loadCases(): WeightingCase[] {
  return JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')).cases;
}

export interface LoadedSample {
  rows: number;
  columns: Record<string, string[]>;
  data: WeightingData;
  base: Float64Array;
  strata?: Factor;
  /** PSUs identified within their stratum (R's nest = TRUE); every row its own PSU when none is given. */
  psu: Factor;
  numeric(name: string): Float64Array;
}

export function loadSample(c: WeightingCase): LoadedSample {
  const text = readFileSync(join(FIXTURES, 'data', c.data), 'utf8');
  const parsed = Papa.parse<Record<string, string>>(text.trim(), { header: true });
  const records = parsed.data;
  const names = parsed.meta.fields ?? [];
  const columns: Record<string, string[]> = {};
  for (const name of names) columns[name] = records.map((r) => r[name] ?? '');
  const rows = records.length;
  const data = weightingData(rows, columns);
  const col = (name: string) => columns[name] as string[];
  const strata = c.design.strata ? factorFromStrings(col(c.design.strata)) : undefined;
  const psuKeys = c.design.psu
    ? col(c.design.psu).map((p, i) => `${strata ? col(c.design.strata as string)[i] : ''}\u0000${p}`)
    : Array.from({ length: rows }, (_, i) => String(i));
  return {
    rows,
    columns,
    data,
    base: data.numeric(c.design.weights),
    strata,
    psu: factorFromStrings(psuKeys),
    numeric: (name) => data.numeric(name),
  };
}

/** Relative difference with an absolute floor for values that are 0 in R (a domain where y is constant). */
export function closeTo(actual: number, expected: number, rel = 1e-8, floor = 1e-12): boolean {
  return Math.abs(actual - expected) <= rel * Math.abs(expected) + floor;
}
