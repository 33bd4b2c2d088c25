/**
 * Scoring: answers → literacy scores, levels, key-population membership, item analysis (methodology.md §1,
 * xlsform.md's scoring extension). The public API other areas call:
 *
 * Schemes (data, stored in `scoring_schemes`, exported in reports; zod schema `scoringSchemeSchema`):
 * - `nationalScheme(cmp?: '>=' | '>'): ScoringScheme` — the 100-point rule: advanced ≥ 85, literate ≥ 70, basic ≥ 55,
 *   low; literate = advanced + literate; cut-offs on the 0–100 scale (a form with another total is rescaled).
 * - `percentCorrectScheme(min = 60, cmp?)` — literate when the share of correct items ≥ min %.
 * - `schemeFromForm(form): ScoringScheme` — the form's `scoring` sheet levels, else the national rule.
 * - `parseScheme(jsonText, source?)`, `validateScheme(json)` — a scheme file, errors naming the path.
 * - `levelsOf(scheme): string[]` — its levels, highest first.
 *
 * One respondent:
 * - `scoreRespondent(form, scheme, answers: Record<string, string | null>): RespondentScore` —
 *   { total, max, percent (0–100), dimensions: {dim: {points, max, correct, items}}, level, literate, vetoed,
 *   vetoedBy, correct, wrong, dontKnow, unanswered, itemCount, items: [{field, dimension, outcome, points}] }.
 *   "Don't know" and unanswered items score 0 and are counted as such (never missing).
 * - `compileScorer(form, scheme).score(answers | lookup)` — the same, compiled once for many respondents.
 *
 * Groups and breakdowns:
 * - `groupMembership(form, answers): string[]` — the form's `groups` rules (else the five key populations,
 *   `DEFAULT_GROUPS`); overlapping; possibly none.
 * - `breakdownValue(form, answers, by: field | [field, field]): string | null` — category of any demographic
 *   field (calculate fields such as `age_group` computed when not stored) or of a cross (`a × b`).
 *
 * Stored scores (database):
 * - `rescoreInterviews(db, { formId?, schemeId?, scheme?, full? }): RescoreResult` — scores every final interview
 *   and stores it with the scheme id, a result key and the interview's stamp; scores only interviews whose stamp
 *   (revision, content hash, update time) changed, or all after a form or scheme change (from the answer-pack
 *   cache; `full: true`: from the answers table), and writes only scores whose result changed.
 *   { scored, written, unchanged, removed, byLevel, literate, vetoed, forms }.
 * - `ensureDefaultScheme(db, form)`, `saveScheme(db, scheme)`, `loadScheme(db, schemeId)`.
 * - `listScores(db, schemeId): ScoreRow[]` in src/store/scores.ts — { interviewId, formId, formVersion, total,
 *   maxTotal, percent, level, literate, vetoed, dimensions, scoredAt } to join with design variables.
 *
 * Item analysis:
 * - `analyseItems(form, respondents, { weights?: Float64Array }): ItemAnalysis` — shares correct / don't know,
 *   choice distribution, item–rest correlation, Cronbach's alpha per dimension; `weighting` says which.
 * - `analyseStoredItems(db, { formId?, formVersion?, weightingSchemeId? })`.
 */

export { listScores, type ScoreRow } from '../store/scores.ts';
export { analyseStoredItems } from './analyse-stored.ts';
export { type Breakdown, breakdownValue, CROSS_SEP, DEFAULT_GROUPS, groupMembership, groupsOf } from './groups.ts';
export {
  analyseItems,
  type ChoiceShare,
  cronbachAlpha,
  type DimensionStats,
  type ItemAnalysis,
  type ItemStats,
} from './items.ts';
export type { ItemOutcome } from './items-compile.ts';
export {
  ensureDefaultScheme,
  loadScheme,
  type RescoreOptions,
  type RescoreResult,
  rescoreInterviews,
  saveScheme,
} from './rescore.ts';
export {
  compileScorer,
  type DimensionScore,
  type ItemScore,
  type RespondentScore,
  type Scorer,
  scoreRespondent,
} from './respondent.ts';
export {
  canonicalScheme,
  levelsOf,
  NATIONAL_SCHEME_ID,
  nationalScheme,
  parseScheme,
  percentCorrectScheme,
  type ScoringScheme,
  type ScoringSchemeInput,
  schemeFromForm,
  scoringSchemeSchema,
  validateScheme,
} from './scheme.ts';
