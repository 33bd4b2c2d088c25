/**
 * The 2020 census margins the synthetic city follows (China, 7th population census, adults aged 18–69).
 * Source: /work/shared/data/census2020/ (National Bureau of Statistics, China Population Census Yearbook 2020,
 * tables 1-5, 1-6 and 4-1, via a public transcription; see that folder's README). Copied here because the core
 * reads no files: the numbers are the census text shipped for the default weighting targets
 * (src/interchange/targets/census2020-data.ts), read here into tables. The 18–19 urban share is that of the census
 * 15–19 row (the only one the tables give).
 */
import { AGE_BANDS, AGE_SEX_18_69_CSV, URBAN_RURAL_BY_AGE_CSV } from '../interchange/targets/census2020-data.ts';

/** The census 5-year bands of the questionnaire's `age_group` calculation. */
export const AGE_GROUPS = AGE_BANDS;
export type AgeGroup = (typeof AGE_GROUPS)[number];

/** A census CSV (embedded text) as rows keyed by its first column. */
function censusRows(csv: string): Map<string, number[]> {
  const [, ...lines] = csv.trim().split(/\r?\n/);
  return new Map(
    lines.map((l) => {
      const [key, ...values] = l.split(',');
      return [key as string, values.map(Number)];
    }),
  );
}

const ageSexRows = censusRows(AGE_SEX_18_69_CSV);
const urbanRuralRows = censusRows(URBAN_RURAL_BY_AGE_CSV);

/** age_sex_18_69.csv: persons by age group, male and female. */
export const CENSUS_AGE_SEX: Readonly<Record<AgeGroup, readonly [male: number, female: number]>> = Object.fromEntries(
  AGE_GROUPS.map((g) => {
    const [male, female] = ageSexRows.get(g)!;
    return [g, [male!, female!] as const];
  }),
) as Record<AgeGroup, readonly [number, number]>;

/** urban_rural_by_age.csv: urban (city + town) and rural persons; 18–19 uses the 15–19 row. */
export const CENSUS_URBAN_RURAL: Readonly<Record<AgeGroup, readonly [urban: number, rural: number]>> =
  Object.fromEntries(
    AGE_GROUPS.map((g) => {
      const row = urbanRuralRows.get(g === '18-19' ? '15-19' : g)!;
      return [g, [row[2]!, row[3]!] as const];
    }),
  ) as Record<AgeGroup, readonly [number, number]>;

/**
 * education_18_69.csv: shares (%) by highest level — junior secondary or less, senior secondary, tertiary —
 * by age (ages 18 and 19 separately, then 5-year bands). Approximate (see the data README).
 */
export const CENSUS_EDUCATION: Readonly<
  Record<string, readonly [juniorOrLess: number, senior: number, tertiary: number]>
> = {
  '18': [19.4, 41.34, 39.26],
  '19': [20.33, 23.36, 56.32],
  '20-24': [28.03, 20.07, 51.9],
  '25-29': [38.04, 21.58, 40.38],
  '30-34': [46.45, 21.12, 32.43],
  '35-39': [53.72, 19.09, 27.19],
  '40-44': [62.89, 18.49, 18.62],
  '45-49': [72.35, 15.56, 12.09],
  '50-54': [79.33, 12.66, 8.01],
  '55-59': [76.85, 16.21, 6.94],
  '60-64': [79.64, 15.52, 4.85],
  '65-69': [87.61, 8.64, 3.74],
};

/** The age group of an age 18–69. */
export function ageGroupIndex(age: number): number {
  return age < 20 ? 0 : Math.min(10, 1 + Math.floor((age - 20) / 5));
}

/** First and last age of a group. */
export function ageGroupRange(g: number): [number, number] {
  return g === 0 ? [18, 19] : [20 + 5 * (g - 1), 24 + 5 * (g - 1)];
}

/** Census education shares (fractions) for one age. */
export function educationShares(age: number): readonly [number, number, number] {
  const key = age === 18 ? '18' : age === 19 ? '19' : AGE_GROUPS[ageGroupIndex(age)]!;
  const [a, b, c] = CENSUS_EDUCATION[key]!;
  const t = a + b + c;
  return [a / t, b / t, c / t];
}
