import type { Factor, VarianceAdjustment, WeightingWarning } from '../types.ts';
import { weightDiagnostics } from './diagnostics.ts';
import { WeightingError } from './errors.ts';
import { sumByCode } from './factor.ts';
import type { WeightingStepResult } from './types.ts';

/**
 * Ratio N_g / Ŵ_g for each cell from the sample's weighted cell totals; errors as R `postStratify` (a cell is
 * in the sample when its weight total is not 0, in the population when its target is not 0), naming the cell.
 */
export function postStratumRatios(
  sample: Float64Array,
  labels: readonly string[],
  targets: ReadonlyMap<string, number>,
  partial: boolean,
  where: string,
  /** The raking margin these cells belong to (null: post-stratification), for warnings. */
  margin: string | null = null,
): { ratios: Float64Array; warnings: WeightingWarning[] } {
  const k = labels.length;
  const ratios = new Float64Array(k);
  const warnings: WeightingWarning[] = [];
  const ignored = (cell: string): WeightingWarning => ({
    code: 'empty_cell',
    values: { cell, margin: margin ?? '' },
    message: `${where}: target cell "${cell}" has no respondent: ignored.`,
  });
  const seen = new Set<string>();
  for (let c = 0; c < k; c++) {
    const label = labels[c]!;
    seen.add(label);
    const N = targets.get(label);
    const inSample = sample[c] !== 0;
    const inPopulation = N !== undefined && N !== 0;
    if (inSample && !inPopulation) {
      throw new WeightingError('missing_target', `${where}: sample cell "${label}" has no population target.`);
    }
    if (!inSample && inPopulation) {
      if (!partial) {
        throw new WeightingError(
          'empty_cell',
          `${where}: target cell "${label}" has no respondent (allow partial post-strata to ignore it).`,
        );
      }
      warnings.push(ignored(label));
    }
    ratios[c] = inSample ? (N as number) / sample[c]! : 1;
  }
  for (const [label, N] of targets) {
    if (seen.has(label) || N === 0) continue;
    if (!partial) {
      throw new WeightingError(
        'empty_cell',
        `${where}: target cell "${label}" has no respondent (allow partial post-strata to ignore it).`,
      );
    }
    warnings.push(ignored(label));
  }
  return { ratios, warnings };
}

/**
 * The variance adjustment R's svyrecvar applies for one post-stratification:
 * z ← z − psw · Σ_g(z·oldw/psw) / Σ_g oldw (the residual of z/w from its cell mean, times w).
 */
export function postStratifyAdjustment(
  codes: Int32Array,
  levels: number,
  oldw: Float64Array,
  psw: Float64Array,
): VarianceAdjustment {
  const n = codes.length;
  const denom = sumByCode(codes, levels, oldw);
  return {
    kind: 'poststratify',
    adjust(z: Float64Array): Float64Array {
      const num = new Float64Array(levels);
      for (let i = 0; i < n; i++) {
        const p = psw[i] === 0 && oldw[i] === 0 ? 1 : psw[i]!;
        if (oldw[i] !== 0) num[codes[i]!]! += (z[i]! * oldw[i]!) / p;
      }
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const c = codes[i]!;
        const mean = denom[c] !== 0 ? num[c]! / denom[c]! : 0;
        const p = psw[i] === 0 && oldw[i] === 0 ? 1 : psw[i]!;
        out[i] = z[i]! - mean * p;
      }
      return out;
    },
  };
}

/** Post-stratification to population cells (§2.5.3), as R `postStratify` (weights and variance). */
export function postStratify(
  w: Float64Array,
  cells: Factor,
  targets: ReadonlyMap<string, number>,
  opts: { partial?: boolean } = {},
): WeightingStepResult {
  const sample = sumByCode(cells.codes, cells.labels.length, w);
  const { ratios, warnings } = postStratumRatios(
    sample,
    cells.labels,
    targets,
    opts.partial ?? false,
    'Post-stratification',
  );
  const weights = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) weights[i] = w[i]! * ratios[cells.codes[i]!]!;
  return {
    weights,
    adjustment: postStratifyAdjustment(cells.codes, cells.labels.length, w, weights),
    diagnostics: weightDiagnostics('poststratify', weights, { warnings }),
  };
}
