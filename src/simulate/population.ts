/**
 * A synthetic adult population (18–69) in compact typed arrays, ordered district → cluster → household → person,
 * so that a cluster's households and a household's adults are contiguous ranges.
 *
 * - sex × age group × urban/rural cells follow the 2020 census (census.ts), scaled to `size` by largest remainder;
 * - education follows the census shares by age exactly (a latent propensity, higher in towns, in some districts
 *   and communities, is cut at the census quantiles of each age), split into the questionnaire's six levels;
 * - occupation depends on age, sex, education and residence, so that all five key populations exist;
 * - a latent literacy θ depends on age, education, occupation, residence, sex, district and community.
 */
import {
  AGE_GROUPS,
  ageGroupIndex,
  ageGroupRange,
  CENSUS_AGE_SEX,
  CENSUS_URBAN_RURAL,
  educationShares,
} from './census.ts';
import { DISTRICTS, type District } from './city.ts';
import { Rng } from './random.ts';

export const SEXES = ['male', 'female'] as const;
export const RESIDENCES = ['urban', 'rural'] as const;
export const EDUCATIONS = ['none', 'primary', 'junior', 'senior', 'college', 'university'] as const;
export const OCCUPATIONS = [
  'farmer',
  'worker',
  'official',
  'student',
  'professional',
  'service',
  'retired',
  'unemployed',
  'other',
] as const;

const EDU = { none: 0, primary: 1, junior: 2, senior: 3, college: 4, university: 5 } as const;
const OCC = Object.fromEntries(OCCUPATIONS.map((o, i) => [o, i])) as Record<(typeof OCCUPATIONS)[number], number>;

export interface PopulationOptions {
  /** Adults aged 18–69; default 2,000,000. */
  size?: number;
  seed?: number;
  districts?: readonly District[];
}

export interface Population {
  size: number;
  seed: number;
  districts: readonly District[];
  // persons
  age: Uint8Array;
  /** Index into SEXES. */
  sex: Uint8Array;
  /** Index into RESIDENCES. */
  residence: Uint8Array;
  /** Index into EDUCATIONS. */
  education: Uint8Array;
  /** Index into OCCUPATIONS. */
  occupation: Uint8Array;
  district: Uint8Array;
  household: Int32Array;
  /** Latent literacy: standard-normal-like, higher is more literate. */
  theta: Float32Array;
  // households
  householdCount: number;
  householdFirstPerson: Int32Array;
  householdSize: Uint8Array;
  householdCluster: Int32Array;
  // clusters (communities 社区 in towns, villages 村 in the countryside): the PSUs
  clusterCount: number;
  clusterDistrict: Uint8Array;
  clusterResidence: Uint8Array;
  clusterFirstHousehold: Int32Array;
  clusterHouseholds: Int32Array;
  clusterFirstPerson: Int32Array;
  clusterPersons: Int32Array;
}

/** Adults per household (1–4) and households per cluster: plausible, not census figures. */
const HOUSEHOLD_ADULTS = [0.2, 0.45, 0.25, 0.1];
const CLUSTER_HOUSEHOLDS = { urban: [150, 400], rural: [80, 260] } as const;

/** Splits `total` into integers proportional to `shares` (largest remainder), so that counts sum to `total`. */
export function apportion(total: number, shares: readonly number[]): number[] {
  const sum = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((s) => (total * s) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k++, left--) out[order[k % order.length]![1]]! += 1;
  return out;
}

/** Census cells (age group × sex × residence) in that order, as persons. */
function censusCells(): number[] {
  const cells: number[] = [];
  for (const g of AGE_GROUPS) {
    const [urban, rural] = CENSUS_URBAN_RURAL[g];
    const u = urban / (urban + rural);
    for (const n of CENSUS_AGE_SEX[g]) cells.push(n * u, n * (1 - u));
  }
  return cells;
}

export function buildPopulation(options: PopulationOptions = {}): Population {
  const size = options.size ?? 2_000_000;
  const seed = options.seed ?? 2020;
  const districts = options.districts ?? DISTRICTS;
  const rng = new Rng(seed, 1);

  // 1. Persons by census cell, pooled by residence and shuffled, so that each district gets a random share.
  const counts = apportion(size, censusCells());
  const pools: [Int32Array, Int32Array] = [new Int32Array(size), new Int32Array(size)];
  const poolSize = [0, 0];
  // Encode age*2 + sex in a pool entry.
  counts.forEach((n, cell) => {
    const g = Math.floor(cell / 4);
    const sex = Math.floor(cell / 2) % 2;
    const res = cell % 2;
    const [lo, hi] = ageGroupRange(g);
    for (let k = 0; k < n; k++) {
      const age = lo + rng.int(hi - lo + 1);
      pools[res]![poolSize[res]!++] = age * 2 + sex;
    }
  });
  const pool = [pools[0].subarray(0, poolSize[0]), pools[1].subarray(0, poolSize[1])] as const;
  rng.shuffle(pool[0]);
  rng.shuffle(pool[1]);

  const age = new Uint8Array(size);
  const sex = new Uint8Array(size);
  const residence = new Uint8Array(size);
  const district = new Uint8Array(size);
  const household = new Int32Array(size);
  const hhFirst: number[] = [];
  const hhSize: number[] = [];
  const hhCluster: number[] = [];
  const clDistrict: number[] = [];
  const clResidence: number[] = [];
  const clFirstHh: number[] = [];
  const clFirstPerson: number[] = [];

  // 2. District × residence blocks, cut into households and clusters.
  const byDistrict = [
    apportion(
      poolSize[0]!,
      districts.map((d) => d.urbanShare),
    ),
    apportion(
      poolSize[1]!,
      districts.map((d) => d.ruralShare),
    ),
  ];
  const taken = [0, 0];
  let p = 0;
  districts.forEach((_, d) => {
    for (const res of [0, 1] as const) {
      const n = byDistrict[res]![d]!;
      const src = pool[res];
      let left = n;
      const [minH, maxH] = CLUSTER_HOUSEHOLDS[RESIDENCES[res]];
      while (left > 0) {
        clDistrict.push(d);
        clResidence.push(res);
        clFirstHh.push(hhFirst.length);
        clFirstPerson.push(p);
        let households = minH + rng.int(maxH - minH + 1);
        while (households-- > 0 && left > 0) {
          const k = Math.min(left, 1 + rng.pick(HOUSEHOLD_ADULTS));
          hhFirst.push(p);
          hhSize.push(k);
          hhCluster.push(clDistrict.length - 1);
          for (let j = 0; j < k; j++, p++) {
            const code = src[taken[res]!++]!;
            age[p] = code >> 1;
            sex[p] = code & 1;
            residence[p] = res;
            district[p] = d;
            household[p] = hhFirst.length - 1;
          }
          left -= k;
        }
      }
    }
  });

  const clusterCount = clDistrict.length;
  const clusterHouseholds = new Int32Array(clusterCount);
  const clusterPersons = new Int32Array(clusterCount);
  for (let c = 0; c < clusterCount; c++) {
    clusterHouseholds[c] = (c + 1 < clusterCount ? clFirstHh[c + 1]! : hhFirst.length) - clFirstHh[c]!;
    clusterPersons[c] = (c + 1 < clusterCount ? clFirstPerson[c + 1]! : size) - clFirstPerson[c]!;
  }

  // 3. Community-level shifts: neighbourhoods differ in schooling and in literacy beyond their composition.
  const clusterEdu = new Float32Array(clusterCount);
  const clusterTheta = new Float32Array(clusterCount);
  for (let c = 0; c < clusterCount; c++) {
    clusterEdu[c] = 0.35 * rng.normal();
    clusterTheta[c] = 0.25 * rng.normal();
  }
  const clusterOf = (i: number) => hhCluster[household[i]!]!;

  const education = assignEducation(rng, age, residence, district, districts, (i) => clusterEdu[clusterOf(i)]!);
  const occupation = new Uint8Array(size);
  const buffer = new Float64Array(OCCUPATIONS.length);
  for (let i = 0; i < size; i++) {
    occupation[i] = drawOccupation(rng, buffer, age[i]!, sex[i]!, education[i]!, residence[i]!);
  }

  const theta = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    theta[i] =
      latentMean(age[i]!, sex[i]!, education[i]!, occupation[i]!, residence[i]!) +
      districts[district[i]!]!.effect +
      clusterTheta[clusterOf(i)]! +
      1.0 * rng.normal();
  }

  return {
    size,
    seed,
    districts,
    age,
    sex,
    residence,
    education,
    occupation,
    district,
    household,
    theta,
    householdCount: hhFirst.length,
    householdFirstPerson: Int32Array.from(hhFirst),
    householdSize: Uint8Array.from(hhSize),
    householdCluster: Int32Array.from(hhCluster),
    clusterCount,
    clusterDistrict: Uint8Array.from(clDistrict),
    clusterResidence: Uint8Array.from(clResidence),
    clusterFirstHousehold: Int32Array.from(clFirstHh),
    clusterHouseholds,
    clusterFirstPerson: Int32Array.from(clFirstPerson),
    clusterPersons,
  };
}

/** Within the census's "junior or less": none and primary grow with age (older cohorts had less schooling). */
function lowSplit(age: number): [none: number, primary: number] {
  const t = Math.max(0, Math.min(1, (age - 18) / 51));
  return [0.01 + 0.11 * t, 0.08 + 0.37 * t];
}
/** Share of university (bachelor or more) within tertiary. */
const UNIVERSITY_SHARE = 0.45;

/**
 * Education: a propensity (normal, shifted up in towns, by district and community) cut at the census quantiles of
 * each single age's education shares, so that the city's education-by-age margins are the census's.
 */
function assignEducation(
  rng: Rng,
  age: Uint8Array,
  residence: Uint8Array,
  district: Uint8Array,
  districts: readonly District[],
  clusterShift: (i: number) => number,
): Uint8Array {
  const n = age.length;
  const propensity = new Float64Array(n);
  // Persons grouped by age (a counting sort), to cut each age at its own census quantiles.
  const start = new Int32Array(71);
  for (let i = 0; i < n; i++) {
    propensity[i] = rng.normal() + (residence[i] === 0 ? 0.7 : 0) + districts[district[i]!]!.effect + clusterShift(i);
    start[age[i]! + 1]!++;
  }
  for (let a = 1; a <= 70; a++) start[a]! += start[a - 1]!;
  const byAgeIndex = new Int32Array(n);
  const fill = Int32Array.from(start);
  for (let i = 0; i < n; i++) byAgeIndex[fill[age[i]!]!++] = i;
  const education = new Uint8Array(n);
  for (let a = 18; a <= 69; a++) {
    const members = byAgeIndex.subarray(start[a]!, start[a + 1]!);
    if (members.length === 0) continue;
    const sorted = new Float64Array(members.length);
    for (let k = 0; k < members.length; k++) sorted[k] = propensity[members[k]!]!;
    sorted.sort();
    const [low, senior, tertiary] = educationShares(a);
    const [none, primary] = lowSplit(a);
    const cumulative = [
      low * none,
      low * (none + primary),
      low,
      low + senior,
      low + senior + tertiary * (1 - UNIVERSITY_SHARE),
    ];
    const cuts = cumulative.map((q) => {
      const k = Math.round(q * sorted.length);
      return k >= sorted.length ? Number.POSITIVE_INFINITY : sorted[k]!;
    });
    for (let m = 0; m < members.length; m++) {
      const i = members[m]!;
      let level = 0;
      while (level < cuts.length && propensity[i]! >= cuts[level]!) level++;
      education[i] = level;
    }
  }
  return education;
}

/**
 * Occupation weights by age, sex, education and residence; calibrated by eye to a Chinese prefecture city
 * (farmers mostly rural and little schooled; officials and professionals educated; students young; urban
 * retirement at 50 for women and 60 for men).
 */
function drawOccupation(rng: Rng, w: Float64Array, age: number, sex: number, edu: number, res: number): number {
  w.fill(0);
  const rural = res === 1;
  const working = age < 60;
  const lowEdu = edu <= EDU.junior;
  if (age <= 19) w[OCC.student] = edu >= EDU.senior ? 8 : 0.3;
  else if (age <= 22) w[OCC.student] = edu >= EDU.college ? 6 : 0;
  else if (age <= 26) w[OCC.student] = edu === EDU.university ? 0.5 : 0;
  const retireAge = sex === 1 ? 50 : 60;
  if (age >= retireAge) w[OCC.retired] = rural ? (age >= 60 ? 0.6 : 0) : 6;
  w[OCC.farmer] = (rural ? 5 : 0.15) * (lowEdu ? 1 : edu === EDU.senior ? 0.3 : 0.03) * (age >= 60 ? 1.3 : 1);
  if (working) {
    w[OCC.worker] = (rural ? 2.2 : 2.5) * (edu === EDU.junior || edu === EDU.senior ? 1 : lowEdu ? 0.6 : 0.15);
    w[OCC.service] = (rural ? 1.2 : 2.5) * (edu >= EDU.junior && edu <= EDU.college ? 1 : 0.4);
    w[OCC.professional] = [0.02, 0.02, 0.05, 0.4, 2, 3.5][edu]! * (rural ? 0.6 : 1);
    if (age >= 25) w[OCC.official] = [0.002, 0.005, 0.02, 0.15, 0.7, 1.2][edu]!;
  }
  w[OCC.unemployed] = age >= 50 ? 0.5 : 0.35;
  w[OCC.other] = 0.3;
  return rng.pick(w);
}

const EDUCATION_EFFECT = [-0.65, -0.45, -0.15, 0.15, 0.4, 0.6];
const OCCUPATION_EFFECT = [-0.25, -0.05, 0.45, 0.25, 0.25, 0, -0.05, -0.15, 0];

/** Mean latent literacy of a person's profile: younger, schooled, urban, officials and professionals higher. */
export function latentMean(age: number, sex: number, edu: number, occ: number, res: number): number {
  return (
    -0.016 * (age - 40) +
    EDUCATION_EFFECT[edu]! +
    OCCUPATION_EFFECT[occ]! +
    (res === 0 ? 0.15 : -0.1) +
    (sex === 0 ? 0.08 : 0)
  );
}

/** The age group index of each person (the questionnaire's `age_group`). */
export function ageGroupOf(pop: Population, i: number): number {
  return ageGroupIndex(pop.age[i]!);
}
