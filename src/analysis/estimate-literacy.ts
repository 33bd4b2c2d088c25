/**
 * Literacy estimates from the database: the share of respondents with science literacy (the `literate` 0/1 of
 * a scoring scheme's stored scores), overall and by group or demographic breakdown, as domains of one design.
 *
 *   estimateLiteracy(db, { formId?, by?: 'group' | string[], weightingSchemeId?, scoringSchemeId?, ci?, level?,
 *                          target? }): LiteracyEstimates
 *
 * - Design variables come from the final interviews: `stratum` and `psu` (PSU ids taken within strata, i.e.
 *   R's nest = TRUE; no strata → one stratum; no PSU → each respondent its own), lonely PSUs `fail` unless
 *   `lonelyPsu` says otherwise.
 * - Weights come from the `weights` table of the weighting scheme; without a scheme every weight is 1 and the
 *   result says so in `notes` (and `weighted: false`). An interview scored but without a stored weight is an error.
 * - `by: 'group'` gives one domain per key population of the form (groups overlap; a respondent may be in none);
 *   `by: ['sex', 'age_group']` one per combination of the fields' values (a respondent without a value is in no
 *   domain of that breakdown). `region_code`, `stratum` and `psu` name the interview record's design variables
 *   (unless the form has a field of that name): every interview carries them, whatever its form asks.
 * - Every run is saved in `estimate_runs` (request, result, software) and its id returned as `runId`.
 *
 * The result is plain JSON (no typed arrays, NaN only where R gives NA): estimates have the shape of
 * `scilit estimate --format json` (src/survey/output.ts: domain, estimate, se, ci, df, deff, n, n_eff, sum_w,
 * n_kish, variance, ci_method, level, proportion, flags), overall first. With `target`, each estimate carries the
 * comparison with that plan target (difference, its CI, above/below).
 */
import { allFields, type Form } from '../form/model.ts';
import { type Breakdown, breakdownValue, groupMembership, groupsOf } from '../scoring/groups.ts';
import { parseStoredForm } from '../scoring/stored-form.ts';
import { readAnswerPacks } from '../store/answer-packs.ts';
import type { SqlDriver } from '../store/driver.ts';
import { interviewDesignVariables, recordEstimateRun, scoredSchemes } from '../store/estimate-runs.ts';
import { type Answers, finalAnswersOfVersion } from '../store/final-answers.ts';
import { getFormRow } from '../store/forms.ts';
import { listScores, weightsOf } from '../store/scores.ts';
import { findWeightingScheme } from '../store/weighting.ts';
import { compareWithTarget, type Difference } from '../survey/compare.ts';
import { createDesign, degreesOfFreedom } from '../survey/design.ts';
import { type DomainSpec, estimateDomains } from '../survey/domains.ts';
import { SurveyError } from '../survey/errors.ts';
import { crossFactors, factorOf } from '../survey/factor.ts';
import { type EstimateRow, estimateRow } from '../survey/output.ts';
import type { IntervalMethod, LonelyPsu, VarianceAdjustment } from '../survey/types.ts';
import { weightingSchemeSchema } from '../survey/weighting/index.ts';
import { prepareWeightingScheme } from './weighting-run.ts';

export interface LiteracyRequest {
  formId?: string;
  by?: 'group' | string[];
  weightingSchemeId?: string;
  scoringSchemeId?: string;
  ci?: IntervalMethod;
  level?: number;
  /** A plan target (e.g. 0.15) to compare every estimate with. */
  target?: number;
  lonelyPsu?: LonelyPsu;
}

export interface LiteracyEstimates {
  runId: string;
  createdAt: string;
  request: LiteracyRequest;
  scoringSchemeId: string;
  weightingSchemeId: string | null;
  weighted: boolean;
  estimates: (EstimateRow & { target?: Difference & { target: number } })[];
  design: {
    respondents: number;
    strata: number;
    psus: number;
    df: number;
    stratified: boolean;
    clustered: boolean;
    lonelyPsu: LonelyPsu;
  };
  notes: string[];
  software: string;
}

export const SOFTWARE = 'scilit 0.1.0';

function fail(message: string): never {
  throw new SurveyError('estimate_input', message);
}

/** The scored respondents of a request, their weights and the design: what every literacy estimate starts from. */
export interface LiteracySample {
  schemeId: string;
  scores: ReturnType<typeof listScores>;
  design: ReturnType<typeof createDesign>;
  /** literate 0/1 per respondent. */
  y: Float64Array;
  stratified: boolean;
  clustered: boolean;
  notes: string[];
}

/**
 * Scores (of `formId`, and of `formVersion` when given: one wave's questionnaire), weights and design variables
 * of the final interviews, as the module comment says.
 */
export function literacySample(db: SqlDriver, request: LiteracyRequest & { formVersion?: string }): LiteracySample {
  const notes: string[] = [];
  const schemeId = request.scoringSchemeId ?? scoredSchemes(db)[0]?.scheme_id;
  if (!schemeId) fail('no scores in this database: score the interviews first (scilit score).');
  const scores = listScores(db, schemeId).filter(
    (s) =>
      (!request.formId || s.formId === request.formId) &&
      (!request.formVersion || s.formVersion === request.formVersion),
  );
  if (scores.length === 0) {
    fail(
      `scoring scheme ${schemeId} has no scores of final interviews${request.formVersion ? ` of questionnaire version ${request.formVersion}` : ''}.`,
    );
  }
  const designVars = interviewDesignVariables(db, request.formId);
  const n = scores.length;

  // Weights.
  const weights = new Float64Array(n).fill(1);
  if (request.weightingSchemeId) {
    const stored = weightsOf(db, request.weightingSchemeId);
    scores.forEach((s, i) => {
      const w = stored.get(s.interviewId);
      if (w === undefined) {
        fail(
          `interview ${s.interviewId} has no weight in weighting scheme ${request.weightingSchemeId}; run the scheme again.`,
        );
      }
      weights[i] = w;
    });
  } else notes.push('unweighted: no weighting scheme was given, every respondent has weight 1');
  const adjustments = request.weightingSchemeId
    ? varianceAdjustments(db, request.weightingSchemeId, scores, weights, notes)
    : [];

  // Design variables: all present or all absent.
  const strata: string[] = [];
  const psus: string[] = [];
  for (const s of scores) {
    const d = designVars.get(s.interviewId);
    strata.push(d?.stratum ?? '');
    psus.push(d?.psu ?? '');
  }
  const column = (values: string[], name: string) => {
    const filled = values.filter((v) => v !== '').length;
    if (filled === 0) return undefined;
    if (filled < values.length) {
      const i = values.indexOf('');
      fail(`interview ${scores[i]?.interviewId} has no ${name} while others have one; complete the design variables.`);
    }
    return factorOf(values, name);
  };
  const strataF = column(strata, 'stratum');
  const psuF = column(psus, 'psu');
  if (!strataF) notes.push('no strata recorded: one stratum');
  if (!psuF) notes.push('no PSUs recorded: each respondent is its own PSU');
  const design = createDesign({
    n,
    weights,
    strata: strataF,
    psu: psuF,
    nest: Boolean(strataF),
    lonelyPsu: request.lonelyPsu ?? 'fail',
    adjustments,
  });
  const y = new Float64Array(n);
  scores.forEach((s, i) => {
    y[i] = s.literate ? 1 : 0;
  });
  return { schemeId, scores, design, y, stratified: Boolean(strataF), clustered: Boolean(psuF), notes };
}

export function estimateLiteracy(db: SqlDriver, request: LiteracyRequest = {}): LiteracyEstimates {
  const { schemeId, scores, design, y, notes, stratified, clustered } = literacySample(db, request);
  const n = scores.length;
  const domains = request.by ? domainsOf(db, scores, request.by) : [];
  const level = request.level ?? 0.95;
  const estimates = estimateDomains(design, y, domains, { ci: request.ci, level }).map((e) => {
    const row = estimateRow(e);
    return request.target === undefined ? row : { ...row, target: compareWithTarget(e, request.target) };
  });
  const result: Omit<LiteracyEstimates, 'runId' | 'createdAt'> = {
    request,
    scoringSchemeId: schemeId,
    weightingSchemeId: request.weightingSchemeId ?? null,
    weighted: Boolean(request.weightingSchemeId),
    estimates,
    design: {
      respondents: n,
      strata: design.nStrata,
      psus: design.nPsu,
      df: degreesOfFreedom(design),
      stratified,
      clustered,
      lonelyPsu: design.lonelyPsu,
    },
    notes,
    software: SOFTWARE,
  };
  const run = recordEstimateRun(db, {
    weightingSchemeId: request.weightingSchemeId ?? null,
    scoringSchemeId: schemeId,
    request: { ...request, variable: 'literate', ci: request.ci ?? 'logit', level },
    result,
    software: SOFTWARE,
  });
  return { ...run, ...result };
}

/**
 * The variance adjustments the scheme's post-stratification, raking or calibration leave (R's svyrecvar
 * residualizes through postStrata), aligned with `scores`. The scheme is re-run without storing; weights that no
 * longer match the stored ones (answers or targets changed since) are an error asking for a new run.
 */
function varianceAdjustments(
  db: SqlDriver,
  schemeId: string,
  scores: readonly { interviewId: string }[],
  weights: Float64Array,
  notes: string[],
): VarianceAdjustment[] {
  const row = findWeightingScheme(db, schemeId);
  const parsed = weightingSchemeSchema.safeParse(row?.definition);
  if (!parsed.success) {
    notes.push('the weighting scheme has no readable recipe: SEs treat the stored weights as design weights');
    return [];
  }
  if (!parsed.data.steps.some((s) => s.step === 'poststratify' || s.step === 'rake' || s.step === 'calibrate')) {
    return [];
  }
  const prepared = prepareWeightingScheme(db, parsed.data);
  const rowOf = new Map(prepared.interviewIds.map((id, j) => [id, j]));
  const rows = new Int32Array(scores.length);
  scores.forEach((s, i) => {
    const j = rowOf.get(s.interviewId);
    const w = j === undefined ? undefined : prepared.run.weights[j];
    if (j === undefined || w === undefined || Math.abs(w - (weights[i] as number)) > 1e-9 * Math.max(1, w)) {
      fail(
        `the stored weights of weighting scheme ${schemeId} no longer match its targets and interviews; run it again.`,
      );
    }
    rows[i] = j;
  });
  const m = prepared.interviewIds.length;
  if (m === scores.length && rows.every((j, i) => j === i)) return prepared.run.adjustments;
  // Scored interviews are part of the weighted ones: residualize on all weighted rows, the others contributing 0.
  notes.push(`${scores.length} of ${m} weighted interviews are scored; the others count as outside every domain`);
  return prepared.run.adjustments.map((a) => ({
    kind: a.kind,
    adjust(z: Float64Array): Float64Array {
      const full = new Float64Array(m);
      for (let i = 0; i < rows.length; i++) full[rows[i] as number] = z[i] as number;
      const r = a.adjust(full);
      const out = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) out[i] = r[rows[i] as number] as number;
      return out;
    },
  }));
}

const noAnswers: Answers = () => undefined;

/** Breakdowns read from the interview record rather than the answers (see interviewDesignVariables). */
const RECORD_BREAKDOWNS = { region_code: 'region', stratum: 'stratum', psu: 'psu' } as const;
type RecordBreakdown = keyof typeof RECORD_BREAKDOWNS;

/** Domains from group rules or breakdown fields, evaluated on each respondent's stored answers. */
export function domainsOf(db: SqlDriver, scores: ReturnType<typeof listScores>, by: 'group' | string[]): DomainSpec[] {
  const index = new Map(scores.map((s, i) => [s.interviewId, i]));
  const forms = new Map<string, Form>();
  const formOf = (formId: string, version: string): Form => {
    const key = `${formId}\u0000${version}`;
    let f = forms.get(key);
    if (!f) {
      const row = getFormRow(db, formId, version);
      if (!row) fail(`form ${formId} version ${version} is not in this database.`);
      f = parseStoredForm(row.definition, formId, version);
      forms.set(key, f);
    }
    return f;
  };
  const n = scores.length;
  const first = scores[0] as (typeof scores)[number];
  const firstFields = new Set(allFields(formOf(first.formId, first.formVersion)).map((f) => f.name));
  const fromRecord = (name: string): name is RecordBreakdown => name in RECORD_BREAKDOWNS && !firstFields.has(name);
  const answersOf: (Answers | undefined)[] = new Array(n);
  const packs = readAnswerPacks(db);
  const versions = new Set(scores.map((s) => `${s.formId}\u0000${s.formVersion}`));
  for (const v of versions) {
    const [formId, version] = v.split('\u0000') as [string, string];
    const wanted = by === 'group' ? [] : by.filter((f) => !fromRecord(f));
    for (const [id, answers] of finalAnswersOfVersion(db, formOf(formId, version), { wanted, packs })) {
      const i = index.get(id);
      if (i !== undefined) answersOf[i] = answers;
    }
  }
  if (by === 'group') {
    const names = groupsOf(formOf(first.formId, first.formVersion)).map((g) => g.name);
    const masks = new Map(names.map((g) => [g, new Uint8Array(n)]));
    scores.forEach((s, i) => {
      for (const g of groupMembership(formOf(s.formId, s.formVersion), answersOf[i] ?? noAnswers)) {
        let m = masks.get(g);
        if (!m) {
          m = new Uint8Array(n);
          masks.set(g, m);
        }
        m[i] = 1;
      }
    });
    return [...masks].filter(([, m]) => m.includes(1)).map(([g, mask]) => ({ domain: { group: g }, mask }));
  }
  // Breakdown fields: one factor per field ('\u0000' = no value), crossed; rows with any missing belong to no domain.
  const record = by.some(fromRecord) ? interviewDesignVariables(db) : undefined;
  const factors = by.map((field) => ({
    name: field,
    factor: factorOf(
      scores.map((s, i) =>
        fromRecord(field)
          ? record?.get(s.interviewId)?.[RECORD_BREAKDOWNS[field]] || '\u0000'
          : (breakdownValue(formOf(s.formId, s.formVersion), answersOf[i] ?? noAnswers, field as Breakdown) ??
            '\u0000'),
      ),
      field,
    ),
  }));
  const { factor, parts } = crossFactors(factors.map((f) => f.factor));
  const out: DomainSpec[] = [];
  parts.forEach((p, c) => {
    const domain: Record<string, string> = {};
    let missing = false;
    factors.forEach((f, t) => {
      const label = f.factor.labels[p[t] as number] as string;
      if (label === '\u0000') missing = true;
      domain[f.name] = label;
    });
    if (missing) return;
    const mask = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (factor.codes[i] === c) mask[i] = 1;
    out.push({ domain, mask });
  });
  return out;
}
