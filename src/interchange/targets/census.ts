/**
 * The default national targets: 2020 census persons aged 18–69 by sex × age band, and urban/rural × age band.
 * The census table of urban/rural starts at 15–19: its 18–19 row is derived by giving ages 18–19 (from the
 * sex × age table) the urban share of ages 15–19 — an approximation stated in the set's source.
 */
import type { SqlDriver } from '../../store/driver.ts';
import { findTargetSet, type PopulationTarget, saveTargetSet } from '../../store/targets.ts';
import { AGE_SEX_18_69_CSV, AGE_BANDS as BANDS, URBAN_RURAL_BY_AGE_CSV } from './census2020-data.ts';

/** The census age bands as plain strings: what a spreadsheet's age column is checked against. */
export const AGE_BANDS: readonly string[] = BANDS;

export const CENSUS_TARGET_SET = 'census2020';
export const CENSUS_SOURCE =
  '第七次全国人口普查（2020）18–69 岁人口：性别×年龄组（《中国人口普查年鉴-2020》表 1-5、4-1），城乡×年龄组（表 1-6，城镇=城市+镇）。' +
  '城乡表的第一组为 15–19 岁：18–19 岁的城乡人数按 15–19 岁的城镇比例拆分（近似）。 / ' +
  'China 7th population census (2020), persons aged 18–69: sex × age band; urban (city + town) / rural × age band. ' +
  'The urban/rural table starts at 15–19: ages 18–19 were split with the 15–19 urban share (an approximation).';

function rows(csv: string): Record<string, string>[] {
  const [head, ...lines] = csv.trim().split(/\r?\n/);
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}

export function censusTargets(): PopulationTarget[] {
  const out: PopulationTarget[] = [];
  const ageSex = rows(AGE_SEX_18_69_CSV);
  for (const r of ageSex) {
    out.push({ variables: ['sex', 'age_group'], categories: ['male', r.age_group!], population: Number(r.male) });
    out.push({ variables: ['sex', 'age_group'], categories: ['female', r.age_group!], population: Number(r.female) });
  }
  const total1819 = Number(ageSex.find((r) => r.age_group === '18-19')!.total);
  for (const r of rows(URBAN_RURAL_BY_AGE_CSV)) {
    let band = r.age_group!;
    let urban = Number(r.urban);
    let rural = Number(r.rural);
    if (band === '15-19') {
      const share = urban / (urban + rural);
      band = '18-19';
      urban = Math.round(total1819 * share);
      rural = total1819 - urban;
    }
    if (!AGE_BANDS.includes(band)) continue;
    out.push({ variables: ['residence', 'age_group'], categories: ['urban', band], population: urban });
    out.push({ variables: ['residence', 'age_group'], categories: ['rural', band], population: rural });
  }
  return out;
}

/** Stores the census targets as set `census2020` unless it is there already; returns its id. */
export function ensureCensusTargets(db: SqlDriver): string {
  const existing = findTargetSet(db, CENSUS_TARGET_SET);
  if (existing) return existing.target_set_id;
  return saveTargetSet(db, { name: CENSUS_TARGET_SET, source: CENSUS_SOURCE, targets: censusTargets() }).targetSetId;
}
