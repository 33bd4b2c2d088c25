/**
 * The demo's analysis through the database, as a statistician would do it in the app: the synthetic city's
 * margins stored as a target set, a scheme raking the stored design weights to them, and literacy estimated by
 * key population and by district from the stored scores and weights (src/analysis/estimate-literacy.ts).
 *
 *   weightDemoSurvey(db, margins, formId): WeightingSchemeRun
 *   demoEstimates(db, { weightingSchemeId?, districts }): DemoEstimate[]   (overall, groups, districts)
 *
 * The same numbers as the pure-function path of src/simulate/analysis.ts (checked by tests/integration/demo).
 */
import type { CityMargins } from '../simulate/analysis.ts';
import type { SqlDriver } from '../store/driver.ts';
import { type PopulationTarget, saveTargetSet } from '../store/targets.ts';
import { estimateLiteracy } from './estimate-literacy.ts';
import { runWeightingScheme, type WeightingSchemeRun } from './weighting-run.ts';

export const DEMO_TARGET_SET = 'demo city margins';
export const DEMO_SCHEME = 'demo city rake';

export interface DemoEstimate {
  /** `overall`, a key population, or `district:CODE`. */
  domain: string;
  n: number;
  estimate: number;
  se: number;
  df: number;
  /** 95 % logit interval. */
  logit: [number, number];
}

/** The city's margins as target rows: sex × age_group cells and urban/rural. */
export function cityTargets(margins: CityMargins): PopulationTarget[] {
  const rows: PopulationTarget[] = [];
  for (const [key, population] of margins.sexAge) {
    const [sex, ageGroup] = key.split(' × ') as [string, string];
    rows.push({ variables: ['sex', 'age_group'], categories: [sex, ageGroup], population });
  }
  for (const [residence, population] of margins.residence) {
    rows.push({ variables: ['residence'], categories: [residence], population });
  }
  return rows;
}

/** Stores the city's margins (replacing an earlier copy) and rakes the design weights to them. */
export function weightDemoSurvey(db: SqlDriver, margins: CityMargins, formId: string): WeightingSchemeRun {
  saveTargetSet(db, {
    name: DEMO_TARGET_SET,
    source: 'the synthetic city of scilit demo, counted over all its adults',
    targets: cityTargets(margins),
    replace: true,
  });
  return runWeightingScheme(db, {
    name: DEMO_SCHEME,
    definition: {
      formId,
      steps: [{ step: 'rake', targetSet: DEMO_TARGET_SET, margins: [['sex', 'age_group'], ['residence']] }],
    },
  });
}

/**
 * Literacy overall, by key population and by district (in the order of `districts`), from the database.
 * Strata with one responding PSU count as R's "adjust", as in the simulation's own analysis.
 */
export function demoEstimates(
  db: SqlDriver,
  o: { weightingSchemeId?: string; districts: readonly string[]; formId?: string },
): DemoEstimate[] {
  const request = { formId: o.formId, weightingSchemeId: o.weightingSchemeId, lonelyPsu: 'adjust' as const };
  const byGroup = estimateLiteracy(db, { ...request, by: 'group' }).estimates;
  const byRegion = estimateLiteracy(db, { ...request, by: ['region'] }).estimates;
  const row = (domain: string, e: (typeof byGroup)[number]): DemoEstimate => ({
    domain,
    n: e.n,
    estimate: e.estimate,
    se: e.se,
    df: e.df,
    logit: e.ci,
  });
  const out = byGroup.map((e) => row(e.domain.group ?? 'overall', e));
  for (const code of o.districts) {
    const e = byRegion.find((r) => r.domain.region === code);
    if (e) out.push(row(`district:${code}`, e));
  }
  return out;
}
