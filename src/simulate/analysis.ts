/**
 * Estimates from one simulated sample, in memory, with the survey engine's pure functions (no database):
 * the design (urban and rural parts of districts as strata, communities/villages as PSUs), design weights, raking to the city's
 * sex × age-group and urban/rural margins, and the literate ratio with logit and Korn–Graubard intervals for
 * the whole city, each key population and each district. The coverage study repeats this many times.
 */
import { createDesign, type Design, withWeights } from '../survey/design.ts';
import { estimateMean } from '../survey/estimate.ts';
import { proportionInterval } from '../survey/intervals.ts';
import type { Factor } from '../survey/types.ts';
import { rake } from '../survey/weighting/rake.ts';
import type { RakeMargin } from '../survey/weighting/types.ts';
import { AGE_GROUPS, ageGroupIndex } from './census.ts';
import { RESIDENCES, SEXES } from './population.ts';
import type { SurveySample } from './survey.ts';
import type { City } from './truth.ts';

export type Weighting = 'raked' | 'design' | 'unweighted';
export const WEIGHTINGS: readonly Weighting[] = ['raked', 'design', 'unweighted'];

export interface SampleEstimate {
  domain: string;
  weighting: Weighting;
  n: number;
  estimate: number;
  se: number;
  df: number;
  logit: [number, number];
  beta: [number, number];
}

/** Raking margins of the city: sex × age group, and urban/rural (population counts of its adults). */
export interface CityMargins {
  sexAge: Map<string, number>;
  residence: Map<string, number>;
}

const sexAgeLabel = (sex: number, age: number) => `${SEXES[sex]} × ${AGE_GROUPS[ageGroupIndex(age)]}`;

export function cityMargins(city: City): CityMargins {
  const { pop } = city;
  // Counted by integer codes (2 million adults), labelled once; map order is that of first appearance.
  const count = new Float64Array(SEXES.length * AGE_GROUPS.length);
  const first = new Float64Array(count.length).fill(Number.POSITIVE_INFINITY);
  const rCount = new Float64Array(RESIDENCES.length);
  const rFirst = new Float64Array(RESIDENCES.length).fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < pop.size; i++) {
    const k = pop.sex[i]! * AGE_GROUPS.length + ageGroupIndex(pop.age[i]!);
    if (count[k] === 0) first[k] = i;
    count[k]!++;
    const r = pop.residence[i]!;
    if (rCount[r] === 0) rFirst[r] = i;
    rCount[r]!++;
  }
  const byFirst = (f: Float64Array) =>
    [...f.keys()].filter((k) => Number.isFinite(f[k]!)).sort((a, b) => f[a]! - f[b]!);
  const sexAge = new Map<string, number>();
  for (const k of byFirst(first)) {
    const sex = Math.floor(k / AGE_GROUPS.length);
    sexAge.set(`${SEXES[sex]} × ${AGE_GROUPS[k % AGE_GROUPS.length]}`, count[k]!);
  }
  const residence = new Map<string, number>();
  for (const r of byFirst(rFirst)) residence.set(RESIDENCES[r]!, rCount[r]!);
  return { sexAge, residence };
}

/** Codes values with a fixed label list (labels absent from the sample stay as empty levels). */
function factorWith(labels: readonly string[], labelOf: (j: number) => string, n: number): Factor {
  const index = new Map(labels.map((l, k) => [l, k]));
  const codes = new Int32Array(n);
  for (let j = 0; j < n; j++) codes[j] = index.get(labelOf(j))!;
  return { codes, labels };
}

/** The three designs of a sample: unweighted, design-weighted, and raked to the city's margins. */
export function sampleDesigns(city: City, sample: SurveySample, margins: CityMargins): Record<Weighting, Design> {
  const { pop } = city;
  const n = sample.n;
  const strata: Factor = { codes: Int32Array.from(sample.stratum), labels: sample.strata.map((s) => s.label) };
  const psuIds = [...new Set(sample.psu)].sort((a, b) => a - b);
  const psu = factorWith(psuIds.map(String), (j) => String(sample.psu[j]), n);
  // A stratum left with one responding PSU (only in small cities or samples) counts as R's "adjust".
  const base = { n, strata, psu, lonelyPsu: 'adjust' as const };
  const design = createDesign({ ...base, weights: Float64Array.from(sample.designWeight) });
  const unweighted = createDesign({ ...base, weights: new Float64Array(n).fill(1) });
  const raking: RakeMargin[] = [
    {
      name: 'sex × age_group',
      factor: factorWith(
        [...margins.sexAge.keys()],
        (j) => sexAgeLabel(pop.sex[sample.person[j]!]!, pop.age[sample.person[j]!]!),
        n,
      ),
      targets: margins.sexAge,
    },
    {
      name: 'residence',
      factor: factorWith([...margins.residence.keys()], (j) => RESIDENCES[pop.residence[sample.person[j]!]!]!, n),
      targets: margins.residence,
    },
  ];
  const raked = rake(design.weights, raking);
  return { raked: withWeights(design, raked.weights, raked.adjustment), design, unweighted };
}

/** Domain masks of a sample: overall, each key population, each district. */
export function sampleDomains(city: City, sample: SurveySample): { name: string; mask: Uint8Array }[] {
  const n = sample.n;
  const out = [{ name: 'overall', mask: new Uint8Array(n).fill(1) }];
  city.groups.forEach((g, k) => {
    const mask = new Uint8Array(n);
    for (let j = 0; j < n; j++) mask[j] = (city.groupMask[sample.person[j]!]! >> k) & 1;
    out.push({ name: g, mask });
  });
  city.pop.districts.forEach((d, h) => {
    const mask = new Uint8Array(n);
    for (let j = 0; j < n; j++) mask[j] = sample.district[j] === h ? 1 : 0;
    out.push({ name: `district:${d.code}`, mask });
  });
  return out;
}

/** The literate ratio of every domain under each weighting (95 % intervals). */
export function estimateSample(
  city: City,
  sample: SurveySample,
  margins: CityMargins,
  options: {
    weightings?: readonly Weighting[];
    domains?: (name: string) => boolean;
    /** Literate (0/1) per respondent, e.g. from stored scores; default the simulated truth of each person. */
    y?: Float64Array;
  } = {},
): SampleEstimate[] {
  const designs = sampleDesigns(city, sample, margins);
  const y = options.y ?? Float64Array.from(sample.person, (i) => city.literate[i]!);
  const out: SampleEstimate[] = [];
  const domains = sampleDomains(city, sample).filter((d) => options.domains?.(d.name) ?? true);
  for (const weighting of options.weightings ?? WEIGHTINGS) {
    const design = designs[weighting];
    for (const d of domains) {
      let n = 0;
      for (let j = 0; j < d.mask.length; j++) n += d.mask[j]!;
      if (n === 0) continue;
      const e = estimateMean(design, y, d.name === 'overall' ? undefined : d.mask);
      const input = { p: e.estimate, variance: e.variance, df: e.df, level: 0.95, nRows: e.nRows, n: e.n };
      out.push({
        domain: d.name,
        weighting,
        n,
        estimate: e.estimate,
        se: e.se,
        df: e.df,
        logit: proportionInterval('logit', input),
        beta: proportionInterval('beta', input),
      });
    }
  }
  return out;
}
