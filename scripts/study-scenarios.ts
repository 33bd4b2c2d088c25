/**
 * The coverage study's further scenarios (issue 20), each run on the same replications as the main study:
 *  - `mnar`: non-response that depends on literacy itself (literate adults answer more often), then raking on
 *    sex × age group and urban/rural, which cannot see it: the bias this leaves, shown as it is;
 *  - `poststratified`: design weights post-stratified to sex × age group (one margin, no raking);
 *  - `jkn` and `bootstrap`: raked estimates with JKn and Rao–Wu bootstrap replicate variance (raking re-applied to
 *    every replicate, as R does on a replicate design);
 *  - `fay-herriot`: district estimates of the Fay–Herriot model (REML, logit scale) from the raked direct
 *    estimates and two district covariates of the census kind (urban share, mean education), against the
 *    districts' true ratios.
 * Every scenario returns rows [domain, scenario, estimate, se, df, lo, hi, lo2, hi2, n]: the 95 % interval of the
 * scenario (lo, hi) and, for fay-herriot, the direct logit interval as the second pair.
 */

import { type CityMargins, sampleDesigns, sampleDomains } from '../src/simulate/analysis.ts';
import { AGE_GROUPS, ageGroupIndex } from '../src/simulate/census.ts';
import { RESIDENCES, SEXES } from '../src/simulate/population.ts';
import { drawSample, responsePropensity, type SampleFrame } from '../src/simulate/survey.ts';
import type { City } from '../src/simulate/truth.ts';
import { withWeights } from '../src/survey/design.ts';
import { estimateMean } from '../src/survey/estimate.ts';
import { proportionInterval } from '../src/survey/intervals.ts';
import { bootstrapWeights } from '../src/survey/replicate/bootstrap.ts';
import { estimateReplicateDomains } from '../src/survey/replicate/domains.ts';
import { jackknifeWeights } from '../src/survey/replicate/jackknife.ts';
import { replicateWeighting } from '../src/survey/replicate/reweight.ts';
import { smallAreaEstimates } from '../src/survey/sae/small-area.ts';
import { weightingData } from '../src/survey/weighting/data.ts';
import { postStratify } from '../src/survey/weighting/poststratify.ts';
import type { WeightingStepSpec } from '../src/survey/weighting/types.ts';

export const SCENARIOS = ['mnar', 'poststratified', 'jkn', 'bootstrap', 'fay-herriot'] as const;
export type Scenario = (typeof SCENARIOS)[number];
export type ScenarioRow = [string, Scenario, number, number, number, number, number, number, number, number];

/** District covariates of the census kind: urban share and mean education level (0–5) of the adults. */
export function districtCovariates(city: City): { area: string; values: Record<string, number> }[] {
  const { pop } = city;
  const k = pop.districts.length;
  const count = new Float64Array(k);
  const urban = new Float64Array(k);
  const edu = new Float64Array(k);
  for (let i = 0; i < pop.size; i++) {
    const d = pop.district[i]!;
    count[d]!++;
    if (pop.residence[i] === 0) urban[d]!++;
    edu[d]! += pop.education[i]!;
  }
  return pop.districts.map((d, h) => ({
    area: `district:${d.code}`,
    values: { urban: urban[h]! / count[h]!, education: edu[h]! / count[h]! },
  }));
}

/** Literate adults answer more often: the odds of responding × 1.6 (non-ignorable, invisible to the margins). */
export function mnarResponse(city: City): (age: number, residence: number, person: number) => number {
  return (age, residence, person) => {
    const p = responsePropensity(age, residence);
    const odds = (p / (1 - p)) * (city.literate[person] ? 1.6 : 1);
    return odds / (1 + odds);
  };
}

const interval = (e: ReturnType<typeof estimateMean>) =>
  proportionInterval('logit', { p: e.estimate, variance: e.variance, df: e.df, level: 0.95, nRows: e.nRows, n: e.n });

/** The rows of every scenario for replication `seed` (the same sample as the main study for all but mnar). */
export function scenarioRows(
  city: City,
  frame: SampleFrame,
  margins: CityMargins,
  covariates: ReturnType<typeof districtCovariates>,
  plan: { respondents: number; seed: number },
): ScenarioRow[] {
  const rows: ScenarioRow[] = [];
  const keyDomain = (name: string) => !name.startsWith('district:');
  const { pop } = city;

  // mnar: a sample drawn with literacy-dependent response, then raked as usual.
  const mnar = drawSample(frame, { ...plan, response: mnarResponse(city) });
  const mnarY = Float64Array.from(mnar.person, (i) => city.literate[i]!);
  const mnarDesign = sampleDesigns(city, mnar, margins).raked;
  for (const d of sampleDomains(city, mnar).filter((x) => keyDomain(x.name))) {
    const e = estimateMean(mnarDesign, mnarY, d.name === 'overall' ? undefined : d.mask);
    const ci = interval(e);
    rows.push([d.name, 'mnar', e.estimate, e.se, e.df, ci[0], ci[1], Number.NaN, Number.NaN, e.n]);
  }

  const sample = drawSample(frame, plan);
  const n = sample.n;
  const y = Float64Array.from(sample.person, (i) => city.literate[i]!);
  const designs = sampleDesigns(city, sample, margins);
  const domains = sampleDomains(city, sample);
  const sexAge = Array.from(sample.person, (i) => `${SEXES[pop.sex[i]!]} × ${AGE_GROUPS[ageGroupIndex(pop.age[i]!)]}`);
  const residence = Array.from(sample.person, (i) => RESIDENCES[pop.residence[i]!]!);

  // poststratified: design weights post-stratified to sex × age group.
  const labels = [...margins.sexAge.keys()];
  const index = new Map(labels.map((l, k) => [l, k]));
  const cells = { codes: Int32Array.from(sexAge, (l) => index.get(l)!), labels };
  const ps = postStratify(designs.design.weights, cells, margins.sexAge, { partial: true });
  const psDesign = withWeights(designs.design, ps.weights, ps.adjustment);
  for (const d of domains.filter((x) => keyDomain(x.name))) {
    const e = estimateMean(psDesign, y, d.name === 'overall' ? undefined : d.mask);
    const ci = interval(e);
    rows.push([d.name, 'poststratified', e.estimate, e.se, e.df, ci[0], ci[1], Number.NaN, Number.NaN, e.n]);
  }

  // jkn and bootstrap: the raking recipe re-applied to every replicate.
  const steps: WeightingStepSpec[] = [
    {
      step: 'rake',
      margins: [
        { vars: ['sex_age'], cells: [...margins.sexAge].map(([k, N]) => ({ values: [k], N })) },
        { vars: ['residence'], cells: [...margins.residence].map(([k, N]) => ({ values: [k], N })) },
      ],
    },
  ];
  const data = weightingData(n, { sex_age: sexAge, residence });
  const base = designs.design.weights;
  const strata = { codes: designs.design.stratum, labels: designs.design.strataLabels };
  const psu = {
    codes: designs.design.psu,
    labels: Array.from({ length: designs.design.nPsu }, (_, c) => designs.design.psuLabel(c)),
  };
  const keyDomains = domains.filter((x) => keyDomain(x.name) && x.name !== 'overall');
  for (const kind of ['jkn', 'bootstrap'] as const) {
    const basis =
      kind === 'jkn'
        ? jackknifeWeights({ weights: base, strata, psu, type: 'jkn', lonelyPsu: 'adjust' })
        : bootstrapWeights({ weights: base, strata, psu, replicates: 100, seed: plan.seed });
    const rw = replicateWeighting({ base, basis, steps, data });
    const est = estimateReplicateDomains({
      basis: rw.design,
      base,
      weights: rw.weighting.weights,
      replicateWeights: rw.replicateWeights,
      groups: rw.groups,
      y,
      domains: keyDomains.map((d) => ({ domain: { name: d.name }, mask: d.mask })),
      proportion: true,
      ci: 'logit',
      level: 0.95,
      mse: false,
    });
    for (const e of est) {
      rows.push([
        e.domain.name ?? 'overall',
        kind,
        e.estimate,
        e.se,
        e.df,
        e.ci[0],
        e.ci[1],
        Number.NaN,
        Number.NaN,
        e.n,
      ]);
    }
  }

  // fay-herriot: districts from the raked direct estimates.
  const direct = domains
    .filter((d) => d.name.startsWith('district:'))
    .map((d) => {
      const e = estimateMean(designs.raked, y, d.mask);
      return { area: d.name, estimate: e.estimate, variance: e.variance, n: e.n, sumW: e.sumW, e };
    });
  const fh = smallAreaEstimates(direct, covariates, { method: 'REML', scale: 'logit' });
  for (const a of fh.areas) {
    const d = direct.find((x) => x.area === a.area);
    const dci = d ? interval(d.e) : [Number.NaN, Number.NaN];
    rows.push([a.area, 'fay-herriot', a.estimate, a.rmse, Number.NaN, a.ci[0], a.ci[1], dci[0]!, dci[1]!, a.n]);
  }
  return rows;
}
