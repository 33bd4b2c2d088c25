import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { demoEstimates, weightDemoSurvey } from '../../../src/analysis/demo-city.ts';
import { estimateLiteracy } from '../../../src/analysis/estimate-literacy.ts';
import { dispatch } from '../../../src/api/dispatch.ts';
import { ensureBundledForm } from '../../../src/node/bundled-form.ts';
import { listScores, rescoreInterviews } from '../../../src/scoring/index.ts';
import { schemeFromForm } from '../../../src/scoring/scheme.ts';
import { loadStoredForm } from '../../../src/scoring/stored-form.ts';
import { cityMargins, estimateSample } from '../../../src/simulate/analysis.ts';
import { bulkLoad, fieldSample } from '../../../src/simulate/interviews.ts';
import { drawSample, sampleFrame } from '../../../src/simulate/survey.ts';
import { buildCity } from '../../../src/simulate/truth.ts';
import { tempDir } from '../../helpers/tmp.ts';

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

describe('the demo through the database gives the simulation’s own estimates', () => {
  it('design weights stored at interview start, raked in the database: estimates and SEs equal the pure path', async () => {
    const db = openDatabase(join(tempDir(), 'demo.sqlite'), { create: true });
    try {
      const { formId, version } = await ensureBundledForm(db);
      const { form } = loadStoredForm(db, formId, version);
      const city = buildCity(form, schemeFromForm(form), { size: 60_000, seed: 11 });
      const sample = drawSample(sampleFrame(city.pop), { respondents: 400, seed: 11_000 });
      const load = bulkLoad(db);
      const ids = await fieldSample((name, args) => dispatch({ db: load.db }, name, args), city, form, sample, 11, {
        chunk: load.chunk,
      });

      // Every interview carries the sample's design weight 1/π.
      const stored = new Map(
        db
          .all<{ interview_id: string; design_weight: number }>('SELECT interview_id, design_weight FROM interviews')
          .map((r) => [r.interview_id, r.design_weight]),
      );
      ids.forEach((id, j) => {
        expect(stored.get(id)).toBe(sample.designWeight[j]);
      });

      const scored = rescoreInterviews(db, { formId });
      const literate = new Map(listScores(db, scored.forms[0]!.schemeId).map((s) => [s.interviewId, s.literate]));
      const y = Float64Array.from(ids, (id) => (literate.get(id) ? 1 : 0));
      const margins = cityMargins(city);
      const pure = estimateSample(city, sample, margins, { y, weightings: ['raked', 'unweighted'] });

      const run = weightDemoSurvey(db, margins, formId);
      expect(run.converged).toBe(true);
      const districts = city.pop.districts.map((d) => d.code);
      const viaDb = demoEstimates(db, { weightingSchemeId: run.schemeId, districts, formId });

      const raked = pure.filter((e) => e.weighting === 'raked');
      expect(viaDb.map((e) => e.domain).sort()).toEqual(raked.map((e) => e.domain).sort());
      expect(viaDb.length).toBe(1 + city.groups.length + districts.length);
      for (const e of raked) {
        const d = viaDb.find((x) => x.domain === e.domain)!;
        expect([d.n, d.df], e.domain).toEqual([e.n, e.df]);
        expect(close(d.estimate, e.estimate), `${e.domain} estimate ${d.estimate} vs ${e.estimate}`).toBe(true);
        expect(close(d.se, e.se), `${e.domain} SE ${d.se} vs ${e.se}`).toBe(true);
        if (Number.isFinite(e.logit[0])) {
          expect(close(d.logit[0], e.logit[0]) && close(d.logit[1], e.logit[1]), `${e.domain} CI`).toBe(true);
        }
      }
      const unweighted = estimateLiteracy(db, { formId, lonelyPsu: 'adjust' }).estimates[0]!;
      const pureUnweighted = pure.find((e) => e.weighting === 'unweighted' && e.domain === 'overall')!;
      expect(close(unweighted.estimate, pureUnweighted.estimate)).toBe(true);
      expect(close(unweighted.se, pureUnweighted.se)).toBe(true);
    } finally {
      db.close();
    }
  });
});
