/// <reference path="../survey/jstat.d.ts" />
import jstatModule from 'jstat';
import type { Labels } from '../form/model.ts';
import { createDesign } from '../survey/design.ts';
import { estimateMean } from '../survey/estimate.ts';
import { factorOf } from '../survey/factor.ts';
import { proportionInterval } from '../survey/intervals.ts';
import { getOrAdd } from '../util/maps.ts';
import type { QcSettings } from './settings.ts';
import type { CheckName, QcFlag, QcInterview } from './types.ts';

const jStat = jstatModule.jStat ?? jstatModule;

/**
 * The intra-interviewer correlation of a per-interview outcome: the share of its variance between surveyors, from
 * the one-way random-effects ANOVA estimator ρ = (MSB − MSW) / (MSB + (n₀ − 1) MSW), with
 * n₀ = (N − Σ nᵢ²/N) / (k − 1) for unequal workloads (Kish 1962; the mean squares are R's aov(y ~ surveyor)).
 */
export function interviewerCorrelation(groups: readonly (readonly number[])[]): {
  rho: number;
  msb: number;
  msw: number;
  n0: number;
  k: number;
  n: number;
} {
  const sums = Float64Array.from(groups, (g) => g.reduce((a, b) => a + b, 0));
  const counts = Float64Array.from(groups, (g) => g.length);
  const squares = Float64Array.from(groups, (g) => g.reduce((a, b) => a + b * b, 0));
  return (
    anova(sums, counts, squares) ?? { rho: Number.NaN, msb: Number.NaN, msw: Number.NaN, n0: Number.NaN, k: 0, n: 0 }
  );
}

export interface SurveyorResult {
  surveyor: string;
  interviews: number;
  scored: number;
  /** Interviews with each check's flag. */
  flagged: Partial<Record<CheckName, number>>;
  /** Share literate with its design-based interval (strata, PSUs and design weights of the sample; logit). */
  literacy: { estimate: number; low: number; high: number } | null;
  meanPercent: number | null;
  /** Funnel: the rate expected from the strata the surveyor worked in (as the other surveyors found them). */
  funnel: { observed: number; expected: number; z: number; low: number; high: number } | null;
  /** Why the surveyor is flagged (empty: not flagged). */
  reasons: { check: CheckName; reason: Labels }[];
}

export interface SurveyorSummary {
  surveyors: SurveyorResult[];
  /** ICC of the score (percent) and of literacy (0/1) between surveyors. */
  icc: { percent: number | null; literate: number | null };
  /** Spiegelhalter's overdispersion factor of the funnel (1 = binomial). */
  overdispersion: number;
  overallLiteracy: number | null;
}

const CHECK_LABEL: Record<CheckName, Labels> = {
  speeding: { zh: '答题过快', en: 'speeding' },
  straight_lining: { zh: '连续选同一位置', en: 'straight-lining' },
  dont_know: { zh: '“不知道”过多', en: 'many "don\'t know"' },
  missing: { zh: '漏答过多', en: 'many unanswered' },
  consistency: { zh: '答案自相矛盾', en: 'inconsistent answers' },
  duplicate: { zh: '重复问卷', en: 'duplicates' },
  near_duplicate: { zh: '近似重复问卷', en: 'near-duplicates' },
  same_household: { zh: '同一住户多份', en: 'same household' },
  out_of_hours: { zh: '非访问时段', en: 'out of hours' },
  too_many_per_day: { zh: '单日问卷过多', en: 'too many a day' },
  overlap: { zh: '访问时间重叠', en: 'overlapping interviews' },
  surveyor_outlier: { zh: '调查员结果偏离', en: 'surveyor outlier' },
  backcheck: { zh: '回访不符', en: 'back-check failed' },
};

export function checkLabel(check: CheckName): Labels {
  return CHECK_LABEL[check];
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * (sorted.length - 1))))]!;

/** Per surveyor: flag shares tested against the other surveyors', literacy with its interval, and the funnel. */
export function surveyorSummary(
  interviews: readonly QcInterview[],
  flags: readonly QcFlag[],
  s: QcSettings['surveyors'],
): SurveyorSummary {
  const bySurveyor = new Map<string, number[]>();
  interviews.forEach((iv, i) => {
    getOrAdd(bySurveyor, iv.surveyor ?? '', () => []).push(i);
  });
  const flaggedBy = new Map<string, Map<CheckName, Set<string>>>();
  for (const f of flags) {
    const key = f.surveyor ?? '';
    const checks = getOrAdd(flaggedBy, key, () => new Map<CheckName, Set<string>>());
    getOrAdd(checks, f.check, () => new Set<string>()).add(f.interviewId);
  }
  const checks = [...new Set(flags.map((f) => f.check))];
  const eligible = [...bySurveyor].filter(([name, rows]) => name !== '' && rows.length >= s.minInterviews);
  const tests = Math.max(1, eligible.length * (checks.length + 1));
  const alpha = s.alpha / tests;
  const zCrit = jStat.normal.inv(1 - alpha, 0, 1);
  // Each check's flags, standardised by stratum (what the other surveyors' interviews in the same strata show) and
  // tested one-sided with the funnel's overdispersion: respondents cluster in PSUs, so honest surveyors differ by
  // more than binomial chance in respondent-driven flags such as many "don't know". Twice: the second time without
  // the surveyors the first found, whose interviews would otherwise set what their colleagues are compared with.
  const layout = layoutOf(interviews);
  const position = new Map(interviews.map((iv, i) => [iv.id, i]));
  const indicators = new Map(checks.map((c) => [c, new Int8Array(interviews.length)]));
  for (const f of flags) {
    const i = position.get(f.interviewId);
    if (i !== undefined) indicators.get(f.check)![i] = 1;
  }
  const literate = Int8Array.from(interviews, (iv) => (iv.literate === null ? -1 : iv.literate ? 1 : 0));
  const assess = (excluded: ReadonlySet<string>) => {
    const exclude = Uint8Array.from(layout.names, (name) => (excluded.has(name) ? 1 : 0));
    const tests = new Map(
      checks.map((c) => [c, zScores(standardised(layout, indicators.get(c)!, exclude), s)] as const),
    );
    const funnel = funnelOf(layout, literate, s, alpha, exclude);
    const reasons = new Map<string, SurveyorResult['reasons']>();
    for (const [name, rows] of bySurveyor) {
      if (name === '' || rows.length < s.minInterviews) continue;
      const list: SurveyorResult['reasons'] = [];
      for (const [c, ids] of flaggedBy.get(name) ?? []) {
        const x = ids.size;
        const test = tests.get(c)?.get(name);
        if (!test || x / rows.length < s.minFlaggedShare || test.z <= zCrit) continue;
        const share = Math.round((100 * x) / rows.length);
        const expected = (100 * test.expected).toFixed(1);
        list.push({
          check: c,
          reason: {
            zh: `${x} / ${rows.length} 份问卷（${share}%）有【${CHECK_LABEL[c].zh}】标记，同一抽样层中其他调查员为 ${expected}%`,
            en: `${x} of ${rows.length} interviews (${share}%) flagged for ${CHECK_LABEL[c].en}; other surveyors in the same strata ${expected}%`,
          },
        });
      }
      const f = funnel.bySurveyor.get(name);
      if (f?.flag) list.push({ check: 'surveyor_outlier', reason: f.flag });
      if (list.length) reasons.set(name, list);
    }
    return { reasons, funnel };
  };
  const first = assess(new Set());
  const { reasons: reasonsOf, funnel } = assess(new Set(first.reasons.keys()));
  const literacy = literacyBySurveyor(interviews, bySurveyor);

  const surveyors: SurveyorResult[] = [];
  for (const [name, rows] of bySurveyor) {
    if (name === '') continue;
    const mine = flaggedBy.get(name) ?? new Map<CheckName, Set<string>>();
    const flagged: Partial<Record<CheckName, number>> = {};
    for (const [c, ids] of mine) flagged[c] = ids.size;
    const reasons = reasonsOf.get(name) ?? [];
    const f = funnel.bySurveyor.get(name) ?? null;
    const scoredRows = rows.filter((i) => interviews[i]!.percent !== null);
    surveyors.push({
      surveyor: name,
      interviews: rows.length,
      scored: scoredRows.length,
      flagged,
      literacy: literacy.get(name) ?? null,
      meanPercent: scoredRows.length
        ? scoredRows.reduce((a, i) => a + interviews[i]!.percent!, 0) / scoredRows.length
        : null,
      funnel: f ? { observed: f.observed, expected: f.expected, z: f.z, low: f.low, high: f.high } : null,
      reasons,
    });
  }
  surveyors.sort((a, b) => b.reasons.length - a.reasons.length || a.surveyor.localeCompare(b.surveyor));

  const groups = (value: (iv: QcInterview) => number | null) =>
    [...bySurveyor]
      .filter(([name]) => name !== '')
      .map(([, rows]) => rows.map((i) => value(interviews[i]!)).filter((v): v is number => v !== null));
  const icc = (value: (iv: QcInterview) => number | null) => {
    const g = groups(value).filter((x) => x.length > 0);
    return g.length >= 2 ? interviewerCorrelation(g).rho : null;
  };
  const scored = interviews.filter((iv) => iv.literate !== null);
  return {
    surveyors,
    icc: { percent: icc((iv) => iv.percent), literate: icc((iv) => (iv.literate === null ? null : +iv.literate)) },
    overdispersion: funnel.phi,
    overallLiteracy: scored.length ? scored.filter((iv) => iv.literate).length / scored.length : null,
  };
}

/** Each surveyor's literacy rate as a domain of the whole design (svyciprop with a logit interval). */
function literacyBySurveyor(
  interviews: readonly QcInterview[],
  bySurveyor: ReadonlyMap<string, number[]>,
): Map<string, { estimate: number; low: number; high: number }> {
  const rows = interviews.map((_, i) => i).filter((i) => interviews[i]!.literate !== null);
  const out = new Map<string, { estimate: number; low: number; high: number }>();
  if (rows.length < 2) return out;
  const design = createDesign({
    n: rows.length,
    weights: Float64Array.from(rows, (i) => interviews[i]!.designWeight ?? 1),
    strata: factorOf(
      rows.map((i) => interviews[i]!.stratum ?? '—'),
      'stratum',
    ),
    psu: factorOf(
      rows.map((i) => interviews[i]!.psu ?? `#${interviews[i]!.id}`),
      'psu',
    ),
    nest: true,
    lonelyPsu: 'adjust',
  });
  const y = Float64Array.from(rows, (i) => (interviews[i]!.literate ? 1 : 0));
  const position = new Map(rows.map((i, r) => [i, r]));
  for (const [name, list] of bySurveyor) {
    if (name === '') continue;
    const domain = new Uint8Array(rows.length);
    let any = false;
    for (const i of list) {
      const r = position.get(i);
      if (r !== undefined) {
        domain[r] = 1;
        any = true;
      }
    }
    if (!any) continue;
    const e = estimateMean(design, y, domain);
    const [low, high] = proportionInterval('logit', {
      p: e.estimate,
      variance: e.variance,
      df: Math.max(1, e.df),
      level: 0.95,
      nRows: e.nRows,
      n: e.n,
    });
    out.set(name, { estimate: e.estimate, low, high });
  }
  return out;
}

interface FunnelPoint {
  observed: number;
  expected: number;
  z: number;
  low: number;
  high: number;
  flag?: Labels;
}

/**
 * A funnel of surveyors' literacy rates (Spiegelhalter 2005): each surveyor's respondents are compared with what the
 * other surveyors found in the same strata (indirect standardisation, since surveyors work in their own districts),
 * z = (O − E)/√Σe(1 − e); overdispersion φ is the mean of the 10 %-winsorised z² (set to 1 when below), and a
 * surveyor outside E ± z_crit·√φ·SE is flagged, z_crit Bonferroni-corrected over surveyors.
 */
function funnelOf(
  layout: Layout,
  literate: Int8Array,
  s: QcSettings['surveyors'],
  alpha: number,
  exclude: Uint8Array,
): { bySurveyor: Map<string, FunnelPoint>; phi: number } {
  const raw = standardised(layout, literate, exclude);
  const phi = overdispersion(raw, s);
  const zCrit = jStat.normal.inv(1 - alpha / 2, 0, 1);
  const out = new Map<string, FunnelPoint>();
  for (const [name, r] of raw) {
    if (name === '' || r.n === 0) continue;
    const se = Math.sqrt(r.v * phi) / r.n;
    const z = r.v > 0 ? (r.o - r.e) / Math.sqrt(r.v * phi) : 0;
    const point: FunnelPoint = {
      observed: r.o / r.n,
      expected: r.e / r.n,
      z,
      low: Math.max(0, r.e / r.n - zCrit * se),
      high: Math.min(1, r.e / r.n + zCrit * se),
    };
    if (r.n >= s.minInterviews && Math.abs(z) > zCrit) {
      const obs = (100 * point.observed).toFixed(1);
      const exp = (100 * point.expected).toFixed(1);
      point.flag = {
        zh: `受访者具备科学素质的比例 ${obs}%，同一抽样层中其他调查员为 ${exp}%（z = ${z.toFixed(1)}，超出控制限）`,
        en: `respondents ${obs}% literate where other surveyors in the same strata found ${exp}% (z = ${z.toFixed(1)}, outside the control limits)`,
      };
    }
    out.set(name, point);
  }
  return { bySurveyor: out, phi };
}

/** Interviews coded once for the surveyor tests: stratum, surveyor and PSU of each as small integers. */
interface Layout {
  stratum: Int32Array;
  surveyor: Int32Array;
  psu: Int32Array;
  nStrata: number;
  nPsu: number;
  /** Surveyor names by code (code 0 is the interviews without a surveyor, name ''). */
  names: string[];
}

function layoutOf(interviews: readonly QcInterview[]): Layout {
  const code = (map: Map<string, number>, key: string) => getOrAdd(map, key, () => map.size);
  const strata = new Map<string, number>();
  const psus = new Map<string, number>();
  const surveyors = new Map<string, number>([['', 0]]);
  const n = interviews.length;
  const layout: Layout = {
    stratum: new Int32Array(n),
    surveyor: new Int32Array(n),
    psu: new Int32Array(n).fill(-1),
    nStrata: 0,
    nPsu: 0,
    names: [],
  };
  interviews.forEach((iv, i) => {
    layout.stratum[i] = code(strata, iv.stratum ?? '');
    layout.surveyor[i] = code(surveyors, iv.surveyor ?? '');
    if (iv.psu !== null) layout.psu[i] = code(psus, `${iv.stratum ?? ''}\u0001${iv.psu}`);
  });
  layout.nStrata = strata.size;
  layout.nPsu = psus.size;
  layout.names = [...surveyors.keys()];
  return layout;
}

/**
 * Indirect standardisation of a 0/1 indicator (-1: takes no part) by stratum: per surveyor, the observed count O,
 * the count E expected from the rates the other surveyors' interviews show in the same strata (the other surveyors
 * overall where a stratum has no one else), and V = Var(O − E) = Σₕ mₕ rₕ(1 − rₕ) (1 + mₕ/Nₕ), with mₕ the
 * surveyor's interviews and Nₕ the others' in stratum h, times the design effect of PSU clustering: a surveyor's
 * respondents live in a few communities, and neighbours resemble each other (clusterDesignEffect). The surveyors
 * in `exclude` (by code) set no one's expectation; their own O, E and V are still computed.
 */
function standardised(
  layout: Layout,
  indicator: Int8Array,
  exclude: Uint8Array,
): Map<string, { o: number; e: number; v: number; n: number }> {
  const S = layout.names.length;
  const H = layout.nStrata;
  const cellX = new Float64Array(H * S);
  const cellN = new Float64Array(H * S);
  const stratumX = new Float64Array(H);
  const stratumN = new Float64Array(H);
  let allX = 0;
  let allN = 0;
  for (let i = 0; i < indicator.length; i++) {
    const y = indicator[i]!;
    if (y < 0) continue;
    const h = layout.stratum[i]!;
    const sv = layout.surveyor[i]!;
    cellX[h * S + sv]! += y;
    cellN[h * S + sv]!++;
    if (exclude[sv]) continue;
    stratumX[h]! += y;
    stratumN[h]!++;
    allX += y;
    allN++;
  }
  const deff = clusterDesignEffect(layout, indicator);
  const out = new Map<string, { o: number; e: number; v: number; n: number }>();
  for (let sv = 0; sv < S; sv++) {
    let mineX = 0;
    let mineN = 0;
    for (let h = 0; h < H; h++) {
      mineX += cellX[h * S + sv]!;
      mineN += cellN[h * S + sv]!;
    }
    const own = exclude[sv] ? 0 : 1;
    const othersN = allN - own * mineN;
    const othersRate = othersN > 0 ? (allX - own * mineX) / othersN : 0;
    const r = { o: mineX, e: 0, v: 0, n: mineN };
    for (let h = 0; h < H; h++) {
      const m = cellN[h * S + sv]!;
      if (m === 0) continue;
      const base = stratumN[h]! - own * m;
      const rate = base > 0 ? (stratumX[h]! - own * cellX[h * S + sv]!) / base : othersRate;
      const refBase = base > 0 ? base : othersN;
      r.e += m * rate;
      r.v += m * rate * (1 - rate) + (refBase > 0 ? (m * m * rate * (1 - rate)) / refBase : 0);
    }
    r.v *= deff;
    out.set(layout.names[sv]!, r);
  }
  return out;
}

/** Spiegelhalter's φ: the mean of the 10 %-winsorised z² of surveyors with enough interviews, at least 1. */
function overdispersion(
  raw: ReadonlyMap<string, { o: number; e: number; v: number; n: number }>,
  s: QcSettings['surveyors'],
): number {
  const zs = [...raw]
    .filter(([name, r]) => name !== '' && r.n >= s.minInterviews && r.v > 0)
    .map(([, r]) => (r.o - r.e) ** 2 / r.v)
    .sort((a, b) => a - b);
  if (zs.length < 5) return 1;
  const lo = quantile(zs, 0.1);
  const hi = quantile(zs, 0.9);
  return Math.max(1, zs.reduce((acc, z) => acc + Math.min(hi, Math.max(lo, z)), 0) / zs.length);
}

/** Per surveyor: z = (O − E)/√(φV) (infinite where the others never have the flag and this surveyor has), and E/n. */
function zScores(
  raw: ReadonlyMap<string, { o: number; e: number; v: number; n: number }>,
  s: QcSettings['surveyors'],
): Map<string, { z: number; expected: number }> {
  const phi = overdispersion(raw, s);
  const out = new Map<string, { z: number; expected: number }>();
  for (const [name, r] of raw) {
    if (r.n === 0) continue;
    const z = r.v > 0 ? (r.o - r.e) / Math.sqrt(phi * r.v) : r.o > r.e ? Number.POSITIVE_INFINITY : 0;
    out.set(name, { z, expected: r.e / r.n });
  }
  return out;
}

/**
 * Kish's design effect of clustering, 1 + (n̄ − 1)ρ, for an indicator over the PSUs (communities and villages): ρ its
 * intra-PSU correlation (the one-way ANOVA estimator, as for surveyors) and n̄ the ANOVA's average PSU size. At least
 * 1; 1 where there are no PSUs. Between-stratum differences count in ρ, which keeps the surveyor tests cautious.
 */
function clusterDesignEffect(layout: Layout, indicator: Int8Array): number {
  const sums = new Float64Array(layout.nPsu);
  const counts = new Float64Array(layout.nPsu);
  for (let i = 0; i < indicator.length; i++) {
    const g = layout.psu[i]!;
    if (g < 0 || indicator[i]! < 0) continue;
    sums[g]! += indicator[i]!;
    counts[g]!++;
  }
  // For a 0/1 indicator Σy² = Σy, so the within-PSU sum of squares is Σ(sₚ − sₚ²/nₚ).
  const a = anova(sums, counts, sums);
  return a && Number.isFinite(a.rho) ? Math.max(1, 1 + (a.n0 - 1) * a.rho) : 1;
}

/** One-way ANOVA from per-group sums, counts and sums of squares: ρ, mean squares and n₀ (Kish 1962). */
function anova(sums: Float64Array, counts: Float64Array, squares: Float64Array) {
  let k = 0;
  let n = 0;
  let total = 0;
  let sumN2 = 0;
  for (let g = 0; g < sums.length; g++) {
    if (counts[g]! === 0) continue;
    k++;
    n += counts[g]!;
    total += sums[g]!;
    sumN2 += counts[g]! ** 2;
  }
  if (k < 2 || n <= k) return undefined;
  const grand = total / n;
  let ssb = 0;
  let ssw = 0;
  for (let g = 0; g < sums.length; g++) {
    const c = counts[g]!;
    if (c === 0) continue;
    const m = sums[g]! / c;
    ssb += c * (m - grand) ** 2;
    ssw += squares[g]! - c * m * m;
  }
  const msb = ssb / (k - 1);
  const msw = ssw / (n - k);
  const n0 = (n - sumN2 / n) / (k - 1);
  return { rho: (msb - msw) / (msb + (n0 - 1) * msw), msb, msw, n0, k, n };
}
