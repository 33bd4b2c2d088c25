/**
 * The synthetic city with its questionnaire: population, item bank, every adult's literacy (from scoring the
 * answers the item-response model gives them — the same answers an interview would record), key-population
 * membership from the form's own group rules, and the TRUE literate ratio of every group and district.
 */
import type { Form } from '../form/model.ts';
import { groupMembership, groupsOf } from '../scoring/groups.ts';
import type { ScoringScheme } from '../scoring/scheme.ts';
import { AGE_GROUPS, ageGroupIndex } from './census.ts';
import { calibrateDifficulty, type ItemBank, itemBank, simulateAnswers, simulateLiterate } from './items.ts';
import {
  buildPopulation,
  EDUCATIONS,
  OCCUPATIONS,
  type Population,
  type PopulationOptions,
  RESIDENCES,
  SEXES,
} from './population.ts';

export interface CityOptions extends PopulationOptions {
  /** Share literate the questionnaire's difficulty is placed at (default 0.15, the national 2025 target). */
  literateShare?: number;
}

export interface City {
  pop: Population;
  form: Form;
  scheme: ScoringScheme;
  bank: ItemBank;
  /** Seed of the item responses (counter-based per person and item). */
  answerSeed: number;
  /** 1 when the person's answers score literate. */
  literate: Uint8Array;
  /** The form's groups (key populations), in order. */
  groups: string[];
  /** Bit g set when the person is in groups[g]. */
  groupMask: Uint8Array;
}

export interface TrueRatio {
  /** `overall`, a group name, or `district:CODE`. */
  domain: string;
  persons: number;
  literate: number;
  ratio: number;
}

/** The demographic answers of a person, as the questionnaire stores them (choice names, the district code). */
export function demographicAnswers(pop: Population, i: number): Record<string, string> {
  const occupation = OCCUPATIONS[pop.occupation[i]!]!;
  return {
    ...(occupation === 'other' ? { occupation_other: '自由职业' } : {}),
    age: String(pop.age[i]!),
    age_group: AGE_GROUPS[ageGroupIndex(pop.age[i]!)]!,
    sex: SEXES[pop.sex[i]!]!,
    education: EDUCATIONS[pop.education[i]!]!,
    occupation,
    residence: RESIDENCES[pop.residence[i]!]!,
    region: pop.districts[pop.district[i]!]!.code,
  };
}

/** Everything the person would answer: demographics and every scored item. */
export function personAnswers(city: City, i: number): Record<string, string | null> {
  return {
    ...demographicAnswers(city.pop, i),
    ...simulateAnswers(city.bank, city.answerSeed, i, city.pop.theta[i]!),
  };
}

export function buildCity(form: Form, scheme: ScoringScheme, options: CityOptions = {}): City {
  const pop = buildPopulation(options);
  const bank = itemBank(form, scheme);
  const answerSeed = (pop.seed * 7919 + 17) | 0;

  // Place the questionnaire on the latent scale with a systematic subsample of 1 in 100 adults.
  const stride = 100;
  const sub = new Int32Array(Math.ceil(pop.size / stride));
  for (let j = 0; j < sub.length; j++) sub[j] = j * stride;
  const thetas = Float32Array.from(sub, (i) => pop.theta[i]!);
  calibrateDifficulty(bank, answerSeed, sub, thetas, options.literateShare ?? 0.15);

  const literate = new Uint8Array(pop.size);
  for (let i = 0; i < pop.size; i++) literate[i] = simulateLiterate(bank, answerSeed, i, pop.theta[i]!) ? 1 : 0;

  const groups = groupsOf(form).map((g) => g.name);
  if (groups.length > 8) throw new Error('the simulation tracks at most 8 groups');
  const groupMask = new Uint8Array(pop.size);
  // Group rules read demographics only: evaluate them once per distinct profile.
  const memo = new Map<number, number>();
  for (let i = 0; i < pop.size; i++) {
    const key =
      ((((pop.age[i]! * 2 + pop.sex[i]!) * 8 + pop.education[i]!) * 16 + pop.occupation[i]!) * 2 + pop.residence[i]!) *
        256 +
      pop.district[i]!;
    let mask = memo.get(key);
    if (mask === undefined) {
      const inGroups = new Set(groupMembership(form, demographicAnswers(pop, i)));
      mask = groups.reduce((m, g, k) => (inGroups.has(g) ? m | (1 << k) : m), 0);
      memo.set(key, mask);
    }
    groupMask[i] = mask;
  }
  return { pop, form, scheme, bank, answerSeed, literate, groups, groupMask };
}

/** The true literate ratio overall, of each group and of each district: counted over every adult. */
export function trueRatios(city: City): TrueRatio[] {
  const { pop, literate, groupMask, groups } = city;
  const D = pop.districts.length;
  const persons = new Float64Array(1 + groups.length + D);
  const lit = new Float64Array(1 + groups.length + D);
  for (let i = 0; i < pop.size; i++) {
    const y = literate[i]!;
    persons[0]!++;
    lit[0]! += y;
    const m = groupMask[i]!;
    for (let g = 0; g < groups.length; g++) {
      if (m & (1 << g)) {
        persons[1 + g]!++;
        lit[1 + g]! += y;
      }
    }
    const d = 1 + groups.length + pop.district[i]!;
    persons[d]!++;
    lit[d]! += y;
  }
  const names = ['overall', ...groups, ...pop.districts.map((d) => `district:${d.code}`)];
  return names.map((domain, k) => ({
    domain,
    persons: persons[k]!,
    literate: lit[k]!,
    ratio: persons[k]! > 0 ? lit[k]! / persons[k]! : Number.NaN,
  }));
}
