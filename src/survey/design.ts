import { SurveyError } from './errors.ts';
import type { Factor, LonelyPsu, VarianceAdjustment } from './types.ts';

/** What a sample design is made of (methodology.md §2.1); every column has length n. */
export interface DesignOptions {
  n: number;
  /** Sampling weights; without them weight 1, or N_h/n_h when fpc gives population counts (as R svydesign). */
  weights?: Float64Array;
  strata?: Factor;
  psu?: Factor;
  /** Per row: a value > 1 is the stratum's population count N_h, ≤ 1 a sampling fraction. */
  fpc?: Float64Array;
  /** PSU ids are unique only within a stratum. */
  nest?: boolean;
  lonelyPsu?: LonelyPsu;
  /** R's `options(survey.adjust.domain.lonely)`, default FALSE. */
  adjustDomainLonely?: boolean;
  /** Left by weighting steps; applied to linearized values in this order before the variance sum. */
  adjustments?: VarianceAdjustment[];
  /**
   * Later stages of a multistage design (R's `id = ~psu + ssu + ...`, `fpc = ~fpc1 + fpc2 + ...`): each stage's
   * units (numbered within the unit of the stage before) and its fpc, per row: a count of units in the population
   * of the parent unit, or a sampling fraction. A stage contributes to the variance when it and every stage before
   * it have an fpc (svyrecvar's multistage).
   */
  stages?: { psu: Factor; fpc?: Float64Array }[];
}

/** One later stage of a multistage design. */
export interface Stage {
  /** Unit of each row at this stage, 0..nUnits-1, numbered within the parent unit. */
  readonly unit: Int32Array;
  readonly nUnits: number;
  /** Units sampled in each parent unit (the stage's n), indexed by the parent's code. */
  readonly sampled: Int32Array;
  /** Population units in each parent unit (the stage's N), when the stage has an fpc. */
  readonly popSize?: Float64Array;
}

/** A one-stage stratified cluster design with its PSUs coded 0..nPsu-1 across all strata. */
export interface Design {
  readonly n: number;
  readonly weights: Float64Array;
  readonly stratum: Int32Array;
  readonly strataLabels: readonly string[];
  readonly nStrata: number;
  readonly psu: Int32Array;
  /** The PSU's id as the data gave it (row number when there are no PSUs). */
  psuLabel(c: number): string;
  readonly nPsu: number;
  /** Stratum of each PSU. */
  readonly psuStratum: Int32Array;
  /** n_h: PSUs of each stratum in the whole sample. */
  readonly psuPerStratum: Int32Array;
  /** f_h = (N_h − n_h)/N_h, 1 without fpc. */
  readonly fpcFactor: Float64Array;
  /** N_h when fpc was given. */
  readonly popSize?: Float64Array;
  readonly hasStrata: boolean;
  readonly hasPsu: boolean;
  readonly nest: boolean;
  readonly lonelyPsu: LonelyPsu;
  readonly adjustDomainLonely: boolean;
  readonly adjustments: readonly VarianceAdjustment[];
  /** Stages after the first (empty for a one-stage design). */
  readonly stages: readonly Stage[];
}

function checkLength(name: string, len: number, n: number): void {
  if (len !== n) throw new SurveyError('design_length', `${name} has ${len} values but the data have ${n} rows`);
}

/** Builds a design, checking it as R's svydesign does (nesting, fpc, one PSU overall). */
export function createDesign(o: DesignOptions): Design {
  const n = o.n;
  const strataF = o.strata;
  if (strataF) checkLength('strata', strataF.codes.length, n);
  if (o.psu) checkLength('psu', o.psu.codes.length, n);
  if (o.weights) checkLength('weights', o.weights.length, n);
  if (o.fpc) checkLength('fpc', o.fpc.length, n);
  const stratum = strataF ? strataF.codes : new Int32Array(n);
  const strataLabels = strataF ? strataF.labels : ['1'];
  const nStrata = strataLabels.length;
  const nest = o.nest ?? false;

  // PSU coding: global ids, or (stratum, id) pairs under nest.
  const psu = new Int32Array(n);
  const psuLabels: string[] = [];
  const psuStratumList: number[] = [];
  let nPsu = 0;
  if (!o.psu) {
    for (let i = 0; i < n; i++) psu[i] = i;
    nPsu = n;
  } else {
    const k = o.psu.labels.length;
    if (!nest || !strataF) {
      const owner = new Int32Array(k).fill(-1);
      for (let i = 0; i < n; i++) {
        const c = o.psu.codes[i] as number;
        const h = stratum[i] as number;
        const prev = owner[c] as number;
        if (prev === -1) owner[c] = h;
        else if (prev !== h) {
          throw new SurveyError(
            'psu_not_nested',
            `PSU "${o.psu.labels[c]}" appears in strata "${strataLabels[prev]}" and "${strataLabels[h]}"; ` +
              'PSU ids must be unique across strata, or use --nest if they are numbered within each stratum',
          );
        }
      }
      const used = new Int32Array(k).fill(-1);
      for (let i = 0; i < n; i++) {
        const c = o.psu.codes[i] as number;
        if (used[c] === -1) used[c] = 0;
      }
      let next = 0;
      for (let c = 0; c < k; c++) {
        if (used[c] === 0) {
          used[c] = next++;
          psuLabels.push(o.psu.labels[c] as string);
          psuStratumList.push(owner[c] as number);
        }
      }
      for (let i = 0; i < n; i++) psu[i] = used[o.psu.codes[i] as number] as number;
    } else {
      const map = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const h = stratum[i] as number;
        const key = h * k + (o.psu.codes[i] as number);
        let c = map.get(key);
        if (c === undefined) {
          c = psuLabels.length;
          map.set(key, c);
          psuLabels.push(`${strataLabels[h]}.${o.psu.labels[o.psu.codes[i] as number]}`);
          psuStratumList.push(h);
        }
        psu[i] = c;
      }
    }
  }
  nPsu = o.psu ? psuLabels.length : n;
  const psuStratum = o.psu ? Int32Array.from(psuStratumList) : Int32Array.from(stratum);
  if (nPsu === 1 && !(nest && strataF)) {
    throw new SurveyError('one_psu', 'the design has only one primary sampling unit');
  }
  const psuPerStratum = new Int32Array(nStrata);
  for (let c = 0; c < nPsu; c++) psuPerStratum[psuStratum[c]!]!++;

  const fpcFactor = new Float64Array(nStrata).fill(1);
  let popSize: Float64Array | undefined;
  if (o.fpc) popSize = fpcPopulation(o.fpc, stratum, strataLabels, psuPerStratum, fpcFactor);

  checkFpcKinds([o.fpc, ...(o.stages ?? []).map((s) => s.fpc)]);
  const stages = laterStages(o.stages ?? [], psu, nPsu, n);
  let weights = o.weights;
  if (!weights) {
    weights = new Float64Array(n).fill(1);
    if (popSize) {
      // As R: without weights, an fpc defines them as N_h / n_h (times M/m of every later stage with an fpc).
      for (let i = 0; i < n; i++) {
        const h = stratum[i] as number;
        let wi = (popSize[h] as number) / (psuPerStratum[h] as number);
        let parent = psu[i] as number;
        for (const st of stages) {
          if (!st.popSize) break;
          wi *= (st.popSize[parent] as number) / (st.sampled[parent] as number);
          parent = st.unit[i] as number;
        }
        weights[i] = wi;
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      const w = weights[i] as number;
      if (!(w >= 0) || !Number.isFinite(w)) {
        throw new SurveyError('bad_weight', `weight at row ${i + 1} is ${w}; weights must be finite and ≥ 0`);
      }
    }
  }
  return {
    n,
    weights,
    stratum,
    strataLabels,
    nStrata,
    psu,
    psuLabel: (c) => (o.psu ? (psuLabels[c] as string) : String(c + 1)),
    nPsu,
    psuStratum,
    psuPerStratum,
    fpcFactor,
    popSize,
    hasStrata: Boolean(strataF),
    hasPsu: Boolean(o.psu),
    nest,
    lonelyPsu: o.lonelyPsu ?? 'fail',
    adjustDomainLonely: o.adjustDomainLonely ?? false,
    adjustments: o.adjustments ?? [],
    stages,
  };
}

/** As R's as.fpc: the fpc of every stage are all counts (≥ 1) or all fractions (≤ 1). */
function checkFpcKinds(fpcs: readonly (Float64Array | undefined)[]): void {
  let above = false;
  let below = false;
  for (const f of fpcs) {
    if (!f) continue;
    for (const v of f) {
      if (v > 1) above = true;
      else if (v < 1) below = true;
    }
  }
  if (above && below) {
    throw new SurveyError(
      'bad_fpc',
      'fpc must be population counts (≥ 1) at every stage or sampling fractions (≤ 1) at every stage, as R',
    );
  }
}

/** Codes each later stage's units within their parent unit and reads its fpc (count or fraction) per parent. */
function laterStages(
  specs: readonly { psu: Factor; fpc?: Float64Array }[],
  psu: Int32Array,
  nPsu: number,
  n: number,
): Stage[] {
  const out: Stage[] = [];
  let parent = psu;
  let nParents = nPsu;
  specs.forEach((spec, k) => {
    checkLength(`stage ${k + 2} units`, spec.psu.codes.length, n);
    const unit = new Int32Array(n);
    const index = new Map<number, number>();
    const parentOf: number[] = [];
    const width = spec.psu.labels.length;
    for (let i = 0; i < n; i++) {
      const key = (parent[i] as number) * width + (spec.psu.codes[i] as number);
      let c = index.get(key);
      if (c === undefined) {
        c = parentOf.length;
        index.set(key, c);
        parentOf.push(parent[i] as number);
      }
      unit[i] = c;
    }
    const sampled = new Int32Array(nParents);
    for (const p of parentOf) sampled[p]!++;
    let popSize: Float64Array | undefined;
    if (spec.fpc) {
      checkLength(`stage ${k + 2} fpc`, spec.fpc.length, n);
      popSize = new Float64Array(nParents).fill(Number.NaN);
      for (let i = 0; i < n; i++) {
        const v = spec.fpc[i] as number;
        if (!Number.isFinite(v) || v <= 0)
          throw new SurveyError('bad_fpc', `stage ${k + 2} fpc value ${v} at row ${i + 1} is not a positive number`);
        const p = parent[i] as number;
        const N = v > 1 ? v : (sampled[p] as number) / v;
        const prev = popSize[p] as number;
        if (Number.isNaN(prev)) popSize[p] = N;
        else if (Math.abs(prev - N) > 1e-9 * N) {
          throw new SurveyError(
            'bad_fpc',
            `stage ${k + 2} fpc varies within one unit of stage ${k + 1} (row ${i + 1})`,
          );
        }
        if (N < (sampled[p] as number) - 1e-9) {
          throw new SurveyError(
            'bad_fpc',
            `stage ${k + 2} fpc at row ${i + 1} implies more than 100% sampling (N=${N}, n=${sampled[p]})`,
          );
        }
      }
    }
    out.push({ unit, nUnits: parentOf.length, sampled, popSize });
    parent = unit;
    nParents = parentOf.length;
  });
  return out;
}

/** Reads per-row fpc values into per-stratum N_h and f_h, with R's checks (as.fpc). */
function fpcPopulation(
  fpc: Float64Array,
  stratum: Int32Array,
  strataLabels: readonly string[],
  nh: Int32Array,
  f: Float64Array,
): Float64Array {
  let anyAbove1 = false;
  let allAtLeast1 = true;
  for (const v of fpc) {
    if (!Number.isFinite(v) || v <= 0) throw new SurveyError('bad_fpc', `fpc value ${v} is not a positive number`);
    if (v > 1) anyAbove1 = true;
    if (v < 1) allAtLeast1 = false;
  }
  if (anyAbove1 !== allAtLeast1) {
    throw new SurveyError('bad_fpc', 'fpc must be all population counts (> 1) or all sampling fractions (≤ 1)');
  }
  const nStrata = strataLabels.length;
  const perStratum = new Float64Array(nStrata).fill(Number.NaN);
  for (let i = 0; i < fpc.length; i++) {
    const h = stratum[i] as number;
    const v = fpc[i] as number;
    const prev = perStratum[h] as number;
    if (Number.isNaN(prev)) perStratum[h] = v;
    else if (prev !== v) {
      throw new SurveyError('bad_fpc', `fpc varies within stratum "${strataLabels[h]}" (${prev} and ${v})`);
    }
  }
  const pop = new Float64Array(nStrata);
  for (let h = 0; h < nStrata; h++) {
    const v = perStratum[h] as number;
    const samp = nh[h] as number;
    if (Number.isNaN(v)) continue;
    pop[h] = anyAbove1 ? v : samp / v;
    if ((pop[h] as number) < samp) {
      throw new SurveyError(
        'bad_fpc',
        `fpc of stratum "${strataLabels[h]}" implies more than 100% sampling (N=${pop[h]}, n=${samp} PSUs)`,
      );
    }
    f[h] = pop[h] === Number.POSITIVE_INFINITY ? 1 : ((pop[h] as number) - samp) / (pop[h] as number);
  }
  return pop;
}

/** Degrees of freedom (R's degf): PSUs minus strata among rows with non-zero weight (and in the domain). */
export function degreesOfFreedom(design: Design, domain?: Uint8Array): number {
  const psuSeen = new Uint8Array(design.nPsu);
  const hSeen = new Uint8Array(design.nStrata);
  let p = 0;
  let s = 0;
  const w = design.weights;
  for (let i = 0; i < design.n; i++) {
    if ((w[i] as number) === 0 || (domain && domain[i] === 0)) continue;
    const c = design.psu[i] as number;
    if (psuSeen[c] === 0) {
      psuSeen[c] = 1;
      p++;
    }
    const h = design.stratum[i] as number;
    if (hSeen[h] === 0) {
      hSeen[h] = 1;
      s++;
    }
  }
  return p - s;
}

/** Returns the design with other weights (and the variance adjustments of the step that made them). */
export function withWeights(design: Design, weights: Float64Array, adjustment?: VarianceAdjustment): Design {
  checkLength('weights', weights.length, design.n);
  return { ...design, weights, adjustments: adjustment ? [...design.adjustments, adjustment] : design.adjustments };
}
