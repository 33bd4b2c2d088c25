import { type Design, degreesOfFreedom } from './design.ts';
import { SurveyError } from './errors.ts';
import { linearizedVariance } from './variance.ts';

/**
 * Point estimates with their Taylor variance, as R survey's svymean / svytotal / svyratio with `deff = TRUE`
 * on `design[domain, ]` (svyby semantics): a domain is estimated on the full design, rows outside it carry
 * zero linearized values but keep their PSUs and strata (methodology.md §2.2–2.3).
 * A NaN in y (or x) leaves the row out like R's `na.rm = TRUE`, which R also does by subsetting the design.
 */
export interface PointEstimate {
  statistic: 'mean' | 'total' | 'ratio';
  estimate: number;
  variance: number;
  se: number;
  /** Design degrees of freedom on the domain (R's degf). */
  df: number;
  /** Design effect as R's deff=TRUE (without-replacement SRS of the same size). */
  deff: number;
  /** Rows in the domain with non-zero weight and a value. */
  n: number;
  /** Rows R's svyciprop counts as nrow(design) (all rows for a calibrated design). */
  nRows: number;
  sumW: number;
  /** Kish: (Σw)²/Σw² over the domain. */
  nKish: number;
  /** σ̂²/V capped at n, with σ̂² = Σw(y − ȳ)²/Σw (p̂(1 − p̂) for a proportion). */
  nEff: number;
  /** Every value in the domain is 0 or 1. */
  binary: boolean;
}

/** The rows that take part: in the domain and with a value (NaN = missing). Undefined = every row. */
function activeRows(n: number, domain: Uint8Array | undefined, ...cols: Float64Array[]): Uint8Array | undefined {
  let mask: Uint8Array | undefined;
  for (const col of cols) {
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(col[i] as number) && domain?.[i] !== 0) {
        if (!mask) mask = domain ? Uint8Array.from(domain) : new Uint8Array(n).fill(1);
        mask[i] = 0;
      }
    }
  }
  return mask ?? domain;
}

interface DomainSums {
  sumW: number;
  sumW2: number;
  n: number;
  nRows: number;
}

function domainSums(design: Design, d: Uint8Array | undefined): DomainSums {
  const w = design.weights;
  let sumW = 0;
  let sumW2 = 0;
  let n = 0;
  let nRows = 0;
  for (let i = 0; i < design.n; i++) {
    if (d && d[i] === 0) continue;
    nRows++;
    const wi = w[i] as number;
    if (wi !== 0) n++;
    sumW += wi;
    sumW2 += wi * wi;
  }
  // R's nrow(design): the domain's rows after subsetting, or all rows when the design is calibrated.
  if (design.adjustments.length > 0) nRows = design.n;
  return { sumW, sumW2, n, nRows };
}

/** Σw(y − c)²/Σw · n/(n − 1) over the domain: R's svyvar of the (centered) variable. */
function designVariance(design: Design, y: Float64Array, c: number, d: Uint8Array | undefined, s: DomainSums): number {
  const w = design.weights;
  let acc = 0;
  for (let i = 0; i < design.n; i++) {
    if (d && d[i] === 0) continue;
    const e = (y[i] as number) - c;
    acc += (w[i] as number) * e * e;
  }
  return (acc / s.sumW) * (s.n / (s.n - 1));
}

function isBinary(y: Float64Array, d: Uint8Array | undefined): boolean {
  for (let i = 0; i < y.length; i++) {
    if (d && d[i] === 0) continue;
    const v = y[i];
    if (v !== 0 && v !== 1) return false;
  }
  return true;
}

function emptyDomain(): never {
  throw new SurveyError('empty_domain', 'the domain has no rows with a value and a non-zero weight');
}

/**
 * Weighted mean or proportion of y (R's svymean) on the domain. The hot path of every run: two passes over
 * the rows (sums, then linearized values) plus the variance.
 */
export function estimateMean(design: Design, y: Float64Array, domain?: Uint8Array): PointEstimate {
  const d = activeRows(design.n, domain, y);
  const { n: rows, weights: w, psu, stratum } = design;
  const psuRows = new Uint8Array(design.nPsu); // 1: a domain row, 2: a domain row with non-zero weight
  const stratumSeen = new Uint8Array(design.nStrata);
  let sumW = 0;
  let sumW2 = 0;
  let sumWy = 0;
  let n = 0;
  let nRows = 0;
  let binary = true;
  for (let i = 0; i < rows; i++) {
    if (d && d[i] === 0) continue;
    nRows++;
    const wi = w[i]!;
    const yi = y[i]!;
    const c = psu[i]!;
    if (wi !== 0) {
      n++;
      psuRows[c] = 2;
      stratumSeen[stratum[i]!] = 1;
    } else if (psuRows[c] === 0) psuRows[c] = 1;
    sumW += wi;
    sumW2 += wi * wi;
    sumWy += wi * yi;
    if (yi !== 0 && yi !== 1) binary = false;
  }
  if (n === 0 || sumW === 0) emptyDomain();
  const mean = sumWy / sumW;
  const z = new Float64Array(rows);
  let ss = 0;
  for (let i = 0; i < rows; i++) {
    if (d && d[i] === 0) continue;
    const e = y[i]! - mean;
    const we = w[i]! * e;
    z[i] = we / sumW;
    ss += we * e;
  }
  const variance = linearizedVariance(design, z, d, psuRows);
  let df = 0;
  for (let c = 0; c < design.nPsu; c++) if (psuRows[c] === 2) df++;
  for (let h = 0; h < design.nStrata; h++) df -= stratumSeen[h]!;
  const s: DomainSums = { sumW, sumW2, n, nRows: design.adjustments.length > 0 ? rows : nRows };
  // R's svyvar: Σw(y − ȳ)²/Σw · n/(n − 1); deff against SRS without replacement of the same n.
  const s2 = (ss / sumW) * (n / (n - 1));
  const vsrs = sumW < n ? Number.NaN : (s2 * (sumW - n)) / (sumW * n);
  return finish('mean', mean, variance, df, s, variance / vsrs, ss / sumW, binary);
}

/** Weighted total of y (R's svytotal) on the domain. */
export function estimateTotal(design: Design, y: Float64Array, domain?: Uint8Array): PointEstimate {
  const d = activeRows(design.n, domain, y);
  const s = domainSums(design, d);
  if (s.n === 0) emptyDomain();
  const w = design.weights;
  const z = new Float64Array(design.n);
  let total = 0;
  let sumWy = 0;
  for (let i = 0; i < design.n; i++) {
    if (d && d[i] === 0) continue;
    z[i] = (w[i] as number) * (y[i] as number);
    total += z[i] as number;
    sumWy += z[i] as number;
  }
  const variance = linearizedVariance(design, z, d);
  const mean = sumWy / s.sumW;
  const s2 = designVariance(design, y, mean, d, s);
  const vsrs = (s2 * s.sumW * s.sumW * (s.sumW - s.n)) / (s.sumW * s.n);
  return finish(
    'total',
    total,
    variance,
    degreesOfFreedom(design, d),
    s,
    variance / vsrs,
    (s2 * (s.n - 1)) / s.n,
    isBinary(y, d),
  );
}

/** Ratio Σwy/Σwx (R's svyratio, combined) on the domain. */
export function estimateRatio(design: Design, y: Float64Array, x: Float64Array, domain?: Uint8Array): PointEstimate {
  const d = activeRows(design.n, domain, y, x);
  const s = domainSums(design, d);
  if (s.n === 0) emptyDomain();
  const w = design.weights;
  let ty = 0;
  let tx = 0;
  for (let i = 0; i < design.n; i++) {
    if (d && d[i] === 0) continue;
    ty += (w[i] as number) * (y[i] as number);
    tx += (w[i] as number) * (x[i] as number);
  }
  if (tx === 0) throw new SurveyError('zero_denominator', 'the weighted total of the denominator is 0');
  const ratio = ty / tx;
  const r = new Float64Array(design.n);
  const z = new Float64Array(design.n);
  let sumWr = 0;
  for (let i = 0; i < design.n; i++) {
    if (d && d[i] === 0) continue;
    r[i] = ((y[i] as number) - ratio * (x[i] as number)) / tx;
    z[i] = (w[i] as number) * (r[i] as number);
    sumWr += z[i] as number;
  }
  const variance = linearizedVariance(design, z, d);
  // R: deff(svytotal(r, design, deff = TRUE)) with r the unweighted residual.
  const s2 = designVariance(design, r, sumWr / s.sumW, d, s);
  const vsrs = (s2 * s.sumW * s.sumW * (s.sumW - s.n)) / (s.sumW * s.n);
  return finish('ratio', ratio, variance, degreesOfFreedom(design, d), s, variance / vsrs, Number.NaN, false);
}

function finish(
  statistic: PointEstimate['statistic'],
  estimate: number,
  variance: number,
  df: number,
  s: DomainSums,
  deff: number,
  sigma2: number,
  binary: boolean,
): PointEstimate {
  const ne = sigma2 / variance;
  return {
    statistic,
    estimate,
    variance,
    se: Math.sqrt(variance),
    df,
    deff,
    n: s.n,
    nRows: s.nRows,
    sumW: s.sumW,
    nKish: (s.sumW * s.sumW) / s.sumW2,
    nEff: Number.isFinite(ne) && ne < s.n ? ne : s.n,
    binary,
  };
}

/** The linearized values of a domain mean (zero outside): what comparisons between domains combine. */
export function meanInfluence(design: Design, y: Float64Array, domain?: Uint8Array): Float64Array {
  const d = activeRows(design.n, domain, y);
  const w = design.weights;
  let sw = 0;
  let swy = 0;
  for (let i = 0; i < design.n; i++) {
    if (d && d[i] === 0) continue;
    sw += w[i] as number;
    swy += (w[i] as number) * (y[i] as number);
  }
  const mean = swy / sw;
  const z = new Float64Array(design.n);
  for (let i = 0; i < design.n; i++) {
    if (d && d[i] === 0) continue;
    z[i] = ((w[i] as number) * ((y[i] as number) - mean)) / sw;
  }
  return z;
}
