import type { Factor } from '../types.ts';
import { calibrateLinear } from './calibrate.ts';
import { weightDiagnostics } from './diagnostics.ts';
import { WeightingError } from './errors.ts';
import { cellKey, interactFactors } from './factor.ts';
import { nonResponseAdjust } from './nonresponse.ts';
import { postStratify } from './poststratify.ts';
import { rake } from './rake.ts';
import { trimWeights } from './trim.ts';
import type {
  RunWeightingOptions,
  TargetCell,
  WeightingData,
  WeightingRun,
  WeightingStepResult,
  WeightingStepSpec,
} from './types.ts';

function cellTargets(vars: readonly string[], cells: readonly TargetCell[], where: string): Map<string, number> {
  const targets = new Map<string, number>();
  for (const [k, cell] of cells.entries()) {
    if (cell.values.length !== vars.length) {
      throw new WeightingError(
        'invalid_targets',
        `${where}: target ${k + 1} gives ${cell.values.length} values for ${vars.length} variables (${vars.join(', ')}).`,
      );
    }
    if (!(Number.isFinite(cell.N) && cell.N >= 0)) {
      throw new WeightingError('invalid_targets', `${where}: target "${cellKey(cell.values)}" has count ${cell.N}.`);
    }
    const key = cellKey(cell.values);
    if (targets.has(key)) throw new WeightingError('invalid_targets', `${where}: target "${key}" is given twice.`);
    targets.set(key, cell.N);
  }
  return targets;
}

function cellsOf(data: WeightingData, vars: readonly string[]): Factor {
  if (vars.length === 0) throw new WeightingError('invalid_targets', 'A weighting step names no variable.');
  return interactFactors(vars.map((v) => data.factor(v)));
}

/** Indicator columns of every level but the first (R's treatment contrasts span the same space). */
function calibrationColumns(
  data: WeightingData,
  spec: Extract<WeightingStepSpec, { step: 'calibrate' }>,
): { x: Float64Array[]; totals: number[]; names: string[] } {
  const n = data.rows;
  const x: Float64Array[] = [new Float64Array(n).fill(1)];
  const totals = [spec.population];
  const names = ['(Intercept)'];
  for (const f of spec.factors ?? []) {
    const factor = data.factor(f.var);
    const targets = new Map(Object.entries(f.targets));
    for (const label of factor.labels) {
      if (!targets.has(label)) {
        throw new WeightingError(
          'missing_target',
          `Calibration: sample level "${label}" of "${f.var}" has no population target.`,
        );
      }
    }
    let sum = 0;
    for (const N of targets.values()) sum += N;
    if (Math.abs(sum - spec.population) > 1e-9 * Math.max(1, Math.abs(spec.population))) {
      throw new WeightingError(
        'invalid_targets',
        `Calibration: the targets of "${f.var}" add up to ${sum}, not the population ${spec.population}.`,
      );
    }
    const labels = [...targets.keys()];
    const codeOf = new Map(factor.labels.map((l, c) => [l, c]));
    for (const label of labels.slice(1)) {
      const code = codeOf.get(label);
      const col = new Float64Array(n);
      if (code !== undefined) for (let i = 0; i < n; i++) col[i] = factor.codes[i] === code ? 1 : 0;
      x.push(col);
      totals.push(targets.get(label) as number);
      names.push(`${f.var}=${label}`);
    }
  }
  for (const v of spec.numeric ?? []) {
    x.push(data.numeric(v.var));
    totals.push(v.total);
    names.push(v.var);
  }
  return { x, totals, names };
}

/** Applies one step of a recipe. `rakePasses` forces the number of passes (replicates). */
export function applyStep(
  w: Float64Array,
  spec: WeightingStepSpec,
  data: WeightingData,
  rakePasses?: number,
): WeightingStepResult {
  switch (spec.step) {
    case 'nonresponse': {
      const responded = data.numeric(spec.responded);
      const flags = new Uint8Array(responded.length);
      for (let i = 0; i < responded.length; i++) flags[i] = responded[i] !== 0 ? 1 : 0;
      return nonResponseAdjust(w, cellsOf(data, spec.classes), flags);
    }
    case 'poststratify':
      return postStratify(
        w,
        cellsOf(data, spec.vars),
        cellTargets(spec.vars, spec.cells, `Post-stratification on ${spec.vars.join(' × ')}`),
        { partial: spec.partial ?? false },
      );
    case 'rake':
      return rake(
        w,
        spec.margins.map((m) => ({
          name: m.vars.join(' × '),
          factor: cellsOf(data, m.vars),
          targets: cellTargets(m.vars, m.cells, `Raking margin ${m.vars.join(' × ')}`),
        })),
        { maxit: spec.maxit, epsilon: spec.epsilon, passes: rakePasses },
      );
    case 'calibrate': {
      const { x, totals, names } = calibrationColumns(data, spec);
      return calibrateLinear(w, x, totals, names);
    }
    case 'trim':
      return trimWeights(w, spec.lower, spec.upper, { strict: spec.strict ?? false });
    default:
      throw new WeightingError('invalid_targets', `Unknown weighting step ${JSON.stringify(spec)}.`);
  }
}

/** Applies a recipe of steps in order to the base weights (§2.5); also used on every replicate (§2.6). */
export function runWeighting(
  base: Float64Array,
  steps: readonly WeightingStepSpec[],
  data: WeightingData,
  opts: RunWeightingOptions = {},
): WeightingRun {
  if (base.length !== data.rows) {
    throw new WeightingError('invalid_weights', `${base.length} base weights for ${data.rows} rows.`);
  }
  let weights = base;
  const adjustments: WeightingRun['adjustments'] = [];
  const diagnostics: WeightingRun['diagnostics'] = [weightDiagnostics('base', base)];
  const stepWeights: Float64Array[] = [];
  let rakeIndex = 0;
  for (const spec of steps) {
    const passes = spec.step === 'rake' ? opts.rakePasses?.[rakeIndex++] : undefined;
    const result = applyStep(weights, spec, data, passes);
    weights = result.weights;
    stepWeights.push(weights);
    if (result.adjustment) adjustments.push(result.adjustment);
    diagnostics.push(result.diagnostics);
  }
  return { weights: weights === base ? Float64Array.from(base) : weights, adjustments, diagnostics, stepWeights };
}

/** The passes each rake step of a run needed, to re-apply the recipe to replicates in lockstep (as R). */
export function rakePassesOf(run: WeightingRun): number[] {
  return run.diagnostics.filter((d) => d.step === 'rake').map((d) => d.iterations ?? 0);
}
