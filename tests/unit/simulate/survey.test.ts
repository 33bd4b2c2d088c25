import { describe, expect, it } from 'vitest';
import { buildPopulation } from '../../../src/simulate/population.ts';
import { drawSample, responsePropensity, sampleFrame } from '../../../src/simulate/survey.ts';

const pop = buildPopulation({ size: 300_000, seed: 3 });
const frame = sampleFrame(pop);

describe('a two-stage stratified cluster sample of the city', () => {
  it('draws at least two PSUs in every stratum (urban or rural part of a district) and one adult per household', () => {
    const s = drawSample(frame, { respondents: 2000, seed: 1 });
    expect(s.strata.length).toBeGreaterThan(pop.districts.length);
    for (let h = 0; h < s.strata.length; h++) {
      const psus = new Set<number>();
      for (let j = 0; j < s.n; j++) if (s.stratum[j] === h) psus.add(s.psu[j]!);
      expect(psus.size, `stratum ${s.strata[h]!.label}`).toBeGreaterThanOrEqual(2);
    }
    expect(new Set(s.household).size).toBe(s.n);
    for (let j = 0; j < s.n; j++) {
      const i = s.person[j]!;
      const psu = s.psu[j]!;
      const stratum = s.strata[s.stratum[j]!]!;
      if (
        pop.household[i] !== s.household[j] ||
        pop.householdCluster[s.household[j]!] !== psu ||
        pop.clusterDistrict[psu] !== stratum.district ||
        pop.clusterResidence[psu] !== stratum.residence
      ) {
        throw new Error(`respondent ${j} is not in the household and PSU recorded`);
      }
    }
  });

  it('has design weights that add up to the adult population when everyone responds (Horvitz–Thompson)', () => {
    // Averaged over 20 draws the HT total of 1 is the population size; one draw is within a few percent.
    let sum = 0;
    for (let r = 0; r < 20; r++) {
      const s = drawSample(frame, { respondents: 2000, seed: 100 + r, response: () => 1 });
      sum += s.designWeight.reduce((a, b) => a + b, 0);
    }
    expect(sum / 20 / pop.size).toBeGreaterThan(0.98);
    expect(sum / 20 / pop.size).toBeLessThan(1.02);
  });

  it('loses more young town dwellers than old villagers to non-response', () => {
    expect(responsePropensity(22, 0)).toBeLessThan(0.6);
    expect(responsePropensity(65, 1)).toBeGreaterThan(0.9);
    const s = drawSample(frame, { respondents: 3000, seed: 9 });
    let young = 0;
    for (let j = 0; j < s.n; j++) if (pop.age[s.person[j]!]! < 30 && pop.residence[s.person[j]!] === 0) young++;
    let youngPop = 0;
    for (let i = 0; i < pop.size; i++) if (pop.age[i]! < 30 && pop.residence[i] === 0) youngPop++;
    expect(young / s.n).toBeLessThan((youngPop / pop.size) * 0.85);
    expect(s.nonRespondents).toBeGreaterThan(0);
    expect(s.n).toBeGreaterThan(2700);
    expect(s.n).toBeLessThan(3300);
  });

  it('gives the same sample for the same seed', () => {
    const a = drawSample(frame, { respondents: 500, seed: 4 });
    const b = drawSample(frame, { respondents: 500, seed: 4 });
    const c = drawSample(frame, { respondents: 500, seed: 5 });
    expect([...a.person]).toEqual([...b.person]);
    expect(a.surveyor).toEqual(b.surveyor);
    expect([...a.person]).not.toEqual([...c.person]);
  });
});
