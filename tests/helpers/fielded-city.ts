// A synthetic city's fieldwork as the office receives it (src/simulate/): final interviews on fieldwork days, with
// three planted bad surveyors, scored — for tests of the quality checks and the supervisor's screen.
import { dispatch } from '../../src/api/dispatch.ts';
import { ensureBundledForm } from '../../src/node/bundled-form.ts';
import { rescoreInterviews } from '../../src/scoring/index.ts';
import { schemeFromForm } from '../../src/scoring/scheme.ts';
import { loadStoredForm } from '../../src/scoring/stored-form.ts';
import { fieldBehaviour } from '../../src/simulate/field-behaviour.ts';
import { bulkLoad, fieldSample } from '../../src/simulate/interviews.ts';
import { drawSample, sampleFrame } from '../../src/simulate/survey.ts';
import { buildCity } from '../../src/simulate/truth.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { placeSimulatedTimes } from '../../src/store/simulated-times.ts';

export async function fieldedCity(
  db: SqlDriver,
  o: { respondents: number; population: number; seed: number },
): Promise<{ planted: Partial<Record<'speeder' | 'straight_liner' | 'fabricator', string>> }> {
  const { formId, version } = await ensureBundledForm(db);
  const { form } = loadStoredForm(db, formId, version);
  const city = buildCity(form, schemeFromForm(form), { size: o.population, seed: o.seed });
  const sample = drawSample(sampleFrame(city.pop), { respondents: o.respondents, seed: o.seed * 1000 });
  const behaviour = fieldBehaviour(form, sample, o.seed);
  const load = bulkLoad(db);
  const ids = await fieldSample((name, args) => dispatch({ db: load.db }, name, args), city, form, sample, o.seed, {
    chunk: load.chunk,
    behaviour,
  });
  placeSimulatedTimes(
    db,
    ids.map((interviewId, j) => ({ interviewId, ...behaviour.times(j) })),
  );
  rescoreInterviews(db, { formId });
  return { planted: behaviour.planted };
}
