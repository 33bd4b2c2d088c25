/**
 * Stored scores: every final interview scored under a scheme, with an input hash over what was scored (form
 * definition, scheme, the answers the score depends on), so that a rescore writes only what changed and a
 * changed scheme, form or answer is always picked up.
 */
import type { Form } from '../form/model.ts';
import { nowIso } from '../store/audit.ts';
import type { SqlDriver } from '../store/driver.ts';
import {
  formsWithFinalInterviews,
  iteratePackedAnswers,
  removeStaleScores,
  type ScoreWrite,
  scoreWriter,
  storedInputHashes,
  unpackAnswers,
} from '../store/scores.ts';
import { getSchemeRow, putScheme } from '../store/scoring-schemes.ts';
import { fastHash } from './hash.ts';
import { compileScorer } from './respondent.ts';
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

export function rescoreInterviews(db: SqlDriver, opts: RescoreOptions = {}): RescoreResult {
  const fixed = opts.scheme ? saveScheme(db, opts.scheme) : opts.schemeId ? loadScheme(db, opts.schemeId) : undefined;
  const forms = formsWithFinalInterviews(db, opts.formId);
  const total = forms.reduce((a, f) => a + f.n, 0);
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
  const schemesUsed = new Set<string>();
  const scoredAt = nowIso();
  db.transaction(() => {
    for (const f of forms) {
      const form = parseStoredForm(f.definition, f.form_id, f.version);
      const scheme = fixed ?? ensureDefaultScheme(db, form);
      schemesUsed.add(scheme.id);
      for (const l of levelsOf(scheme)) result.byLevel[l] ??= 0;
      const scorer = compileScorer(form, scheme);
      const prefix = `${f.definition_checksum}\n${fastHash(canonicalScheme(scheme))}\n`;
      const stored = storedInputHashes(db, scheme.id, f.form_id, f.version);
      // better-sqlite3 cannot write while a query is being read: changed scores wait until the read is done.
      const pending: ScoreWrite[] = [];
      const answers = new Map<string, string>();
      const lookup = (field: string) => answers.get(field);
      for (const row of iteratePackedAnswers(db, f.form_id, f.version, scorer.compiled.inputFields)) {
        unpackAnswers(row.packed, answers);
        const s = scorer.score(lookup, false);
        result.scored++;
        result.byLevel[s.level] = (result.byLevel[s.level] ?? 0) + 1;
        if (s.literate) result.literate++;
        if (s.vetoed) result.vetoed++;
        const hash = fastHash(prefix + (row.packed ?? ''));
        if (stored.get(row.id) === hash) {
          result.unchanged++;
        } else {
          const dims: Record<string, number> = {};
          for (const [d, v] of Object.entries(s.dimensions)) dims[d] = v.points;
          pending.push({
            interviewId: row.id,
            total: s.total,
            maxTotal: s.max,
            percent: s.percent,
            level: s.level,
            literate: s.literate,
            vetoed: s.vetoed,
            dimensions: JSON.stringify(dims),
            inputHash: hash,
          });
          result.written++;
        }
        if (opts.progress && result.scored % 10_000 === 0) opts.progress(result.scored / total, 'scoring');
      }
      const write = scoreWriter(db, scheme.id, scoredAt);
      for (const p of pending) write(p);
      result.forms.push({
        formId: f.form_id,
        formVersion: f.version,
        schemeId: scheme.id,
        interviews: f.n,
        max: scorer.compiled.max,
      });
    }
    for (const id of fixed ? [fixed.id] : schemesUsed) result.removed += removeStaleScores(db, id);
  });
  return result;
}
