import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import {
  listScores,
  loadScheme,
  NATIONAL_SCHEME_ID,
  nationalScheme,
  rescoreInterviews,
  validateScheme,
} from '../../../src/scoring/index.ts';
import type { SqlDriver } from '../../../src/store/driver.ts';
import { amendInterview, getInterview, voidInterview } from '../../../src/store/interviews.ts';
import { sixAnswers, sixItemForm } from '../../fixtures/scoring/forms.ts';
import { interview, storeForm } from '../../fixtures/scoring/interviews.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';

function setup() {
  const file = join(tempDir('scilit-score-'), 'survey.sqlite');
  const db = openDatabase(file, { create: true });
  const form = sixItemForm();
  storeForm(db, form);
  // Points: k1 15, k2 25, m1 20, t1 20, a1 10, a2 10.
  interview(db, form, 'r1', sixAnswers('k1', 'm1', 't1')); // 55 basic
  interview(db, form, 'r2', sixAnswers('k1', 'k2', 'm1', 'a1')); // 70 literate
  interview(db, form, 'r3', sixAnswers('k2', 'm1', 't1', 'a1', 'a2')); // 85 advanced
  interview(db, form, 'r4', { ...sixAnswers('k1', 'k2', 'm1', 'a1', 'a2'), t1: 'a' }); // 80 but vetoed: low
  interview(db, form, 'r5', { k1: 'dont_know' }); // 0 low
  interview(db, form, 'd1', sixAnswers('k1', 'k2'), false); // a draft: not scored
  return { db, file, form };
}

/** An office correction of r5 through the store: a new revision with a reason. */
function amendR5(db: SqlDriver, changes: Record<string, string | null>) {
  const iv = getInterview(db, 'r5')!;
  amendInterview(db, {
    interviewId: 'r5',
    changes,
    reason: 'call-back',
    expectedRevision: iv.revision,
    parentHash: iv.content_hash ?? '',
  });
}

describe('stored scores', () => {
  it('every final interview is scored under the default scheme and stored with it', () => {
    const { db } = setup();
    const r = rescoreInterviews(db);
    expect(r).toMatchObject({
      scored: 5,
      written: 5,
      unchanged: 0,
      byLevel: { advanced: 1, literate: 1, basic: 1, low: 2 },
      literate: 2,
      vetoed: 1,
    });
    expect(Object.keys(r.byLevel)).toEqual(['advanced', 'literate', 'basic', 'low']);
    const rows = listScores(db, NATIONAL_SCHEME_ID);
    expect(rows.map((s) => [s.interviewId, s.total, s.level, s.literate, s.vetoed])).toEqual([
      ['r1', 55, 'basic', false, false],
      ['r2', 70, 'literate', true, false],
      ['r3', 85, 'advanced', true, false],
      ['r4', 80, 'low', false, true],
      ['r5', 0, 'low', false, false],
    ]);
    expect(rows[1]).toMatchObject({
      maxTotal: 100,
      percent: 70,
      formId: 'test_form',
      dimensions: { knowledge: 40, method: 20, thinking: 0, application: 10 },
    });
    expect(loadScheme(db, NATIONAL_SCHEME_ID)).toEqual(nationalScheme());
  });

  it('a second run writes nothing; a changed scheme, answer or voided interview is picked up', () => {
    const { db } = setup();
    rescoreInterviews(db);
    expect(rescoreInterviews(db)).toMatchObject({ scored: 5, written: 0, unchanged: 5 });

    // The statistician decides the cut-offs are strict (">"): every stored score is recomputed, and only the
    // three respondents exactly at 55, 70 and 85 (r1, r2, r3) change level and are rewritten.
    const strict = validateScheme({ ...nationalScheme('>'), id: NATIONAL_SCHEME_ID });
    const r = rescoreInterviews(db, { scheme: strict });
    expect(r).toMatchObject({
      scored: 5,
      written: 3,
      unchanged: 2,
      byLevel: { advanced: 0, literate: 1, basic: 1, low: 3 },
    });
    expect(listScores(db, NATIONAL_SCHEME_ID).find((s) => s.interviewId === 'r3')?.level).toBe('literate');
    const audit = db.all<{ action: string }>(
      "SELECT action FROM audit_log WHERE entity = 'scoring_scheme' ORDER BY audit_id",
    );
    expect(audit.map((a) => a.action)).toEqual(['scheme.add', 'scheme.change']);

    // The office corrects r5's answer: a new revision of the final interview.
    amendR5(db, { k1: 'b' });
    expect(rescoreInterviews(db, { schemeId: NATIONAL_SCHEME_ID })).toMatchObject({ written: 1, unchanged: 4 });
    expect(listScores(db, NATIONAL_SCHEME_ID).find((s) => s.interviewId === 'r5')?.total).toBe(15);

    voidInterview(db, 'r1', 'duplicate');
    expect(rescoreInterviews(db, { schemeId: NATIONAL_SCHEME_ID })).toMatchObject({ scored: 4, removed: 1 });
    expect(listScores(db, NATIONAL_SCHEME_ID).map((s) => s.interviewId)).toEqual(['r2', 'r3', 'r4', 'r5']);
  });

  it('a re-run reads no answers unless an interview has a new revision; full: true reads them all', () => {
    const { db } = setup();
    rescoreInterviews(db);
    const before = listScores(db, NATIONAL_SCHEME_ID).find((s) => s.interviewId === 'r5')!;

    // An amendment that changes a scored answer: r5 now answers k1 (15 points) and k2 (25 points) correctly: 40, still low.
    amendR5(db, { k1: 'b', k2: 'true' });
    const changed = rescoreInterviews(db);
    expect(changed).toMatchObject({ scored: 5, written: 1, unchanged: 4 });
    const after = listScores(db, NATIONAL_SCHEME_ID).find((s) => s.interviewId === 'r5')!;
    expect([before.total, after.total]).toEqual([0, 40]);

    // Nothing changed since: nothing rewritten, and the counts by level still cover every interview.
    expect(rescoreInterviews(db)).toMatchObject({
      scored: 5,
      written: 0,
      unchanged: 5,
      byLevel: { advanced: 1, literate: 1, basic: 1, low: 2 },
      literate: 2,
      vetoed: 1,
    });

    // An answer edited behind scilit's back (no new revision) is only seen when every answer is read again.
    db.run("UPDATE answers SET value = 'dont_know' WHERE interview_id = 'r5' AND field = 'k2'");
    expect(rescoreInterviews(db)).toMatchObject({ written: 0, unchanged: 5 });
    expect(rescoreInterviews(db, { full: true })).toMatchObject({ scored: 5, written: 1, unchanged: 4 });
    expect(listScores(db, NATIONAL_SCHEME_ID).find((s) => s.interviewId === 'r5')?.total).toBe(15);
  });

  it('ids and answers holding quotes, backslashes or list separators are scored and kept apart', () => {
    const { db, form } = setup();
    // The rescore reads interviews, packs and scores as lists joined by control characters; these must not break it.
    const odd = ['q"1', 'b\\2', 's\u001c3', 'u\u001f4', 'r\u001e5', '中文-6'];
    for (const id of odd) interview(db, form, id, sixAnswers('k1', 'k2', 'm1', 'a1')); // 70 literate
    interview(db, form, 'note', { ...sixAnswers('k1', 'm1', 't1'), k2: 'x\u001fy' }); // 55 basic; no pack
    const first = rescoreInterviews(db);
    expect(first).toMatchObject({ scored: 12, written: 12, byLevel: { literate: 7, basic: 2 } });
    const rows = new Map(listScores(db, NATIONAL_SCHEME_ID).map((s) => [s.interviewId, s]));
    for (const id of odd) expect(rows.get(id)).toMatchObject({ total: 70, level: 'literate' });
    expect(rows.get('note')).toMatchObject({ total: 55, level: 'basic' });
    expect(db.get<{ n: number }>('SELECT count(*) AS n FROM answer_packs')?.n).toBe(11);

    expect(rescoreInterviews(db)).toMatchObject({ scored: 12, written: 0, unchanged: 12 });
    // Strict cut-offs: the six odd ids sit exactly at 70, r1 and "note" at 55, r2 at 70, r3 at 85.
    const strict = validateScheme({ ...nationalScheme('>'), id: NATIONAL_SCHEME_ID });
    expect(rescoreInterviews(db, { scheme: strict })).toMatchObject({ scored: 12, written: 10, unchanged: 2 });
    for (const id of odd)
      expect(listScores(db, NATIONAL_SCHEME_ID).find((s) => s.interviewId === id)?.level).toBe('basic');
  });

  it('scilit score prints counts by level; --scheme FILE scores under another rule; scilit items analyses', async () => {
    const { db, file } = setup();
    db.close();
    const r = await runCli('score', '--db', file);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/advanced\s+1\s+20\.0 %/);
    expect(r.out).toMatch(/low\s+2\s+40\.0 %/);
    expect(r.out).toMatch(/literate: 2 \(40\.0 %, unweighted\); vetoed: 1/);

    const schemeFile = join(tempDir(), 'pilot.json');
    const { writeFileSync } = await import('node:fs');
    // Percent-correct rule, 60 %: r1 3/6, r2 4/6, r3 5/6, r4 vetoed, r5 0/6 → literate r2, r3.
    writeFileSync(schemeFile, JSON.stringify({ id: 'pilot-2016', name: 'Pilot', rule: 'percent_correct', min: 60 }));
    const p = await runCli('score', '--db', file, '--scheme', schemeFile, '--json');
    expect(p.code).toBe(0);
    expect(JSON.parse(p.out)).toMatchObject({ byLevel: { literate: 2, not_literate: 3 }, literate: 2 });

    writeFileSync(schemeFile, JSON.stringify({ id: 'bad', name: 'Bad', rule: 'points', levels: [] }));
    const bad = await runCli('score', '--db', file, '--scheme', schemeFile);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/not a valid scoring scheme: levels/);

    const items = await runCli('items', '--db', file, '--json');
    expect(items.code).toBe(0);
    const a = JSON.parse(items.out);
    expect(a).toMatchObject({ respondents: 5, weighting: 'unweighted' });
    // k1 correct for r1, r2, r4: 3 of 5; r5 said "don't know".
    expect(a.items[0]).toMatchObject({ field: 'k1', shareCorrect: 0.6, shareDontKnow: 0.2 });
    const text = await runCli('items', '--db', file);
    expect(text.out).toMatch(/knowledge/);
  });
});
