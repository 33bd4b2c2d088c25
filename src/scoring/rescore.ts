/**
 * Stored scores: every final interview scored under a scheme, stamped with the interview's state and checked
 * against the form and scheme they were made under (score_sets), so that a rescore writes only what changed and a
 * changed scheme, form or answer is always picked up.
 */
import type { Form } from '../form/model.ts';
import {
  type AnswerPack,
  currentPack,
  packAnswers,
  packFieldsOf,
  packFieldsStamp,
  readAnswerPacks,
  unpackAnswers,
  writeAnswerPacks,
} from '../store/answer-packs.ts';
import { nowIso } from '../store/audit.ts';
import type { SqlDriver } from '../store/driver.ts';
import {
  answersByKey,
  finalInterviewStamps,
  formsWithFinalInterviews,
  parseTally,
  putScoreSetHash,
  readStoredScores,
  removeStaleScores,
  restampScores,
  type ScoreWrite,
  scoreSetHash,
  storedResultKey,
  storedStampIs,
  storedTally,
  writeScores,
} from '../store/scores.ts';
import { getSchemeRow, putScheme } from '../store/scoring-schemes.ts';
import { fastHash } from '../util/hash.ts';
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
 * Everything a stored score says, in one short string: percent follows from total and max, and the dimensions' names
 * and order are in `dimSig` (a hash of them), so their points are enough. Equal keys, equal stored rows. The level
 * is JSON-quoted: a key never holds a control character.
 */
function resultKey(s: RespondentScore, quotedLevel: string, dimNames: readonly string[], dimSig: string): string {
  let key = `${s.total}|${s.max}|${quotedLevel}|${s.literate ? 1 : 0}${s.vetoed ? 1 : 0}|${dimSig}|`;
  for (let i = 0; i < dimNames.length; i++) key += `${i > 0 ? ',' : ''}${s.dimensions[dimNames[i]!]!.points}`;
  return key;
}

/** The id of an interview key (json_quote'd). JSON.parse also gives a flat string: sorting slices costs 4× more. */
function idOf(key: string): string {
  return JSON.parse(key) as string;
}

/**
 * Scores every final interview and stores the scores whose result changed. An interview is scored again when its
 * stamp (revision, content hash, update time) differs from its stored score's, or when the form or
 * scheme changed since the last check of its version (score_sets): a changed answer of a final interview always
 * comes with a new revision (amendment, merge), so an unchanged re-run scores nothing. Answers come from the answer
 * pack of the interview's current stamp, else from the answers table (which also refills the pack); `full` reads
 * the answers table for every interview (e.g. after editing answers outside scilit). A score is written only when
 * its result differs from the stored one (a threshold moved: only the respondents it moves), else at most its stamp.
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
  const count = (level: string, literate: boolean, vetoed: boolean) => {
    result.byLevel[level] = (result.byLevel[level] ?? 0) + 1;
    if (literate) result.literate++;
    if (vetoed) result.vetoed++;
  };
  const scoredAt = nowIso();
  db.transaction(() => {
    const schemeIds = new Set<string>(fixed ? [fixed.id] : []);
    const versions = formsWithFinalInterviews(db, opts.formId);
    // Read once for all versions, and only when needed: every pack, and each scheme's stored scores.
    let packs: Map<string, string> | undefined;
    const storedBy = new Map<string, Map<string, string>>();
    for (const [n, f] of versions.entries()) {
      const form = parseStoredForm(f.definition, f.form_id, f.version);
      const scheme = fixed ?? ensureDefaultScheme(db, form);
      schemeIds.add(scheme.id);
      for (const l of levelsOf(scheme)) result.byLevel[l] ??= 0;
      const scorer = compileScorer(form, scheme);
      const fields = scorer.compiled.inputFields;
      // A changed form or scheme makes every stored score of this version suspect: all are scored again, and only
      // those whose result differs are written. Otherwise only interviews with a new stamp.
      const setHash = fastHash(`${f.definition_checksum}\n${canonicalScheme(scheme)}`);
      const all = opts.full === true || scoreSetHash(db, scheme.id, f.form_id, f.version) !== setHash;
      // An interview belongs to one version, so writes for this version leave the cache right for the next ones.
      const stored = storedBy.get(scheme.id) ?? readStoredScores(db, scheme.id);
      storedBy.set(scheme.id, stored);
      const { keys, stamps } = finalInterviewStamps(db, f.form_id, f.version);
      const values: (string | undefined)[] = new Array(fields.length);
      const dimNames = scorer.compiled.dimensions;
      const dimKeys = dimNames.map((d) => `${JSON.stringify(d)}:`);
      // A merge may move an interview to another form version whose dimensions are named otherwise.
      const dimSig = fastHash(JSON.stringify(dimNames)).slice(0, 8);
      const quotedLevels = new Map(levelsOf(scheme).map((l) => [l, JSON.stringify(l)]));
      // Answer packs hold the form's fields in form order; the scorer reads its inputs at these positions.
      const packFields = packFieldsOf(form);
      // Packs stay valid through a change of the form that keeps its fields (only their order matters to a pack).
      const packPrefix = packFieldsStamp(packFields);
      const position = fields.map((fd) => packFields.indexOf(fd));
      // A scheme reading a field the form does not have (a veto on an extra column): no packs, answers every time.
      const packable = !position.includes(-1);
      const usePacks = packable && opts.full !== true;
      const pending: ScoreWrite[] = [];
      const newPacks: AnswerPack[] = [];
      const restamp: [string, string][] = [];
      const fromAnswers: number[] = [];
      // Stored scores still current: counted by their tally string, parsed once per distinct one at the end.
      const tallies = new Map<string, number>();

      const score = (k: number) => {
        const s = scorer.scoreValues(values, false);
        count(s.level, s.literate, s.vetoed);
        const key = resultKey(s, quotedLevels.get(s.level) ?? JSON.stringify(s.level), dimNames, dimSig);
        const before = stored.get(keys[k]!);
        if (before !== undefined && storedResultKey(before) === key) {
          result.unchanged++;
          if (!storedStampIs(before, stamps[k]!)) restamp.push([idOf(keys[k]!), stamps[k]!]);
          return;
        }
        const dimensions = dimensionsJson(dimNames, dimKeys, s);
        pending.push({
          interviewId: idOf(keys[k]!),
          total: s.total,
          maxTotal: s.max,
          percent: s.percent,
          level: s.level,
          literate: s.literate,
          vetoed: s.vetoed,
          dimensions,
          resultKey: key,
          inputStamp: stamps[k]!,
        });
      };

      for (let k = 0; k < keys.length; k++) {
        const before = stored.get(keys[k]!);
        if (!all && before !== undefined && storedStampIs(before, stamps[k]!)) {
          const tally = storedTally(before);
          tallies.set(tally, (tallies.get(tally) ?? 0) + 1);
          continue;
        }
        if (usePacks) packs ??= readAnswerPacks(db);
        const packed = usePacks ? currentPack(packs!.get(keys[k]!), packPrefix, stamps[k]!) : undefined;
        if (packed === undefined) {
          fromAnswers.push(k);
          continue;
        }
        unpackAnswers(packed, position, values);
        score(k);
      }
      for (const [tally, n] of tallies) {
        const t = parseTally(tally);
        result.unchanged += n;
        result.byLevel[t.level] = (result.byLevel[t.level] ?? 0) + n;
        if (t.literate) result.literate += n;
        if (t.vetoed) result.vetoed += n;
      }
      // Interviews without a current pack: their answers, and a new pack for next time.
      const answers = answersByKey(
        db,
        fromAnswers.map((k) => keys[k]!),
      );
      for (const k of fromAnswers) {
        const json = answers.get(keys[k]!);
        const byField: Record<string, string | null> = json === undefined ? {} : JSON.parse(json);
        for (let i = 0; i < fields.length; i++) values[i] = byField[fields[i]!] ?? undefined;
        const packed = packable ? packAnswers(packFields, byField) : null;
        if (packed !== null) newPacks.push({ interviewId: idOf(keys[k]!), stamp: packPrefix + stamps[k]!, packed });
        score(k);
      }
      writeAnswerPacks(db, newPacks);
      writeScores(db, scheme.id, scoredAt, pending);
      restampScores(db, scheme.id, restamp);
      putScoreSetHash(db, scheme.id, f.form_id, f.version, setHash);
      result.written += pending.length;
      result.scored += keys.length;
      opts.progress?.((n + 1) / versions.length, `scored ${f.form_id} ${f.version}`);
      result.forms.push({
        formId: f.form_id,
        formVersion: f.version,
        schemeId: scheme.id,
        interviews: keys.length,
        max: scorer.compiled.max,
      });
    }
    for (const id of schemeIds) result.removed += removeStaleScores(db, id);
  });
  return result;
}
