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
  byInterviewId,
  copyScoresRelevelled,
  finalInterviewStamps,
  formsWithFinalInterviews,
  type LevelsByTally,
  outcomeOf,
  parseOutcome,
  putScoreSet,
  readStoredScores,
  relevelScores,
  relevelTallies,
  removeStaleScores,
  restampScores,
  type ScoreWrite,
  scoreSetOf,
  storedOutcome,
  storedResultKey,
  storedStampIs,
  tallyDonor,
  writeScores,
} from '../store/scores.ts';
import { getSchemeRow, putScheme } from '../store/scoring-schemes.ts';
import { fastHash } from '../util/hash.ts';
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
import { addTally, type Classified, Groups, parseTallyKey, tallyHashOf, tallyKey } from './stored-tallies.ts';

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

/** `{"dimension":points,…}` without an object per respondent (keys JSON-quoted with their colon). */
function dimensionsJson(dimKeys: readonly string[], points: readonly number[]): string {
  let out = '{';
  for (let i = 0; i < dimKeys.length; i++) out += `${i > 0 ? ',' : ''}${dimKeys[i]}${points[i]}`;
  return `${out}}`;
}

/** Interviews to score below which their answers are read by key rather than every answer pack. */
const FEW = 1_000;

/** The id of an interview key (json_quote'd). JSON.parse also gives a flat string: sorting slices costs 4× more. */
function idOf(key: string): string {
  return JSON.parse(key) as string;
}

/**
 * The keys of a stored list other than those of `rows` (positions in `keys`), when there are at most as many of them
 * as rows (a statement over the whole list, minus these, then does less than one per row); else undefined.
 */
function keysBesides(
  list: Map<string, string>,
  rows: readonly number[],
  keys: readonly string[],
): string[] | undefined {
  const others = list.size - rows.length;
  if (others > rows.length) return undefined;
  if (others === 0) return [];
  const mine = new Set<string>();
  for (const k of rows) mine.add(keys[k]!);
  const out: string[] = [];
  for (const key of list.keys()) if (!mine.has(key)) out.push(key);
  return out;
}

/**
 * Scores every final interview and stores the scores whose result changed. An interview is scored again when its
 * stamp (revision, content hash, update time) differs from its stored score's, or when the form or
 * scheme changed since the last check of its version (score_sets): a changed answer of a final interview always
 * comes with a new revision (amendment, merge), so an unchanged re-run scores nothing. Answers come from the answer
 * pack of the interview's current stamp, else from the answers table (which also refills the pack); `full` reads
 * the answers table for every interview (e.g. after editing answers outside scilit). A score is written only when
 * its result differs from the stored one (a threshold moved: only the respondents it moves), else at most its stamp.
 * When only the scheme's rule changed (cut-offs, levels, rule; not its don't-know answers or vetoes, nor the form),
 * a current stored score's tally is classified again without reading answers; a scheme's first use on a version
 * takes the tallies of another scheme that counted them the same way (see stored-tallies.ts).
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
  const count = (level: string, literate: boolean, vetoed: boolean, n = 1) => {
    result.byLevel[level] = (result.byLevel[level] ?? 0) + n;
    if (literate) result.literate += n;
    if (vetoed) result.vetoed += n;
  };
  const scoredAt = nowIso();
  db.transaction(() => {
    const schemeIds = new Set<string>(fixed ? [fixed.id] : []);
    const versions = formsWithFinalInterviews(db, opts.formId);
    // Read once for all versions, and only when needed: every pack, and each scheme's stored scores.
    let packs: Map<string, string> | undefined;
    const storedBy = new Map<string, Map<string, string>>();
    // Schemes given new scores in this run: their stored scores are more than their cached list says.
    const writtenSchemes = new Set<string>();
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
      const tallyHash = tallyHashOf(f.definition_checksum, scheme);
      const set = scoreSetOf(db, scheme.id, f.form_id, f.version);
      const all = opts.full === true || set?.schemeHash !== setHash;
      // Stored tallies still mean what they meant (same form, don't-know answers and vetoes): a changed rule only
      // classifies them again. A scheme without them (first use) may take another scheme's, made the same way.
      const ownTallies = all && opts.full !== true && set?.tallyHash === tallyHash;
      const donorId =
        all && opts.full !== true && !ownTallies
          ? tallyDonor(db, scheme.id, f.form_id, f.version, tallyHash)
          : undefined;
      // An interview belongs to one version, so writes for this version leave the cache right for the next ones.
      const stored = storedBy.get(scheme.id) ?? readStoredScores(db, scheme.id);
      storedBy.set(scheme.id, stored);
      // Only this scheme's stored scores are written: a donor's cached list stays right.
      const donor = donorId === undefined ? undefined : (storedBy.get(donorId) ?? readStoredScores(db, donorId));
      if (donorId !== undefined) storedBy.set(donorId, donor!);
      // Stored tallies usable: few scores are written one by one (the writers sort them), no sort of every interview.
      const reuse = opts.full !== true && (!all || ownTallies || donorId !== undefined);
      const { keys, stamps } = finalInterviewStamps(db, f.form_id, f.version, !reuse);
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
      const toScore: number[] = [];
      const fromAnswers: number[] = [];
      // Stored scores still current: counted by their outcome string, parsed once per distinct one at the end.
      const outcomes = new Map<string, number>();
      // Stored tallies classified under this scheme, once per distinct tally (a survey has a few thousand).
      const classified = new Map<string, Classified | null>();
      const classifyStored = (key: string) => {
        let c = classified.get(key);
        if (c === undefined) {
          const t = parseTallyKey(key, dimSig, dimNames.length);
          if (t === undefined) c = null;
          else {
            const cl = scorer.classify(t);
            const outcome = outcomeOf(cl.literate, t.vetoed, quotedLevels.get(cl.level) ?? JSON.stringify(cl.level));
            c = { ...t, ...cl, key, outcome, dimensions: dimensionsJson(dimKeys, t.points) };
          }
          classified.set(key, c);
        }
        return c;
      };
      // Interviews whose stored tally (own, or the donor's where this scheme has no score) is classified again,
      // grouped by what their stored entry says after the stamp: tally and outcome.
      const own = new Groups(classifyStored);
      const given = new Groups(classifyStored);

      const store = (k: number, key: string, outcome: string, s: () => ScoreWrite) => {
        const before = stored.get(keys[k]!);
        if (before !== undefined && storedResultKey(before) === key && storedOutcome(before) === outcome) {
          result.unchanged++;
          if (!storedStampIs(before, stamps[k]!)) restamp.push([idOf(keys[k]!), stamps[k]!]);
          return;
        }
        pending.push(s());
      };
      const fromTally = (k: number, c: Classified): ScoreWrite => ({
        interviewId: idOf(keys[k]!),
        total: c.total,
        maxTotal: scorer.compiled.max,
        percent: c.percent,
        level: c.level,
        literate: c.literate,
        vetoed: c.vetoed,
        dimensions: c.dimensions,
        resultKey: c.key,
        inputStamp: stamps[k]!,
      });

      const score = (k: number) => {
        const s = scorer.scoreValues(values, false);
        count(s.level, s.literate, s.vetoed);
        const key = tallyKey(s, dimNames, dimSig);
        const outcome = outcomeOf(s.literate, s.vetoed, quotedLevels.get(s.level) ?? JSON.stringify(s.level));
        store(k, key, outcome, () => ({
          interviewId: idOf(keys[k]!),
          total: s.total,
          maxTotal: s.max,
          percent: s.percent,
          level: s.level,
          literate: s.literate,
          vetoed: s.vetoed,
          dimensions: dimensionsJson(
            dimKeys,
            dimNames.map((d) => s.dimensions[d]!.points),
          ),
          resultKey: key,
          inputStamp: stamps[k]!,
        }));
      };

      for (let k = 0; k < keys.length; k++) {
        const before = stored.get(keys[k]!);
        const current = before !== undefined && storedStampIs(before, stamps[k]!);
        if (current && !all) {
          const outcome = storedOutcome(before);
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
          continue;
        }
        if (current && ownTallies && own.add(k, before.slice(stamps[k]!.length + 1))) continue;
        const lent = donor?.get(keys[k]!);
        if (lent !== undefined && storedStampIs(lent, stamps[k]!)) {
          if (before === undefined) {
            if (given.add(k, lent.slice(stamps[k]!.length + 1))) continue;
          } else {
            const c = classifyStored(storedResultKey(lent));
            if (c) {
              count(c.level, c.literate, c.vetoed);
              store(k, c.key, c.outcome, () => fromTally(k, c));
              continue;
            }
          }
        }
        toScore.push(k);
      }
      // Reading every pack pays off for many interviews to score; a few are read from their answers (by key).
      if (usePacks && (packs !== undefined || toScore.length > FEW)) packs ??= readAnswerPacks(db);
      for (const k of toScore) {
        const packed = packs && usePacks ? currentPack(packs.get(keys[k]!), packPrefix, stamps[k]!) : undefined;
        if (packed === undefined) {
          fromAnswers.push(k);
          continue;
        }
        unpackAnswers(packed, position, values);
        score(k);
      }
      // Reclassified own tallies: only those whose outcome changed are written, in one pass when they are all the
      // scheme's stored scores, else one by one.
      const relevel: LevelsByTally = { levels: new Map(), scores: new Map(), literate: [] };
      let unchangedGroups = 0;
      for (const g of own.groups.values()) {
        const c = g.c;
        if (c === null) continue; // an unreadable tally: those interviews were scored from their answers
        count(c.level, c.literate, c.vetoed, g.n);
        if (g.outcome === c.outcome) {
          result.unchanged += g.n;
          unchangedGroups++;
        } else {
          result.written += g.n;
          addTally(relevel, c, g.n);
        }
      }
      if (relevel.literate.length + relevel.levels.size > 0) {
        // In one pass over the scheme's scores, minus those not reclassified here (stale, other versions), when
        // they are few and the cached list says which (not when this run already added scores to the scheme).
        const except = writtenSchemes.has(scheme.id) ? undefined : keysBesides(stored, own.rows, keys);
        if (except !== undefined) relevelTallies(db, scheme.id, scoredAt, relevel, unchangedGroups === 0, except);
        else {
          const rows: { interviewId: string; level: string; literate: boolean }[] = [];
          for (const k of own.rows) {
            const g = own.groups.get(stored.get(keys[k]!)!.slice(stamps[k]!.length + 1))!;
            if (g.outcome !== g.c!.outcome)
              rows.push({ interviewId: idOf(keys[k]!), level: g.c!.level, literate: g.c!.literate });
          }
          relevelScores(db, scheme.id, scoredAt, rows);
        }
      }
      // Tallies lent by another scheme: new scores, copied in one statement (as above), else one by one.
      if (given.rows.length > 0) {
        const copy: LevelsByTally = { levels: new Map(), scores: new Map(), literate: [] };
        for (const g of given.groups.values()) {
          if (g.c === null) continue;
          count(g.c.level, g.c.literate, g.c.vetoed, g.n);
          addTally(copy, g.c, g.n);
        }
        const except = writtenSchemes.has(donorId!) ? undefined : keysBesides(donor!, given.rows, keys);
        if (except !== undefined) copyScoresRelevelled(db, donorId!, scheme.id, scoredAt, copy, except);
        else
          for (const k of given.rows)
            pending.push(fromTally(k, given.groups.get(donor!.get(keys[k]!)!.slice(stamps[k]!.length + 1))!.c!));
        result.written += given.rows.length;
      }
      for (const [outcome, n] of outcomes) {
        const t = parseOutcome(outcome);
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
      if (reuse) newPacks.sort(byInterviewId);
      writeAnswerPacks(db, newPacks);
      writeScores(db, scheme.id, scoredAt, pending);
      restampScores(db, scheme.id, restamp);
      putScoreSet(db, scheme.id, f.form_id, f.version, setHash, tallyHash);
      writtenSchemes.add(scheme.id);
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
