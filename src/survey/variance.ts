import type { Design } from './design.ts';
import { SurveyError } from './errors.ts';

/**
 * Taylor variance of an estimator from its linearized values z (length n), exactly as R survey 4.1's
 * svyrecvar → multistage → onestage → onestrat for a one-stage design:
 *  - the design's variance adjustments (post-stratification, raking, calibration) replace z first, in order;
 *  - PSU totals are centered within each stratum and scaled by f_h · n_h/(n_h − 1);
 *  - a domain pads its strata with zero totals up to n_h (the PSUs of the whole sample);
 *  - lonely PSUs follow design.lonelyPsu, domain-lonely ones design.adjustDomainLonely.
 *
 * `domain` (1 = row in the domain) reproduces which strata and PSUs R sees after `design[domain, ]`:
 * for an uncalibrated design R drops the other rows (so only strata and PSUs holding domain rows take part),
 * for a calibrated one (any adjustment) it keeps every row with zero weight. z must already be 0 outside.
 */
export function linearizedVariance(
  design: Design,
  z: Float64Array,
  domain?: Uint8Array,
  /** Optional, when the caller already knows them: non-zero for each PSU holding a domain row. */
  domainPsus?: Uint8Array,
): number {
  let x = z;
  for (const adj of design.adjustments) x = adj.adjust(x);

  const { nPsu, nStrata, psu, psuStratum, psuPerStratum, fpcFactor } = design;
  const totals = new Float64Array(nPsu);
  for (let i = 0; i < design.n; i++) totals[psu[i]!]! += x[i]!;

  // Which PSUs and strata R would see.
  const present = new Uint8Array(nPsu);
  if (domain && design.adjustments.length === 0) {
    if (domainPsus) for (let c = 0; c < nPsu; c++) present[c] = domainPsus[c] !== 0 ? 1 : 0;
    else for (let i = 0; i < design.n; i++) if (domain[i] !== 0) present[psu[i] as number] = 1;
  } else present.fill(1);
  const nSubset = new Int32Array(nStrata);
  const sum = new Float64Array(nStrata);
  for (let c = 0; c < nPsu; c++) {
    if (present[c] === 0) continue;
    const h = psuStratum[c] as number;
    nSubset[h]!++;
    sum[h]! += totals[c]!;
  }
  // Per stratum: whether centered, its mean, its sum of squares.
  const centered = new Uint8Array(nStrata);
  const mean = new Float64Array(nStrata);
  const lonely = design.lonelyPsu;
  const adl = design.adjustDomainLonely;
  for (let h = 0; h < nStrata; h++) {
    const nh = psuPerStratum[h] as number;
    const ns = nSubset[h] as number;
    if (ns === 0) continue;
    const rows = Math.max(ns, nh);
    centered[h] = lonely !== 'adjust' || ns > 1 || (nh > 1 && !adl) ? 1 : 0;
    mean[h] = centered[h] ? (sum[h] as number) / rows : 0;
  }
  const ss = new Float64Array(nStrata);
  for (let c = 0; c < nPsu; c++) {
    if (present[c] === 0) continue;
    const h = psuStratum[c] as number;
    const d = (totals[c] as number) - (mean[h] as number);
    ss[h]! += d * d;
  }

  let v = 0;
  let nstrat = 0;
  let nok = 0;
  for (let h = 0; h < nStrata; h++) {
    const nh = psuPerStratum[h] as number;
    const ns = nSubset[h] as number;
    if (ns === 0) continue;
    nstrat++;
    const f = fpcFactor[h] as number;
    if (f < 1e-7) {
      nok++; // a stratum sampled in full contributes nothing, whatever its PSU count
      continue;
    }
    // Zero-padded PSUs (in the whole sample, not in the domain) add (n_h − n_subset) · mean².
    const m = mean[h] as number;
    const padded = ns < nh ? (nh - ns) * m * m : 0;
    const sumSq = (ss[h] as number) + padded;
    if (ns === 1 && nh > 1 && adl && lonely === 'average') continue; // NA: dropped, V rescaled
    if (nh > 1) {
      v += ((f * nh) / (nh - 1)) * sumSq;
      nok++;
      continue;
    }
    switch (lonely) {
      case 'certainty':
      case 'remove':
      case 'adjust':
        v += f * sumSq;
        nok++;
        break;
      case 'average':
        break;
      default:
        throw new SurveyError(
          'lonely_psu',
          `stratum "${design.strataLabels[h]}" has only one PSU; choose how to treat it with ` +
            '--lonely-psu remove|certainty|adjust|average',
        );
    }
  }
  v = (v * nstrat) / nok;
  if (design.stages.length > 0 && design.popSize) {
    v += laterStagesVariance(design, x, domain && design.adjustments.length === 0 ? domain : undefined);
  }
  return v;
}

/**
 * What stages after the first add, as svyrecvar's multistage: within each first-stage PSU of stratum h the
 * variance between its second-stage units (one stratum, its own n and N, lonely units as at stage 1, a domain
 * padding with zero totals), times n_h/N_h; and so on down the stages, each while the stage has an fpc.
 */
function laterStagesVariance(design: Design, x: Float64Array, keep: Uint8Array | undefined): number {
  const rowsOf = groupRows(design.psu, design.nPsu, keep);
  let v = 0;
  for (let c = 0; c < design.nPsu; c++) {
    const rows = rowsOf[c];
    if (!rows) continue;
    const h = design.psuStratum[c] as number;
    const N = design.popSize?.[h] as number;
    v += ((design.psuPerStratum[h] as number) / N) * stageVariance(design, x, rows, 0, c);
  }
  return v;
}

function groupRows(codes: Int32Array, k: number, keep: Uint8Array | undefined, among?: readonly number[]): number[][] {
  const out: number[][] = new Array(k);
  const visit = (i: number) => {
    if (keep && keep[i] === 0) return;
    const c = codes[i] as number;
    const list = out[c];
    if (list) list.push(i);
    else out[c] = [i];
  };
  if (among) for (const i of among) visit(i);
  else for (let i = 0; i < codes.length; i++) visit(i);
  return out;
}

function stageVariance(design: Design, x: Float64Array, rows: readonly number[], s: number, parent: number): number {
  const stage = design.stages[s];
  if (!stage?.popSize) return 0;
  const m = stage.sampled[parent] as number;
  const M = stage.popSize[parent] as number;
  const f = M === Number.POSITIVE_INFINITY ? 1 : (M - m) / M;
  const byUnit = new Map<number, number[]>();
  for (const i of rows) {
    const u = stage.unit[i] as number;
    const list = byUnit.get(u);
    if (list) list.push(i);
    else byUnit.set(u, [i]);
  }
  let v = 0;
  if (f >= 1e-7) {
    const ns = byUnit.size;
    const totals: number[] = [];
    for (const list of byUnit.values()) {
      let t = 0;
      for (const i of list) t += x[i] as number;
      totals.push(t);
    }
    const lonely = design.lonelyPsu;
    const adl = design.adjustDomainLonely;
    const centered = lonely !== 'adjust' || ns > 1 || (m > 1 && !adl);
    const mean = centered ? totals.reduce((a, b) => a + b, 0) / Math.max(ns, m) : 0;
    let ss = ns < m ? (m - ns) * mean * mean : 0;
    for (const t of totals) ss += (t - mean) * (t - mean);
    if (m > 1) v = ((f * m) / (m - 1)) * ss;
    else if (lonely === 'fail') {
      throw new SurveyError(
        'lonely_psu',
        `a unit of stage ${s + 1} has only one sampled unit at stage ${s + 2}; choose --lonely-psu remove|certainty|adjust|average`,
      );
    } else if (lonely === 'average') v = Number.NaN;
    else v = f * ss;
  }
  if (s + 1 < design.stages.length) {
    for (const [u, list] of byUnit) v += (m / M) * stageVariance(design, x, list, s + 1, u);
  }
  return v;
}
