/**
 * Stored scores: every final interview scored under a scheme, with an input hash over what was scored (form
 * definition, scheme, the answers the score depends on), so that a rescore writes only what changed and a
 * changed scheme, form or answer is always picked up.
 */
import type { Form } from '../form/model.ts';
import { nowIso } from '../store/audit.ts';
import type { SqlDriver } from '../store/driver.ts';
import {
  finalInterviews,
  formsWithFinalInterviews,
  iterateAnswerObjects,
  removeStaleScores,
  type ScoreWrite,
  scoreWriter,
  storedInputHashes,
} from '../store/scores.ts';
import { getSchemeRow, putScheme } from '../store/scoring-schemes.ts';
import { fastHash } from './hash.ts';
import { compileScorer, type Scorer } from './respondent.ts';
import {
  canonicalScheme,
  levelsOf,
  type ScoringScheme,
  schemeError,
  schemeFromForm,
  validateScheme,
} from './scheme.ts';
import { parseStoredForm } from './stored-form.ts';

/** Stores a scheme (replacing an older definition under the same id) and returns it as stored. */
export function saveScheme(db: SqlDriver, scheme: ScoringScheme): ScoringScheme {
  const valid = validateScheme(scheme, `scheme ${scheme.id}`);
  putScheme(db, { id: valid.id, name: valid.name, definition: canonicalScheme(valid) });
  return valid;
}

/** Reads a stored scheme; a missing id is an error the user can act on. */
export function loadScheme(db: SqlDriver, schemeId: string): ScoringScheme {
  const row = getSchemeRow(db, schemeId);
  if (!row) throw schemeError(`scoring scheme "${schemeId}" is not in this database.`);
  return validateScheme(JSON.parse(row.definition), `stored scheme ${schemeId}`);
}

/** Stores the scheme the form asks for (its `scoring` sheet, else the national rule) and returns it. */
export function ensureDefaultScheme(db: SqlDriver, form: Form): ScoringScheme {
  return saveScheme(db, schemeFromForm(form));
}

export interface RescoreOptions {
  /** Only interviews of this form (all versions). */
  formId?: string;
  /** A stored scheme to score with. */
  schemeId?: string;
  /** A scheme to store and score with (e.g. from `--scheme FILE`). */
  scheme?: ScoringScheme;
  progress?: (fraction: number, message?: string) => void;
}

export interface RescoreResult {
  /** Final interviews scored (all of them, whether their stored score changed or not). */
  scored: number;
  /** Scores written because they were new or their input changed. */
  written: number;
  unchanged: number;
  /** Stored scores dropped because their interview is no longer final. */
  removed: number;
  /** Level → number of respondents, in the scheme's order (highest first). */
  byLevel: Record<string, number>;
  literate: number;
  vetoed: number;
  forms: { formId: string; formVersion: string; schemeId: string; interviews: number; max: number }[];
}

interface FormPlan {
  formId: string;
  formVersion: string;
  scheme: ScoringScheme;
  scorer: Scorer;
  prefix: string;
  stored: Map<string, string>;
  interviews: number;
}

export function rescoreInterviews(db: SqlDriver, opts: RescoreOptions = {}): RescoreResult {
  const fixed = opts.scheme ? saveScheme(db, opts.scheme) : opts.schemeId ? loadScheme(db, opts.schemeId) : undefined;
  const result: RescoreResult = {
    scored: 0,
    written: 0,
    unchanged: 0,
    removed: 0,
    byLevel: {},
    literate: 0,
    vetoed: 0,
    forms: [],
  };
  if (fixed) for (const l of levelsOf(fixed)) result.byLevel[l] = 0;
  const scoredAt = nowIso();
  db.transaction(() => {
    // Compile each form version once; stored hashes are read once per scheme.
    const plans = new Map<string, FormPlan>();
    const storedBySchema = new Map<string, Map<string, string>>();
    for (const f of formsWithFinalInterviews(db, opts.formId)) {
      const form = parseStoredForm(f.definition, f.form_id, f.version);
      const scheme = fixed ?? ensureDefaultScheme(db, form);
      for (const l of levelsOf(scheme)) result.byLevel[l] ??= 0;
      const scorer = compileScorer(form, scheme);
      let stored = storedBySchema.get(scheme.id);
      if (!stored) {
        stored = storedInputHashes(db, scheme.id);
        storedBySchema.set(scheme.id, stored);
      }
      plans.set(`${f.form_id}\u0000${f.version}`, {
        formId: f.form_id,
        formVersion: f.version,
        scheme,
        scorer,
        prefix: `${f.definition_checksum}\n${fastHash(canonicalScheme(scheme))}\n`,
        stored,
        interviews: 0,
      });
    }
    const planOf = new Map<string, FormPlan>();
    for (const iv of finalInterviews(db, opts.formId)) {
      const plan = plans.get(`${iv.form_id}\u0000${iv.form_version}`);
      if (plan) planOf.set(iv.interview_id, plan);
    }
    const total = planOf.size;
    // better-sqlite3 cannot write while a query is being read: changed scores wait until the read is done.
    const pending: { schemeId: string; row: ScoreWrite }[] = [];
    const values: (string | null | undefined)[] = [];
    const scoreOne = (id: string, plan: FormPlan, answers: Record<string, string | null>) => {
      const fields = plan.scorer.compiled.inputFields;
      values.length = fields.length;
      for (let i = 0; i < fields.length; i++) values[i] = answers[fields[i]!];
      const s = plan.scorer.scoreValues(values, false);
      plan.interviews++;
      result.scored++;
      result.byLevel[s.level] = (result.byLevel[s.level] ?? 0) + 1;
      if (s.literate) result.literate++;
      if (s.vetoed) result.vetoed++;
      // null, undefined and '' all mean unanswered; \u001e cannot occur in a choice name or a number.
      const hash = fastHash(plan.prefix + values.join('\u001e'));
      if (plan.stored.get(id) === hash) {
        result.unchanged++;
        return;
      }
      const dims: Record<string, number> = {};
      for (const d in s.dimensions) dims[d] = s.dimensions[d]!.points;
      pending.push({
        schemeId: plan.scheme.id,
        row: {
          interviewId: id,
          total: s.total,
          maxTotal: s.max,
          percent: s.percent,
          level: s.level,
          literate: s.literate,
          vetoed: s.vetoed,
          dimensions: JSON.stringify(dims),
          inputHash: hash,
        },
      });
      if (opts.progress && result.scored % 10_000 === 0) opts.progress(result.scored / total, 'scoring');
    };
    for (const row of iterateAnswerObjects(db)) {
      const plan = planOf.get(row.id);
      if (!plan) continue;
      planOf.delete(row.id);
      scoreOne(row.id, plan, JSON.parse(row.answers) as Record<string, string | null>);
    }
    // Final interviews without a single answer score 0 (everything unanswered).
    for (const [id, plan] of planOf) scoreOne(id, plan, {});

    const writers = new Map<string, (s: ScoreWrite) => void>();
    for (const p of pending) {
      let w = writers.get(p.schemeId);
      if (!w) {
        w = scoreWriter(db, p.schemeId, scoredAt);
        writers.set(p.schemeId, w);
      }
      w(p.row);
    }
    result.written = pending.length;
    for (const plan of plans.values()) {
      result.forms.push({
        formId: plan.formId,
        formVersion: plan.formVersion,
        schemeId: plan.scheme.id,
        interviews: plan.interviews,
        max: plan.scorer.compiled.max,
      });
    }
    const schemeIds = fixed ? [fixed.id] : [...storedBySchema.keys()];
    for (const id of schemeIds) result.removed += removeStaleScores(db, id);
  });
  return result;
}
