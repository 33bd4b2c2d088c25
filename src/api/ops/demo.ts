import { z } from 'zod';
import { BUNDLED_FORM_ID, BUNDLED_FORM_VERSION } from '../../form/bundled/civic-science-literacy.ts';
import { rescoreInterviews } from '../../scoring/index.ts';
import { schemeFromForm } from '../../scoring/scheme.ts';
import { loadStoredForm } from '../../scoring/stored-form.ts';
import { CITY_NAME } from '../../simulate/city.ts';
import { bulkLoad, fieldSample } from '../../simulate/interviews.ts';
import { drawSample, sampleFrame } from '../../simulate/survey.ts';
import { buildCity, trueRatios } from '../../simulate/truth.ts';
import { getFormRow } from '../../store/forms.ts';
import { countInterviews } from '../../store/interview-list.ts';
import { ApiError, op } from '../operation.ts';

export const demoOps = {
  /**
   * The app's "load demo data": surveys the synthetic city of `scilit demo` into the open (empty) database —
   * interviews written through the interview operations, then scored — and returns the city's true ratios so
   * that the estimates the app then shows can be compared with them.
   */
  'demo/load': op({
    long: true,
    input: z.object({
      respondents: z.number().int().min(50).max(20_000).default(5000),
      seed: z.number().int().min(0).max(1_000_000).default(2020),
      /** Adults in the city; smaller for a quick look. */
      population: z.number().int().min(10_000).max(5_000_000).default(2_000_000),
    }),
    async run(ctx, a) {
      if (!getFormRow(ctx.db, BUNDLED_FORM_ID, BUNDLED_FORM_VERSION)) {
        throw new ApiError(
          'form_missing',
          `the bundled questionnaire ${BUNDLED_FORM_ID} ${BUNDLED_FORM_VERSION} is not in this database: open it with scilit once, or import forms/civic-science-literacy.xlsx.`,
        );
      }
      const existing = countInterviews(ctx.db, {});
      if (existing > 0) {
        throw new ApiError(
          'not_empty',
          `this database already holds ${existing} interviews; demo data go into a new, empty database so that they never mix with real fieldwork.`,
        );
      }
      const { form } = loadStoredForm(ctx.db, BUNDLED_FORM_ID, BUNDLED_FORM_VERSION);
      ctx.progress?.(0, 'building the synthetic city');
      const city = buildCity(form, schemeFromForm(form), { seed: a.seed, size: a.population });
      const sample = drawSample(sampleFrame(city.pop), { respondents: a.respondents, seed: a.seed * 1000 });
      const { dispatch } = await import('../dispatch.ts');
      const load = bulkLoad(ctx.db);
      const ids = await fieldSample((name, args) => dispatch({ db: load.db }, name, args), city, form, sample, a.seed, {
        chunk: load.chunk,
        progress: (f) => ctx.progress?.(0.1 + 0.85 * f, `${Math.round(f * sample.n)} of ${sample.n} interviews`),
        cancelled: () => ctx.cancel?.cancelled === true,
      });
      ctx.progress?.(0.95, 'scoring');
      const scored = rescoreInterviews(ctx.db, { formId: form.formId });
      ctx.progress?.(1, 'done');
      return {
        city: CITY_NAME,
        population: city.pop.size,
        interviews: ids.length,
        literate: scored.literate,
        districts: city.pop.districts.map((d) => ({ code: d.code, name: d.name })),
        truth: trueRatios(city),
      };
    },
  }),
};
