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
  const used = groups.filter((g) => g.length > 0);
  const k = used.length;
  const n = used.reduce((s, g) => s + g.length, 0);
  const grand = used.reduce((s, g) => s + g.reduce((a, b) => a + b, 0), 0) / n;
  let ssb = 0;
  let ssw = 0;
  for (const g of used) {
    const m = g.reduce((a, b) => a + b, 0) / g.length;
    ssb += g.length * (m - grand) ** 2;
    for (const y of g) ssw += (y - m) ** 2;
  }
  const msb = ssb / (k - 1);
  const msw = ssw / (n - k);
  const n0 = (n - used.reduce((s, g) => s + g.length ** 2, 0) / n) / (k - 1);
  return { rho: (msb - msw) / (msb + (n0 - 1) * msw), msb, msw, n0, k, n };
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
  const flagIds = new Map(
    checks.map((c) => [c, new Set(flags.filter((f) => f.check === c).map((f) => f.interviewId))]),
  );
  const assess = (exclude: ReadonlySet<string>) => {
    const tests = new Map(
      checks.map((c) => {
        const ids = flagIds.get(c)!;
        return [
          c,
          zScores(
            standardised(interviews, bySurveyor, (iv) => (ids.has(iv.id) ? 1 : 0), exclude),
            s,
          ),
        ] as const;
      }),
    );
    const funnel = funnelOf(interviews, bySurveyor, s, alpha, exclude);
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
  interviews: readonly QcInterview[],
  bySurveyor: ReadonlyMap<string, number[]>,
  s: QcSettings['surveyors'],
  alpha: number,
  exclude: ReadonlySet<string>,
): { bySurveyor: Map<string, FunnelPoint>; phi: number } {
  const raw = standardised(
    interviews,
    bySurveyor,
    (iv) => (iv.literate === null ? null : iv.literate ? 1 : 0),
    exclude,
  );
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

/**
 * Indirect standardisation of a 0/1 indicator by stratum: per surveyor, the observed count O, the count E expected
 * from the rates the other surveyors' interviews show in the same strata (the other surveyors overall where a
 * stratum has no one else), and V = Var(O − E) = Σₕ mₕ rₕ(1 − rₕ) (1 + mₕ/Nₕ), with mₕ the surveyor's interviews
 * and Nₕ the others' in stratum h, times the design effect of PSU clustering: a surveyor's respondents live in a few
 * communities, and neighbours resemble each other (clusterDesignEffect). Rows whose indicator is null take no part; the surveyors in
 * `exclude` set no one's expectation (their own O, E and V are still computed).
 */
function standardised(
  interviews: readonly QcInterview[],
  bySurveyor: ReadonlyMap<string, number[]>,
  indicator: (iv: QcInterview) => 0 | 1 | null,
  exclude: ReadonlySet<string> = new Set(),
): Map<string, { o: number; e: number; v: number; n: number }> {
  type Tally = { x: number; n: number };
  const strata = new Map<string, { all: Tally; mine: Map<string, Tally> }>();
  const surveyorAll = new Map<string, Tally>();
  const all: Tally = { x: 0, n: 0 };
  for (const iv of interviews) {
    const y = indicator(iv);
    if (y === null || exclude.has(iv.surveyor ?? '')) continue;
    const st = getOrAdd(strata, iv.stratum ?? '', () => ({ all: { x: 0, n: 0 }, mine: new Map<string, Tally>() }));
    const who = iv.surveyor ?? '';
    for (const t of [
      st.all,
      getOrAdd(st.mine, who, () => ({ x: 0, n: 0 })),
      getOrAdd(surveyorAll, who, () => ({ x: 0, n: 0 })),
      all,
    ]) {
      t.x += y;
      t.n++;
    }
  }
  const deff = clusterDesignEffect(interviews, indicator);
  const out = new Map<string, { o: number; e: number; v: number; n: number }>();
  for (const [name, rows] of bySurveyor) {
    const mineAll = surveyorAll.get(name) ?? { x: 0, n: 0 };
    const othersN = all.n - mineAll.n;
    const othersRate = othersN > 0 ? (all.x - mineAll.x) / othersN : 0;
    const r = { o: 0, e: 0, v: 0, n: 0 };
    // The surveyor's interviews per stratum, with the reference rate and how many interviews it rests on.
    const perStratum = new Map<string, { m: number; rate: number; base: number }>();
    for (const i of rows) {
      const iv = interviews[i]!;
      const y = indicator(iv);
      if (y === null) continue;
      const key = iv.stratum ?? '';
      const cell = getOrAdd(perStratum, key, () => {
        const st = strata.get(key);
        const mine = st?.mine.get(name) ?? { x: 0, n: 0 };
        const base = (st?.all.n ?? 0) - mine.n;
        return base > 0 ? { m: 0, rate: (st!.all.x - mine.x) / base, base } : { m: 0, rate: othersRate, base: othersN };
      });
      cell.m++;
      r.o += y;
      r.e += cell.rate;
      r.n++;
    }
    // Var(O − E): the binomial variance of the surveyor's own count, plus that of the expectation, which rests on
    // the other surveyors' interviews of each stratum (few where a district has two or three surveyors).
    for (const { m, rate, base } of perStratum.values()) {
      r.v += m * rate * (1 - rate) + (base > 0 ? (m * m * rate * (1 - rate)) / base : 0);
    }
    r.v *= deff;
    out.set(name, r);
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
function clusterDesignEffect(interviews: readonly QcInterview[], indicator: (iv: QcInterview) => 0 | 1 | null): number {
  const byPsu = new Map<string, number[]>();
  for (const iv of interviews) {
    const y = indicator(iv);
    if (y === null || iv.psu === null) continue;
    getOrAdd(byPsu, `${iv.stratum ?? ''}\u0001${iv.psu}`, () => []).push(y);
  }
  const groups = [...byPsu.values()];
  if (groups.length < 2) return 1;
  const { rho, n0 } = interviewerCorrelation(groups);
  return Number.isFinite(rho) ? Math.max(1, 1 + (n0 - 1) * rho) : 1;
}
