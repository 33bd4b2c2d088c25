/**
 * The literacy profile behind the headline ratio: the share of respondents at each level and the mean score of
 * each dimension (knowledge, method, thinking, application), weighted, with intervals, on the same design as
 * estimateLiteracy — overall or in one domain.
 *
 *   literacyProfile(db, { weightingSchemeId?, domain?, ... }): LiteracyProfile
 *
 * Level shares are proportions (interval by `ci`, default logit); dimension and total scores are means of the
 * points (Wald t interval), with each dimension's maximum from the questionnaire's scoring columns.
 */
import { allFields } from '../form/model.ts';
import { loadScheme } from '../scoring/rescore.ts';
import { levelsOf } from '../scoring/scheme.ts';
import { parseStoredForm } from '../scoring/stored-form.ts';
import type { SqlDriver } from '../store/driver.ts';
import { getFormRow } from '../store/forms.ts';
import { estimateDomains } from '../survey/domains.ts';
import { SurveyError } from '../survey/errors.ts';
import { type EstimateRow, estimateRow } from '../survey/output.ts';
import type { IntervalMethod, LonelyPsu } from '../survey/types.ts';
import type { DomainSide } from './compare-literacy.ts';
import { domainsOf, literacySample } from './estimate-literacy.ts';

export interface ProfileRequest {
  formId?: string;
  weightingSchemeId?: string;
  scoringSchemeId?: string;
  ci?: IntervalMethod;
  level?: number;
  lonelyPsu?: LonelyPsu;
  /** One key population or breakdown category; the whole sample when absent. */
  domain?: DomainSide;
}

export interface LiteracyProfile {
  weighted: boolean;
  respondents: number;
  levels: (EstimateRow & { literacyLevel: string })[];
  /** Mean points per dimension, and `max` the dimension's points in the questionnaire. */
  dimensions: (EstimateRow & { dimension: string; max: number | null })[];
  /** Mean total score in percent of the maximum. */
  percent: EstimateRow;
  notes: string[];
}

export function literacyProfile(db: SqlDriver, request: ProfileRequest = {}): LiteracyProfile {
  const sample = literacySample(db, request);
  const { scores, design } = sample;
  const n = scores.length;
  const opts = { ci: request.ci, level: request.level ?? 0.95 };
  let specs: ReturnType<typeof domainsOf> = [];
  if (request.domain) {
    const side = request.domain;
    const found = domainsOf(db, scores, 'group' in side ? 'group' : [side.field]).find((d) =>
      'group' in side ? d.domain.group === side.group : d.domain[side.field] === side.value,
    );
    if (!found) {
      const name = 'group' in side ? `key population ${side.group}` : `${side.field} = ${side.value}`;
      throw new SurveyError('estimate_input', `${name} has no scored respondents.`);
    }
    specs = [found];
  }
  const one = (y: Float64Array) => {
    const rows = estimateDomains(design, y, specs, opts);
    const row = request.domain ? rows[1] : rows[0];
    return row ? estimateRow(row) : undefined;
  };

  let order: string[] = [];
  try {
    order = levelsOf(loadScheme(db, sample.schemeId));
  } catch {
    // A scheme stored without a readable definition: levels in the order they occur.
  }
  for (const s of scores) if (!order.includes(s.level)) order.push(s.level);
  const levels = order.flatMap((level) => {
    const y = new Float64Array(n);
    scores.forEach((s, i) => {
      y[i] = s.level === level ? 1 : 0;
    });
    const row = one(y);
    return row ? [{ literacyLevel: level, ...row }] : [];
  });

  const first = scores[0];
  const maxOf = new Map<string, number>();
  const formRow = first ? getFormRow(db, first.formId, first.formVersion) : undefined;
  if (formRow) {
    for (const f of allFields(parseStoredForm(formRow.definition, formRow.form_id, formRow.version))) {
      if (f.scoring) maxOf.set(f.scoring.dimension, (maxOf.get(f.scoring.dimension) ?? 0) + f.scoring.points);
    }
  }
  const names = [...maxOf.keys()];
  for (const s of scores) for (const d of Object.keys(s.dimensions)) if (!names.includes(d)) names.push(d);
  const dimensions = names.flatMap((dimension) => {
    const y = new Float64Array(n);
    scores.forEach((s, i) => {
      y[i] = s.dimensions[dimension] ?? 0;
    });
    const row = one(y);
    return row ? [{ dimension, max: maxOf.get(dimension) ?? null, ...row }] : [];
  });
  const total = new Float64Array(n);
  scores.forEach((s, i) => {
    total[i] = s.percent;
  });
  const percent = one(total);
  if (!percent) throw new SurveyError('estimate_input', 'the domain has no respondents with a non-zero weight.');
  return {
    weighted: Boolean(request.weightingSchemeId),
    respondents: n,
    levels,
    dimensions,
    percent,
    notes: sample.notes,
  };
}
