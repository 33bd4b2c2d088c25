/**
 * Stored scores: every final interview scored under a scheme, with an input hash over what was scored (form
 * definition, scheme, the answers the score depends on), so that a rescore writes only what changed and a
 * changed scheme, form or answer is always picked up.
 */
import { allFields, type Form } from '../form/model.ts';
import { type AnswerPack, packAnswers, unpackAnswers, writeAnswerPacks } from '../store/answer-packs.ts';
import { nowIso } from '../store/audit.ts';
import type { SqlDriver } from '../store/driver.ts';
import {
  currentScoreCounts,
  formsWithFinalInterviews,
  putScoreSetHash,
  removeStaleScores,
  restampScores,
  type ScoreWrite,
  scoreSetHash,
  scoringInputs,
  writeScores,
} from '../store/scores.ts';
import { getSchemeRow, putScheme } from '../store/scoring-schemes.ts';
import { fastHash } from './hash.ts';
import { compileScorer, type RespondentScore } from './respondent.ts';
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
  /** Read every final interview's answers, even those whose stamp says nothing changed. */
  full?: boolean;
  progress?: (fraction: number, message?: string) => void;
}

export interface RescoreResult {
  /** Final interviews scored (all of them, whether their stored score changed or not). */
  scored: number;
  /** Scores written because they were new or their result changed. */
  written: number;
  /** Scores already stored with the same result. */
  unchanged: number;
  /** Stored scores dropped because their interview is no longer final. */
  removed: number;
  /** Level → number of respondents, in the scheme's order (highest first). */
  byLevel: Record<string, number>;
  literate: number;
  vetoed: number;
  forms: { formId: string; formVersion: string; schemeId: string; interviews: number; max: number }[];
}

/** `{"dimension":points,…}` without an object per respondent. */
function dimensionsJson(names: readonly string[], keys: readonly string[], s: RespondentScore): string {
  let out = '{';
  for (let i = 0; i < names.length; i++) out += `${i > 0 ? ',' : ''}${keys[i]}${s.dimensions[names[i]!]!.points}`;
  return `${out}}`;
}

/**
 * Scores every final interview and stores the scores whose result changed. An interview is read only when its
 * stamp (form definition hash, updated_at, revision, content hash) differs from the stored score's, or when the
 * form or scheme changed since the last check of its version (score_sets): a changed answer of a final interview
 * always comes with a new revision (amendment, merge), so an unchanged re-run reads no answers. `full` reads every
 * interview's answers from the answers table anyway (e.g. after editing answers outside scilit). Among the
 * interviews read, a score is written only when its result differs from the stored one (a threshold moved: only
 * the respondents it moves), else at most its stamp.
 */
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
    const schemeIds = new Set<string>(fixed ? [fixed.id] : []);
    const versions = formsWithFinalInterviews(db, opts.formId);
    for (const [n, f] of versions.entries()) {
      const form = parseStoredForm(f.definition, f.form_id, f.version);
      const scheme = fixed ?? ensureDefaultScheme(db, form);
      schemeIds.add(scheme.id);
      for (const l of levelsOf(scheme)) result.byLevel[l] ??= 0;
      const scorer = compileScorer(form, scheme);
      const fields = scorer.compiled.inputFields;
      // A changed form or scheme makes every stored score of this version suspect: all are read and scored
      // again, and only those whose result differs are written. Otherwise only interviews with a new stamp.
      const setHash = fastHash(`${f.definition_checksum}\n${canonicalScheme(scheme)}`);
      const all = opts.full === true || scoreSetHash(db, scheme.id, f.form_id, f.version) !== setHash;
      const query = {
        formId: f.form_id,
        formVersion: f.version,
        schemeId: scheme.id,
        stampPrefix: `${fastHash(f.definition_checksum)}|`,
        all,
        fromAnswers: opts.full === true,
      };
      let interviews = 0;
      for (const c of all ? [] : currentScoreCounts(db, query)) {
        interviews += c.n;
        result.unchanged += c.n;
        result.byLevel[c.level] = (result.byLevel[c.level] ?? 0) + c.n;
        if (c.literate) result.literate += c.n;
        if (c.vetoed) result.vetoed += c.n;
      }
      const values: (string | undefined)[] = new Array(fields.length);
      const dimNames = scorer.compiled.dimensions;
      const dimKeys = dimNames.map((d) => `${JSON.stringify(d)}:`);
      // Answer packs hold the form's fields in form order; the scorer reads its inputs at these positions.
      const packFields = allFields(form).map((fd) => fd.name);
      // Packs stay valid through a change of the form that keeps its fields (only their order matters to a pack).
      const packPrefix = `${fastHash(JSON.stringify(packFields))}|`;
      const position = fields.map((fd) => packFields.indexOf(fd));
      // A scheme reading a field the form does not have (a veto on an extra column): no packs, answers every time.
      const usePacks = !position.includes(-1);
      // better-sqlite3 cannot write while a query is being read: changed scores wait until the read is done.
      const pending: ScoreWrite[] = [];
      const packs: AnswerPack[] = [];
      const restamp: [string, string][] = [];
      for (const row of scoringInputs(db, { ...query, packPrefix: usePacks ? packPrefix : null })) {
        const stamp = query.stampPrefix + row.interviewStamp;
        const packStamp = packPrefix + row.interviewStamp;
        // The same test as scoringInputs' SQL: where it fails, SQLite has read the answers.
        if (usePacks && !query.fromAnswers && row.packed !== null && row.packStamp === packStamp) {
          const pack = unpackAnswers(row.packed);
          for (let i = 0; i < fields.length; i++) values[i] = pack[position[i]!];
        } else {
          const answers: Record<string, string | null> = row.answers === null ? {} : JSON.parse(row.answers);
          for (let i = 0; i < fields.length; i++) values[i] = answers[fields[i]!] ?? undefined;
          const packed = usePacks ? packAnswers(packFields, answers) : null;
          if (packed !== null) packs.push({ interviewId: row.id, stamp: packStamp, packed });
        }
        const s = scorer.scoreValues(values, false);
        interviews++;
        result.byLevel[s.level] = (result.byLevel[s.level] ?? 0) + 1;
        if (s.literate) result.literate++;
        if (s.vetoed) result.vetoed++;
        const dimensions = dimensionsJson(dimNames, dimKeys, s);
        // One short string stands for the stored result: comparing it costs less than reading every column.
        const resultHash = fastHash(
          `${s.total}|${s.max}|${s.percent}|${s.level}|${s.literate ? 1 : 0}|${s.vetoed ? 1 : 0}|${dimensions}`,
        );
        if (row.resultHash === resultHash) {
          result.unchanged++;
          if (row.storedStamp !== stamp) restamp.push([row.id, stamp]);
          continue;
        }
        pending.push({
          interviewId: row.id,
          total: s.total,
          maxTotal: s.max,
          percent: s.percent,
          level: s.level,
          literate: s.literate,
          vetoed: s.vetoed,
          dimensions,
          resultHash,
          inputStamp: stamp,
        });
      }
      writeAnswerPacks(db, packs);
      writeScores(db, scheme.id, scoredAt, pending);
      restampScores(db, scheme.id, restamp);
      putScoreSetHash(db, scheme.id, f.form_id, f.version, setHash);
      result.written += pending.length;
      result.scored += interviews;
      opts.progress?.((n + 1) / versions.length, `scored ${f.form_id} ${f.version}`);
      result.forms.push({
        formId: f.form_id,
        formVersion: f.version,
        schemeId: scheme.id,
        interviews,
        max: scorer.compiled.max,
      });
    }
    for (const id of schemeIds) result.removed += removeStaleScores(db, id);
  });
  return result;
}
