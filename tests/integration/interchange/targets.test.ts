import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { censusTargets, ensureCensusTargets } from '../../../src/interchange/targets/census.ts';
import { importTargets } from '../../../src/interchange/targets/import.ts';
import type { SqlDriver } from '../../../src/store/driver.ts';
import { getTargets } from '../../../src/store/targets.ts';
import { utf8 } from '../../fixtures/interchange/files.ts';
import { databaseFingerprint, newDatabase, officeForm } from '../../fixtures/interchange/forms.ts';
import { tempDir } from '../../helpers/tmp.ts';

let db: SqlDriver;
beforeEach(() => {
  db = newDatabase(join(tempDir(), 'survey.db'));
});
afterEach(() => db.close());

describe('population targets', () => {
  it('the 2020 census defaults: sex × age band exact, 18–19 urban/rural split with the 15–19 urban share', () => {
    const id = ensureCensusTargets(db);
    expect(ensureCensusTargets(db)).toBe(id);
    const { targets } = getTargets(db, 'census2020');
    const find = (v: string[], c: string[]) =>
      targets.find((t) => t.variables.join() === v.join() && t.categories.join() === c.join())?.population;
    // data/census2020/age_sex_18_69.csv
    expect(find(['sex', 'age_group'], ['male', '20-24'])).toBe(39675995);
    expect(find(['sex', 'age_group'], ['female', '65-69'])).toBe(37667637);
    // urban_rural_by_age.csv 15-19: urban 53,173,349, rural 19,510,791; ages 18-19: 28,412,134 persons
    const urban1819 = Math.round((28412134 * 53173349) / (53173349 + 19510791));
    expect(find(['residence', 'age_group'], ['urban', '18-19'])).toBe(urban1819);
    expect(find(['residence', 'age_group'], ['rural', '18-19'])).toBe(28412134 - urban1819);
    expect(find(['residence', 'age_group'], ['rural', '70-74'])).toBeUndefined();
    const total = (v: string) =>
      censusTargets()
        .filter((t) => t.variables[0] === v)
        .reduce((s, t) => s + t.population, 0);
    expect(Math.abs(total('sex') - total('residence')) / total('sex')).toBeLessThan(0.01);
  });

  it('an office file of margins with Chinese labels imports; categories are stored as choice names', () => {
    const csv = utf8('variable,category,population\nsex,男,510\nsex,女,490\nresidence,城镇,640\nresidence,农村,360\n');
    const r = importTargets(db, csv, { fileName: 'district.csv', form: officeForm });
    expect(r.problems).toEqual([]);
    expect(r.status).toBe('imported');
    expect(
      getTargets(db, 'district')
        .targets.map((t) => `${t.variables}=${t.categories}:${t.population}`)
        .sort(),
    ).toEqual(['residence=rural:360', 'residence=urban:640', 'sex=female:490', 'sex=male:510']);
  });

  it('unknown categories and margins that disagree by more than 1 % are reported and nothing is stored', () => {
    const before = databaseFingerprint(db);
    const bad = importTargets(db, utf8('sex,age_group,population\nmale,18-19,10\nother,20-24,5\nmale,17-18,3\n'), {
      fileName: 'cells.csv',
      form: officeForm,
    });
    expect(bad.problems.map((p) => `${p.row} ${p.code} ${p.value}`)).toEqual([
      '3 unknown_category other',
      '4 unknown_category 17-18',
    ]);
    const disagree = importTargets(
      db,
      utf8('variable,category,population\nsex,male,500\nsex,female,500\nresidence,urban,600\nresidence,rural,420\n'),
      {
        fileName: 'm.csv',
        form: officeForm,
      },
    );
    expect(disagree.status).toBe('refused');
    expect(disagree.problems[0]?.code).toBe('margins_disagree');
    expect(databaseFingerprint(db)).toBe(before);
  });
});
