import { SurveyError } from '../errors.ts';
import type { ReplicateBasis } from './jackknife.ts';

export type SuppliedType = 'BRR' | 'Fay' | 'JK1' | 'JKn' | 'bootstrap' | 'other';

/**
 * Replicate weights the survey's producer supplied, as R `svrepdesign(repweights, weights, type, scale, rscales,
 * rho, combined.weights, mse)`: each column is one replicate, either the full replicate weight (combined, R's
 * default) or a factor of the sampling weight. Scale and rscales follow R's rules per type; where R guesses it
 * warns, and so does scilit (`warnings`), and where R refuses so does scilit.
 */
export interface SuppliedOptions {
  /** The sampling weights (full sample). */
  weights: Float64Array;
  columns: readonly { name: string; values: Float64Array }[];
  type: SuppliedType;
  combined?: boolean;
  scale?: number;
  rscales?: readonly number[];
  rho?: number;
}

export interface SuppliedDesign extends ReplicateBasis {
  type: SuppliedType;
  warnings: string[];
}

export function suppliedWeights(o: SuppliedOptions): SuppliedDesign {
  const combined = o.combined ?? true;
  const count = o.columns.length;
  if (count === 0) throw new SurveyError('bad_replicates', 'no replicate weight columns were found');
  const n = o.weights.length;
  for (const c of o.columns) {
    const bad = c.values.findIndex((v) => Number.isNaN(v));
    if (bad >= 0) {
      throw new SurveyError(
        'bad_replicates',
        `replicate weight column "${c.name}" is empty at data row ${bad + 1}; replicate weights cannot be missing (as R)`,
      );
    }
  }
  const warnings: string[] = [];
  if (o.rscales && !(o.rscales.length === 1 || o.rscales.length === count)) {
    throw new SurveyError('bad_replicates', `--rscales has ${o.rscales.length} values for ${count} replicates`);
  }
  let scale = o.scale;
  let rscales = o.rscales
    ? Float64Array.from(o.rscales.length === 1 ? Array(count).fill(o.rscales[0]) : o.rscales)
    : undefined;
  const colMax = (c: Float64Array) => c.reduce((m, v) => (v > m ? v : m), Number.NEGATIVE_INFINITY);
  switch (o.type) {
    case 'BRR':
      if (o.scale !== undefined) warnings.push('type BRR does not use --scale (as R: 1/replicates)');
      scale = 1 / count;
      break;
    case 'Fay':
      if (o.rho === undefined) throw new SurveyError('bad_replicates', 'type Fay needs its rho (--fay-rho), as R');
      scale = 1 / (count * (1 - o.rho) * (1 - o.rho));
      break;
    case 'bootstrap':
      scale ??= 1 / (count - 1);
      break;
    case 'JK1':
      if (scale === undefined) {
        if (!combined) {
          warnings.push('scale (n-1)/n not given: guessed from the weights, as R');
          scale = 1 / colMax(o.columns[0]!.values);
        } else {
          scale = (count - 1) / count;
          warnings.push('scale (n-1)/n not given: guessed with n = number of replicates, as R');
        }
      }
      break;
    case 'JKn':
      if (!rscales) {
        if (combined) throw new SurveyError('bad_replicates', 'JKn replicate weights need --rscales (as R)');
        warnings.push('rscales (n-1)/n not given: guessed from the weights, as R');
        rscales = Float64Array.from(o.columns, (c) => 1 / colMax(c.values));
      }
      break;
    case 'other':
      if (!rscales || scale === undefined) warnings.push('scale or rscales not given: set to 1, as R');
      break;
  }
  return {
    type: o.type,
    count,
    scale: scale ?? 1,
    rscales: rscales ?? new Float64Array(count).fill(1),
    warnings,
    weights(r: number, into?: Float64Array): Float64Array {
      const out = into ?? new Float64Array(n);
      const col = o.columns[r]!.values;
      if (combined) out.set(col);
      else for (let i = 0; i < n; i++) out[i] = col[i]! * o.weights[i]!;
      return out;
    },
  };
}
