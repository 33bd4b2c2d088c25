import { describe, expect, it } from 'vitest';
import { buildPopulation, EDUCATIONS, OCCUPATIONS } from '../../../src/simulate/population.ts';

// Census 2020 counts, copied by hand from /work/shared/data/census2020/*.csv (NBS census yearbook 2020).
const CENSUS_TOTAL_18_69 = 995_493_060; // sum of the `total` column of age_sex_18_69.csv
const MALE_30_34 = 63_871_808;
const FEMALE_65_69 = 37_667_637;
const URBAN_65_69 = 39_727_498; // urban_rural_by_age.csv, 65-69
const RURAL_65_69 = 34_278_062;
const TERTIARY_25_29 = 0.4038; // education_18_69.csv, 25-29
const JUNIOR_OR_LESS_60_64 = 0.7964;

const pop = buildPopulation({ size: 300_000, seed: 11 });

function share(pred: (i: number) => boolean, within: (i: number) => boolean = () => true): number {
  let n = 0;
  let k = 0;
  for (let i = 0; i < pop.size; i++) {
    if (!within(i)) continue;
    n++;
    if (pred(i)) k++;
  }
  return k / n;
}

describe('the synthetic city follows the 2020 census', () => {
  it('has exactly the requested number of adults, all aged 18–69', () => {
    expect(pop.size).toBe(300_000);
    expect(pop.age.reduce((a, b) => Math.min(a, b), 99)).toBe(18);
    expect(pop.age.reduce((a, b) => Math.max(a, b), 0)).toBe(69);
  });

  it('matches the census sex × age-group shares', () => {
    expect(share((i) => pop.sex[i] === 0 && pop.age[i]! >= 30 && pop.age[i]! <= 34)).toBeCloseTo(
      MALE_30_34 / CENSUS_TOTAL_18_69,
      4,
    );
    expect(share((i) => pop.sex[i] === 1 && pop.age[i]! >= 65)).toBeCloseTo(FEMALE_65_69 / CENSUS_TOTAL_18_69, 4);
  });

  it('matches the census urban share of the 65–69 year olds', () => {
    const expected = URBAN_65_69 / (URBAN_65_69 + RURAL_65_69); // 0.5368
    expect(
      share(
        (i) => pop.residence[i] === 0,
        (i) => pop.age[i]! >= 65,
      ),
    ).toBeCloseTo(expected, 2);
  });

  it('matches the census education shares by age', () => {
    const tertiary = share(
      (i) => pop.education[i]! >= EDUCATIONS.indexOf('college'),
      (i) => pop.age[i]! >= 25 && pop.age[i]! <= 29,
    );
    expect(tertiary).toBeCloseTo(TERTIARY_25_29, 2);
    const low = share(
      (i) => pop.education[i]! <= EDUCATIONS.indexOf('junior'),
      (i) => pop.age[i]! >= 60 && pop.age[i]! <= 64,
    );
    expect(low).toBeCloseTo(JUNIOR_OR_LESS_60_64, 2);
  });

  it('schools town dwellers more than villagers of the same age', () => {
    const tertiary = (res: number) =>
      share(
        (i) => pop.education[i]! >= 4,
        (i) => pop.residence[i] === res && pop.age[i]! >= 30 && pop.age[i]! <= 39,
      );
    expect(tertiary(0)).toBeGreaterThan(tertiary(1) + 0.1);
  });

  it('has every key population, farmers mostly in villages and officials mostly college-educated', () => {
    const occ = (name: string) => OCCUPATIONS.indexOf(name as (typeof OCCUPATIONS)[number]);
    for (const o of ['farmer', 'worker', 'official', 'student', 'retired']) {
      expect(share((i) => pop.occupation[i] === occ(o))).toBeGreaterThan(0.01);
    }
    expect(
      share(
        (i) => pop.residence[i] === 1,
        (i) => pop.occupation[i] === occ('farmer'),
      ),
    ).toBeGreaterThan(0.8);
    expect(
      share(
        (i) => pop.education[i]! >= 4,
        (i) => pop.occupation[i] === occ('official'),
      ),
    ).toBeGreaterThan(0.6);
    expect(
      share(
        (i) => pop.age[i]! <= 26,
        (i) => pop.occupation[i] === occ('student'),
      ),
    ).toBe(1);
  });

  it('is made of households of 1–4 adults inside clusters of one district and one residence', () => {
    let persons = 0;
    for (let c = 0; c < pop.clusterCount; c++) {
      const first = pop.clusterFirstHousehold[c]!;
      for (let h = first; h < first + pop.clusterHouseholds[c]!; h++) {
        const size = pop.householdSize[h]!;
        if (pop.householdCluster[h] !== c || size < 1 || size > 4) throw new Error(`household ${h} is malformed`);
        for (let i = pop.householdFirstPerson[h]!; i < pop.householdFirstPerson[h]! + size; i++) {
          if (
            pop.household[i] !== h ||
            pop.district[i] !== pop.clusterDistrict[c] ||
            pop.residence[i] !== pop.clusterResidence[c]
          ) {
            throw new Error(`person ${i} is not where household ${h} and cluster ${c} say`);
          }
          persons++;
        }
      }
    }
    expect(persons).toBe(pop.size);
    expect(pop.districts.length).toBeGreaterThanOrEqual(10);
  });

  it('gives the same city for the same seed and another for another seed', () => {
    const a = buildPopulation({ size: 20_000, seed: 5 });
    const b = buildPopulation({ size: 20_000, seed: 5 });
    const c = buildPopulation({ size: 20_000, seed: 6 });
    expect(Buffer.from(a.theta.buffer).equals(Buffer.from(b.theta.buffer))).toBe(true);
    expect(Buffer.from(a.occupation).equals(Buffer.from(b.occupation))).toBe(true);
    expect(Buffer.from(a.theta.buffer).equals(Buffer.from(c.theta.buffer))).toBe(false);
  });
});
