/**
 * A two-stage stratified cluster sample of the synthetic city, as a city survey office would field it:
 * strata are the urban and rural parts of each district (城乡分层); in each, communities/villages (PSUs) are drawn
 * by systematic PPS on their household counts; in each PSU a simple random sample of
 * households; in each household one adult at random (a Kish-style selection). Selected adults respond with a
 * probability that falls in towns and among the young, so unweighted estimates are biased.
 */
import type { Population } from './population.ts';
import { logistic, Rng } from './random.ts';

export interface SurveyPlan {
  /** Expected completed interviews; the number of households drawn is this over the expected response rate. */
  respondents: number;
  /** Households per PSU (default: 20, fewer for a small sample so that every stratum keeps ≥ 2 PSUs). */
  householdsPerPsu?: number;
  seed: number;
  /** Surveyors per district team (each PSU is fielded by one of them). */
  surveyorsPerDistrict?: number;
  /**
   * Response probability of a selected adult; default responsePropensity (age and urban/rural). `person` lets a
   * study make it depend on anything else about the adult (e.g. literacy itself: non-ignorable non-response).
   */
  response?: (age: number, residence: number, person: number) => number;
}

export interface SurveySample {
  /** Completed interviews (respondents). */
  n: number;
  person: Int32Array;
  /** Stratum index into `strata` (a district's urban or rural part). */
  stratum: Int32Array;
  /** District index of the respondent. */
  district: Int32Array;
  strata: readonly SampleStratum[];
  /** Cluster id in the population (the PSU). */
  psu: Int32Array;
  household: Int32Array;
  /** Design weight 1/π (PSU × household × person selection), not adjusted for non-response. */
  designWeight: Float64Array;
  surveyor: string[];
  device: string[];
  /** Fielding counts: PSUs drawn per stratum, households drawn, adults who refused or were not at home. */
  psusPerStratum: Int32Array;
  householdsSelected: number;
  nonRespondents: number;
}

/** Probability that a selected adult completes the interview (age, urban/rural). */
export function responsePropensity(age: number, residence: number): number {
  return logistic(1.6 + 0.035 * (age - 40) - 0.9 * (residence === 0 ? 1 : 0));
}

/** The city's expected response rate (over adults; the Kish selection changes it slightly). */
export function expectedResponseRate(pop: Population): number {
  let s = 0;
  for (let i = 0; i < pop.size; i++) s += responsePropensity(pop.age[i]!, pop.residence[i]!);
  return s / pop.size;
}

export interface SampleStratum {
  district: number;
  residence: number;
  /** District code and U (urban) or R (rural), e.g. `990111-R`. */
  label: string;
}

/** Strata (each district's urban and rural parts that exist) and their clusters in list order. */
function frameStrata(pop: Population): { strata: SampleStratum[]; clusters: number[][] } {
  const index = new Map<number, number>();
  const strata: SampleStratum[] = [];
  const clusters: number[][] = [];
  for (let c = 0; c < pop.clusterCount; c++) {
    const key = pop.clusterDistrict[c]! * 2 + pop.clusterResidence[c]!;
    let h = index.get(key);
    if (h === undefined) {
      h = strata.length;
      index.set(key, h);
      const district = pop.clusterDistrict[c]!;
      const residence = pop.clusterResidence[c]!;
      strata.push({ district, residence, label: `${pop.districts[district]!.code}-${residence === 0 ? 'U' : 'R'}` });
      clusters.push([]);
    }
    clusters[h]!.push(c);
  }
  return { strata, clusters };
}

export interface SampleFrame {
  pop: Population;
  strata: SampleStratum[];
  clusters: number[][];
  stratumHouseholds: Float64Array;
  responseRate: number;
}

/** What every draw of the same city reuses (PSU lists, stratum sizes, the expected response rate). */
export function sampleFrame(pop: Population): SampleFrame {
  const { strata, clusters } = frameStrata(pop);
  const stratumHouseholds = new Float64Array(clusters.length);
  clusters.forEach((cs, h) => {
    for (const c of cs) stratumHouseholds[h]! += pop.clusterHouseholds[c]!;
  });
  return { pop, strata, clusters, stratumHouseholds, responseRate: expectedResponseRate(pop) };
}

/** Allocates `total` PSUs to strata proportionally to their households, at least 2 each. */
function allocatePsus(frame: SampleFrame, total: number): Int32Array {
  const H = frame.clusters.length;
  const sum = frame.stratumHouseholds.reduce((a, b) => a + b, 0);
  const a = new Int32Array(H);
  for (let h = 0; h < H; h++) {
    a[h] = Math.min(frame.clusters[h]!.length, Math.max(2, Math.round((total * frame.stratumHouseholds[h]!) / sum)));
  }
  return a;
}

export function drawSample(frame: SampleFrame, plan: SurveyPlan): SurveySample {
  const { pop, clusters } = frame;
  const rng = new Rng(plan.seed, 2);
  const H = clusters.length;
  const households = Math.max(1, Math.round(plan.respondents / frame.responseRate));
  const m = plan.householdsPerPsu ?? Math.max(2, Math.min(20, Math.floor(households / (2 * H))));
  const psus = allocatePsus(frame, Math.max(2 * H, Math.round(households / m)));
  const teams = plan.surveyorsPerDistrict ?? 3;
  const respond = plan.response ?? responsePropensity;

  const person: number[] = [];
  const stratum: number[] = [];
  const district: number[] = [];
  const psu: number[] = [];
  const household: number[] = [];
  const weight: number[] = [];
  const surveyor: string[] = [];
  const device: string[] = [];
  let householdsSelected = 0;
  let nonRespondents = 0;

  for (let h = 0; h < H; h++) {
    const list = clusters[h]!;
    const a = psus[h]!;
    const total = frame.stratumHouseholds[h]!;
    // Systematic PPS: a random start in [0, total/a), then every total/a households along the list.
    const step = total / a;
    let next = rng.uniform() * step;
    let cumulative = 0;
    let drawn = 0;
    for (const c of list) {
      const size = pop.clusterHouseholds[c]!;
      cumulative += size;
      while (drawn < a && next < cumulative) {
        drawn++;
        next += step;
        const team = (drawn - 1) % teams;
        const code = pop.districts[frame.strata[h]!.district]!.code;
        // Stage 2: SRS of households in the PSU (all of them when it has fewer than m).
        const take = Math.min(m, size);
        const chosen = sampleWithoutReplacement(rng, size, take);
        const psuProbability = Math.min(1, (a * size) / total);
        for (const k of chosen) {
          householdsSelected++;
          const hh = pop.clusterFirstHousehold[c]! + k;
          const first = pop.householdFirstPerson[hh]!;
          const adults = pop.householdSize[hh]!;
          // Stage 3: one adult of the household.
          const i = first + rng.int(adults);
          if (rng.uniform() >= respond(pop.age[i]!, pop.residence[i]!, i)) {
            nonRespondents++;
            continue;
          }
          person.push(i);
          stratum.push(h);
          district.push(frame.strata[h]!.district);
          psu.push(c);
          household.push(hh);
          weight.push(adults / (psuProbability * (take / size)));
          surveyor.push(`${code}-S${team + 1}`);
          device.push(`${code}-T${team + 1}`);
        }
      }
    }
  }
  return {
    n: person.length,
    person: Int32Array.from(person),
    stratum: Int32Array.from(stratum),
    district: Int32Array.from(district),
    strata: frame.strata,
    psu: Int32Array.from(psu),
    household: Int32Array.from(household),
    designWeight: Float64Array.from(weight),
    surveyor,
    device,
    psusPerStratum: psus,
    householdsSelected,
    nonRespondents,
  };
}

/** `k` distinct indices of 0..n-1 (Floyd's algorithm), ascending. */
function sampleWithoutReplacement(rng: Rng, n: number, k: number): number[] {
  const chosen = new Set<number>();
  for (let j = n - k; j < n; j++) {
    const t = rng.int(j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((x, y) => x - y);
}
