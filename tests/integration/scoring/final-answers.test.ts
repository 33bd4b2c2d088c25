import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { allFields } from '../../../src/form/model.ts';
import { rescoreInterviews } from '../../../src/scoring/index.ts';
import { finalAnswersOfVersion } from '../../../src/store/final-answers.ts';
import { amendInterview, getInterview } from '../../../src/store/interviews.ts';
import { sixItemForm } from '../../fixtures/scoring/forms.ts';
import { interview, storeForm } from '../../fixtures/scoring/interviews.ts';
import { tempDir } from '../../helpers/tmp.ts';

// What estimates by group, weighting and item analysis read: every final interview's answers, from the answer packs
// a rescore keeps, else from the answers table. Both ways must give the same answers.
describe('answers of final interviews', () => {
  const setup = () => {
    const db = openDatabase(join(tempDir('scilit-final-answers-'), 's.sqlite'), { create: true });
    const form = sixItemForm();
    storeForm(db, form);
    interview(db, form, 'a', { k1: 'b', k2: 'true', m1: 'x' });
    interview(db, form, 'b"2', { t1: 'c', a1: 'q r' });
    interview(db, form, 'c', { k1: 'line\u001fbreak' }); // holds a separator: never packed
    interview(db, form, 'e', {});
    interview(db, form, 'draft', { k1: 'b' }, false);
    const fields = allFields(form).map((f) => f.name);
    // Each interview's answers as an object over the form's fields and `wanted` (the lookups give undefined for none).
    const read = (wanted: string[] = []) =>
      new Map(
        [...finalAnswersOfVersion(db, form, { wanted })].map(([id, answer]) => [
          id,
          Object.fromEntries([...fields, ...wanted].flatMap((f) => (answer(f) === undefined ? [] : [[f, answer(f)]]))),
        ]),
      );
    return { db, read };
  };
  // Written out by hand: what each final interview answered; the draft is not there.
  const expected = {
    a: { k1: 'b', k2: 'true', m1: 'x' },
    'b"2': { t1: 'c', a1: 'q r' },
    c: { k1: 'line\u001fbreak' },
    e: {},
  };

  it('are the same from the answers table and from the packs, in id order, and follow an amendment', () => {
    const { db, read } = setup();
    const before = read();
    expect(Object.fromEntries(before)).toEqual(expected);
    expect([...before.keys()]).toEqual(['a', 'b"2', 'c', 'e']);

    rescoreInterviews(db);
    expect(db.get<{ n: number }>('SELECT count(*) AS n FROM answer_packs')?.n).toBe(3);
    expect(Object.fromEntries(read())).toEqual(expected);
    // The packs are what is read now: an edit behind scilit's back (no new revision) is not seen until a full rescore.
    db.run("UPDATE answers SET value = 'z' WHERE interview_id = 'a' AND field = 'm1'");
    expect(read().get('a')?.m1).toBe('x');

    // An amendment makes a's pack stale until the next rescore: its new answer is read from the answers table.
    const iv = getInterview(db, 'a')!;
    amendInterview(db, {
      interviewId: 'a',
      changes: { m1: 'y' },
      reason: 'call-back',
      expectedRevision: iv.revision,
      parentHash: iv.content_hash ?? '',
    });
    expect(read().get('a')).toEqual({ k1: 'b', k2: 'true', m1: 'y' });
  });

  it('asking for an answer to no form field reads the answers table', () => {
    const { db, read } = setup();
    rescoreInterviews(db);
    db.run("INSERT INTO answers (interview_id, field, value, answered_at) VALUES ('e', 'extra', 'kept', '2026-01-01')");
    expect(read(['extra']).get('e')).toEqual({ extra: 'kept' });
    // Packs hold form fields only.
    expect(read().get('e')).toEqual({});
  });
});
