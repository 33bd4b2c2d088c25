/**
 * A rescore after a change of the scheme's rule (cut-offs, levels, another rule) classifies the tallies it stored
 * (points and items correct per dimension, veto) instead of reading the answers again; a scheme's first use takes
 * them from another scheme of the same form version. These stories check that the levels are exactly those worked
 * out by hand, that a tally is never reused when what it counts changed (don't-know answers, vetoes, an amended
 * interview), and that a first use gives what a fresh database gives.
 *
 * sixItemForm: k1 15 + k2 25 (knowledge 40), m1 20 (method), t1 20 (thinking; answer `a` vetoes), a1 10 + a2 10
 * (application 20); wrong answers score 0.
 *   r1  k1 m1 t1          = 55   items 3/6   knowledge 15 (1 item)  method 20  thinking 20  application 0
 *   r2  k1 k2 m1 a1       = 70   items 4/6   knowledge 40 (2 items) method 20  thinking 0   application 10 (50 %)
 *   r3  k2 m1 t1 a1 a2    = 85   items 5/6   knowledge 25 (1 item)  method 20  thinking 20  application 20 (100 %)
 *   r4  k1 k2 m1 a1 a2, t1 = a (veto): 80 points, always the lowest level, never literate
 *   r5  k1 "don't know", nothing else: 0
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import {
  listScores,
  NATIONAL_SCHEME_ID,
  nationalScheme,
  rescoreInterviews,
  type ScoringScheme,
  validateScheme,
} from '../../../src/scoring/index.ts';
import type { SqlDriver } from '../../../src/store/driver.ts';
import { amendInterview, getInterview } from '../../../src/store/interviews.ts';
import { sixAnswers, sixItemForm } from '../../fixtures/scoring/forms.ts';
import { interview, storeForm } from '../../fixtures/scoring/interviews.ts';
import { tempDir } from '../../helpers/tmp.ts';

function survey(): SqlDriver {
  const db = openDatabase(join(tempDir('scilit-tally-'), 'survey.sqlite'), { create: true });
  const form = sixItemForm();
  storeForm(db, form);
  // `fortune` is not an item: only a scheme veto reads it.
  interview(db, form, 'r1', { ...sixAnswers('k1', 'm1', 't1'), fortune: 'b' });
  interview(db, form, 'r2', { ...sixAnswers('k1', 'k2', 'm1', 'a1'), fortune: 'b' });
  interview(db, form, 'r3', { ...sixAnswers('k2', 'm1', 't1', 'a1', 'a2'), fortune: 'a' });
  interview(db, form, 'r4', { ...sixAnswers('k1', 'k2', 'm1', 'a1', 'a2'), t1: 'a' });
  interview(db, form, 'r5', { k1: 'dont_know' });
  return db;
}

type Row = [string, number, string, boolean, boolean];
function levels(db: SqlDriver, schemeId: string): Row[] {
  return listScores(db, schemeId).map((s) => [s.interviewId, s.total, s.level, s.literate, s.vetoed]);
}

/** Every stored column a reader sees, but the time of scoring. */
function rows(db: SqlDriver, schemeId: string) {
  return listScores(db, schemeId).map(({ scoredAt: _, ...rest }) => rest);
}

const national = nationalScheme();
const strictNational = validateScheme({ ...nationalScheme('>'), id: NATIONAL_SCHEME_ID });

function amend(db: SqlDriver, id: string, changes: Record<string, string | null>) {
  const iv = getInterview(db, id)!;
  amendInterview(db, {
    interviewId: id,
    changes,
    reason: 'call-back',
    expectedRevision: iv.revision,
    parentHash: iv.content_hash ?? '',
  });
}

describe('rescoring from stored tallies', () => {
  it('strict cut-offs (same scheme) move exactly the respondents at 55, 70 and 85', () => {
    const db = survey();
    rescoreInterviews(db);
    expect(levels(db, NATIONAL_SCHEME_ID)).toEqual([
      ['r1', 55, 'basic', false, false],
      ['r2', 70, 'literate', true, false],
      ['r3', 85, 'advanced', true, false],
      ['r4', 80, 'low', false, true],
      ['r5', 0, 'low', false, false],
    ]);
    // "> 55" fails at 55: r1 low; "> 70" fails at 70: r2 basic; "> 85" fails at 85: r3 literate.
    expect(rescoreInterviews(db, { scheme: strictNational })).toMatchObject({ written: 3, unchanged: 2 });
    expect(levels(db, NATIONAL_SCHEME_ID)).toEqual([
      ['r1', 55, 'low', false, false],
      ['r2', 70, 'basic', false, false],
      ['r3', 85, 'literate', true, false],
      ['r4', 80, 'low', false, true],
      ['r5', 0, 'low', false, false],
    ]);
    // And back: the same rows as the first scoring, dimensions and percent included.
    const first = survey();
    rescoreInterviews(first);
    rescoreInterviews(db, { scheme: national });
    expect(rows(db, NATIONAL_SCHEME_ID)).toEqual(rows(first, NATIONAL_SCHEME_ID));
  });

  it('every level renamed: every score rewritten with its new name, literate and vetoed kept', () => {
    const db = survey();
    rescoreInterviews(db);
    const renamed = validateScheme({
      ...national,
      levels: national.levels.map((l) => ({ ...l, level: `${l.level}-2` })),
      below: { ...national.below, level: 'low-2' },
      literateLevels: ['advanced-2', 'literate-2'],
    });
    expect(rescoreInterviews(db, { scheme: renamed })).toMatchObject({
      written: 5,
      unchanged: 0,
      byLevel: { 'advanced-2': 1, 'literate-2': 1, 'basic-2': 1, 'low-2': 2 },
      literate: 2,
      vetoed: 1,
    });
    expect(levels(db, NATIONAL_SCHEME_ID)).toEqual([
      ['r1', 55, 'basic-2', false, false],
      ['r2', 70, 'literate-2', true, false],
      ['r3', 85, 'advanced-2', true, false],
      ['r4', 80, 'low-2', false, true],
      ['r5', 0, 'low-2', false, false],
    ]);
  });

  it("a scheme whose don't-know answers or vetoes changed scores from the answers again", () => {
    const db = survey();
    rescoreInterviews(db);
    // "12" declared a don't-know answer: a1 (numeric, key 12) answered 12 now scores 0, not 10.
    // r2 70 - 10 = 60 basic; r3 85 - 10 = 75 literate; r4 vetoed anyway; r1 and r5 did not answer 12.
    const dk = validateScheme({ ...national, dontKnow: ['dont_know', '12'] });
    expect(rescoreInterviews(db, { scheme: dk })).toMatchObject({ written: 3, unchanged: 2 });
    expect(levels(db, NATIONAL_SCHEME_ID)).toEqual([
      ['r1', 55, 'basic', false, false],
      ['r2', 60, 'basic', false, false],
      ['r3', 75, 'literate', true, false],
      ['r4', 70, 'low', false, true],
      ['r5', 0, 'low', false, false],
    ]);
    // A scheme veto on `fortune` = a: r3 (75 points) is vetoed, lowest level.
    const veto = validateScheme({ ...dk, vetoes: [{ field: 'fortune', answers: ['a'] }] });
    expect(rescoreInterviews(db, { scheme: veto })).toMatchObject({ written: 1, vetoed: 2 });
    expect(levels(db, NATIONAL_SCHEME_ID)[2]).toEqual(['r3', 75, 'low', false, true]);
    // Without the form's veto column, r4 (t1 = a, 70 points under this dontKnow) is literate.
    const noFormVetoes = validateScheme({ ...dk, formVetoes: false });
    rescoreInterviews(db, { scheme: noFormVetoes });
    expect(levels(db, NATIONAL_SCHEME_ID)[3]).toEqual(['r4', 70, 'literate', true, false]);
    // And a first use of another scheme never borrows tallies counted another way: the default scheme's are
    // now those of noFormVetoes (r4 not vetoed), the new scheme keeps the form's veto.
    const other = validateScheme({ ...nationalScheme(), id: 'second-opinion' });
    rescoreInterviews(db, { scheme: other });
    expect(levels(db, 'second-opinion')).toEqual([
      ['r1', 55, 'basic', false, false],
      ['r2', 70, 'literate', true, false],
      ['r3', 85, 'advanced', true, false],
      ['r4', 80, 'low', false, true],
      ['r5', 0, 'low', false, false],
    ]);
  });

  it("a scheme's first use gives exactly what a fresh database gives, ≥ and > at 55, 70 and 85", () => {
    const strict = nationalScheme('>');
    const fresh = survey();
    rescoreInterviews(fresh, { scheme: strict });

    const db = survey();
    rescoreInterviews(db);
    expect(rescoreInterviews(db, { scheme: strict })).toMatchObject({
      written: 5,
      byLevel: { advanced: 0, literate: 1, basic: 1, low: 3 },
      literate: 1,
      vetoed: 1,
    });
    expect(levels(db, strict.id)).toEqual([
      ['r1', 55, 'low', false, false],
      ['r2', 70, 'basic', false, false],
      ['r3', 85, 'literate', true, false],
      ['r4', 80, 'low', false, true],
      ['r5', 0, 'low', false, false],
    ]);
    expect(rows(db, strict.id)).toEqual(rows(fresh, strict.id));
    // The first scheme's scores are untouched, and a re-run of the new one writes nothing.
    expect(levels(db, NATIONAL_SCHEME_ID).map((r) => r[2])).toEqual(['basic', 'literate', 'advanced', 'low', 'low']);
    expect(rescoreInterviews(db, { schemeId: strict.id })).toMatchObject({ written: 0, unchanged: 5 });
  });

  it('a first use classifies the stored tallies: an answer edited behind scilit’s back is only seen with full', () => {
    const db = survey();
    rescoreInterviews(db);
    // No new revision, no new stamp: the stored tallies still stand for the interview.
    db.run("UPDATE answers SET value = 'c' WHERE interview_id = 'r1' AND field = 'k1'");
    const strict = nationalScheme('>');
    rescoreInterviews(db, { scheme: strict });
    expect(levels(db, strict.id)[0]).toEqual(['r1', 55, 'low', false, false]);
    rescoreInterviews(db, { scheme: strict, full: true });
    expect(levels(db, strict.id)[0]).toEqual(['r1', 40, 'low', false, false]);
  });

  it('a stored tally that cannot be read (an older format) is scored from the answers', () => {
    const db = survey();
    rescoreInterviews(db);
    db.run("UPDATE scores SET result_key = '55|100|\"basic\"|00' WHERE interview_id = 'r1'");
    // r1 read from its answers (55, low under ">"), r2 and r3 classified from their tallies: all three rewritten.
    expect(rescoreInterviews(db, { scheme: strictNational })).toMatchObject({ written: 3, unchanged: 2 });
    expect(levels(db, NATIONAL_SCHEME_ID).map((r) => r[2])).toEqual(['low', 'basic', 'literate', 'low', 'low']);
    expect(rescoreInterviews(db, { schemeId: NATIONAL_SCHEME_ID })).toMatchObject({ written: 0, unchanged: 5 });
  });

  it('an interview amended after its tally was stored is scored from its answers', () => {
    const db = survey();
    rescoreInterviews(db);
    // r5 corrected to k1 k2 m1 a1 = 70 points: literate under ≥, basic under >. Its stored tally (0) is stale.
    amend(db, 'r5', { k1: 'b', k2: 'true', m1: 'w y', a1: '12' });
    const strictOther = nationalScheme('>');
    rescoreInterviews(db, { scheme: strictOther }); // first use: the default scheme's tally of r5 is stale too
    expect(levels(db, strictOther.id)[4]).toEqual(['r5', 70, 'basic', false, false]);
    rescoreInterviews(db, { scheme: strictNational }); // same scheme, new cut-offs
    expect(levels(db, NATIONAL_SCHEME_ID)[4]).toEqual(['r5', 70, 'basic', false, false]);
    expect(listScores(db, NATIONAL_SCHEME_ID)[4]).toMatchObject({
      percent: 70,
      dimensions: { knowledge: 40, method: 20, thinking: 0, application: 10 },
    });
  });

  it('two form versions: each classifies its own tallies, and a first use gives what a fresh database gives', () => {
    const build = () => {
      const db = survey();
      // Version 2 moves 10 points from a2 to a1 (a1 20, a2 0): r6 k1 k2 m1 a1 = 15 + 25 + 20 + 20 = 80 literate,
      // r7 k1 m1 t1 a2 = 55 basic (a2 worth nothing now).
      const v2 = sixItemForm();
      v2.version = '2';
      for (const f of v2.survey)
        if (f.kind === 'field' && f.scoring && f.name.startsWith('a')) f.scoring.points = f.name === 'a1' ? 20 : 0;
      storeForm(db, v2);
      interview(db, v2, 'r6', sixAnswers('k1', 'k2', 'm1', 'a1'));
      interview(db, v2, 'r7', sixAnswers('k1', 'm1', 't1', 'a2'));
      return db;
    };
    const strict = nationalScheme('>');
    const fresh = build();
    rescoreInterviews(fresh, { scheme: strict });
    const db = build();
    rescoreInterviews(db);
    expect(levels(db, NATIONAL_SCHEME_ID).slice(5)).toEqual([
      ['r6', 80, 'literate', true, false],
      ['r7', 55, 'basic', false, false],
    ]);
    rescoreInterviews(db, { scheme: strict });
    expect(rows(db, strict.id)).toEqual(rows(fresh, strict.id));
    expect(levels(db, strict.id).slice(5)).toEqual([
      ['r6', 80, 'literate', true, false],
      ['r7', 55, 'low', false, false],
    ]);
    rescoreInterviews(db, { scheme: strictNational });
    expect(rows(db, NATIONAL_SCHEME_ID)).toEqual(rows(fresh, strict.id));
  });

  it('percent-correct (items and points) and all-dimensions rules classify stored tallies as by hand', () => {
    const db = survey();
    rescoreInterviews(db);
    const scheme = (s: object) => validateScheme({ id: 'other-rule', name: 'Other rule', ...s }) as ScoringScheme;
    const literate = () => levels(db, 'other-rule').map((r) => r[3]);

    // Items correct: r1 3/6 = 50 %, r2 4/6, r3 5/6, r4 vetoed, r5 0/6.
    rescoreInterviews(db, { scheme: scheme({ rule: 'percent_correct', min: 50, comparison: '>=' }) });
    expect(literate()).toEqual([true, true, true, false, false]);
    rescoreInterviews(db, { scheme: scheme({ rule: 'percent_correct', min: 50, comparison: '>' }) });
    expect(literate()).toEqual([false, true, true, false, false]);
    // Points: r1 55 %, r2 70 %, r3 85 %.
    rescoreInterviews(db, { scheme: scheme({ rule: 'percent_correct', min: 70, comparison: '>=', basis: 'points' }) });
    expect(literate()).toEqual([false, true, true, false, false]);
    rescoreInterviews(db, { scheme: scheme({ rule: 'percent_correct', min: 70, comparison: '>', basis: 'points' }) });
    expect(literate()).toEqual([false, false, true, false, false]);

    // Every listed dimension must pass: knowledge ≥ 1 item, method ≥ 20 points, application ≥ 50 % of 20.
    // r1 application 0 % fails; r2 2 items, 20, 50 % passes; r3 1 item, 20, 100 % passes; r4 vetoed; r5 0 items.
    const dims = (cmp: '>=' | '>') => ({
      knowledge: { min: 1, unit: 'items' },
      method: { min: 20, unit: 'points' },
      application: { min: 50, unit: 'percent', comparison: cmp },
    });
    rescoreInterviews(db, { scheme: scheme({ rule: 'all_dimensions', dimensions: dims('>=') }) });
    expect(literate()).toEqual([false, true, true, false, false]);
    expect(levels(db, 'other-rule').map((r) => r[2])).toEqual([
      'not_literate',
      'literate',
      'literate',
      'not_literate',
      'not_literate',
    ]);
    rescoreInterviews(db, { scheme: scheme({ rule: 'all_dimensions', dimensions: dims('>') }) });
    expect(literate()).toEqual([false, false, true, false, false]);
    // knowledge > 1 item: only r2 answered both knowledge items.
    const twoItems = { ...dims('>='), knowledge: { min: 1, unit: 'items', comparison: '>' } };
    rescoreInterviews(db, { scheme: scheme({ rule: 'all_dimensions', dimensions: twoItems }) });
    expect(literate()).toEqual([false, true, false, false, false]);

    // The same rules on a fresh database (from the answers) agree.
    const fresh = survey();
    rescoreInterviews(fresh, { scheme: scheme({ rule: 'all_dimensions', dimensions: twoItems }) });
    expect(rows(db, 'other-rule')).toEqual(rows(fresh, 'other-rule'));
  });
});
