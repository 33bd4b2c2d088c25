import type { SqlDriver } from '../store/driver.ts';
import { finalAnswersOfVersion } from '../store/final-answers.ts';
import { formsWithFinalInterviews, weightsOf } from '../store/scores.ts';
import { analyseItems, type ItemAnalysis } from './items.ts';
import { schemeError } from './scheme.ts';
import { parseStoredForm } from './stored-form.ts';

/**
 * Item analysis of the final interviews of one form version (the newest form with interviews when not given),
 * weighted by a weighting scheme's final weights when `weightingSchemeId` is given.
 */
export function analyseStoredItems(
  db: SqlDriver,
  opts: { formId?: string; formVersion?: string; weightingSchemeId?: string } = {},
): ItemAnalysis & { formId: string; formVersion: string; weightingSchemeId: string | null } {
  const forms = formsWithFinalInterviews(db, opts.formId).filter(
    (f) => opts.formVersion === undefined || f.version === opts.formVersion,
  );
  if (forms.length === 0) throw schemeError('there are no final interviews to analyse.');
  // Several versions: the newest (item keys may differ between versions).
  const f = forms[forms.length - 1]!;
  const form = parseStoredForm(f.definition, f.form_id, f.version);
  const answers = finalAnswersOfVersion(db, form);
  const ids = [...answers.keys()];
  const respondents = [...answers.values()];
  let weights: Float64Array | undefined;
  if (opts.weightingSchemeId) {
    const map = weightsOf(db, opts.weightingSchemeId);
    weights = new Float64Array(ids.length);
    ids.forEach((id, i) => {
      const wt = map.get(id);
      if (wt === undefined) {
        throw schemeError(
          `weighting scheme ${opts.weightingSchemeId} has no weight for interview ${id}; run it again.`,
        );
      }
      weights![i] = wt;
    });
  }
  return {
    formId: f.form_id,
    formVersion: f.version,
    weightingSchemeId: opts.weightingSchemeId ?? null,
    ...analyseItems(form, respondents, { weights }),
  };
}
