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
  return (v * nstrat) / nok;
}
