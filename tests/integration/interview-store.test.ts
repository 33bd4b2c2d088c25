import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { openDatabase } from '../../db/sqlite.ts';
import { putForm } from '../../src/store/forms.ts';
import {
  finalizeInterview,
  getAnswers,
  getInterview,
  saveAnswer,
  startInterview,
  voidInterview,
} from '../../src/store/interviews.ts';
import { tempDir } from '../helpers/tmp.ts';

function setup() {
  const db = openDatabase(join(tempDir(), 'store.sqlite'), { create: true });
  putForm(db, { formId: 'f', version: '1', title: 'F', definition: '{}', definitionChecksum: 'a' });
  return db;
}

describe('interviews', () => {
  test('a surveyor starts, answers, changes an answer, finalizes; the audit log keeps the old value', () => {
    const db = setup();
    const iv = startInterview(db, { formId: 'f', formVersion: '1', surveyor: 'S01', device: 'laptop-1' });
    expect(iv.interview_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    saveAnswer(db, { interviewId: iv.interview_id, field: 'age', value: '34', currentField: 'age' });
    saveAnswer(db, { interviewId: iv.interview_id, field: 'age', value: '43', currentField: 'sex' });
    expect(getAnswers(db, iv.interview_id)).toEqual({ age: '43' });
    expect(getInterview(db, iv.interview_id)?.current_field).toBe('sex');
    finalizeInterview(db, iv.interview_id);
    expect(() => saveAnswer(db, { interviewId: iv.interview_id, field: 'age', value: '1' })).toThrow(/final/);
    const audit = db.all<{ action: string; detail: string }>(
      'SELECT action, detail FROM audit_log WHERE entity_id = ? ORDER BY audit_id',
      [iv.interview_id],
    );
    expect(audit.map((a) => a.action)).toEqual(['interview.start', 'answer.change', 'interview.finalize']);
    expect(JSON.parse(audit[1]!.detail)).toEqual({ field: 'age', from: '34', to: '43' });
  });

  test('the audit log refuses updates and deletes', () => {
    const db = setup();
    startInterview(db, { formId: 'f', formVersion: '1' });
    expect(() => db.run("UPDATE audit_log SET action = 'x'")).toThrow(/append-only/);
    expect(() => db.run('DELETE FROM audit_log')).toThrow(/append-only/);
  });

  test('voiding needs a reason and is audited', () => {
    const db = setup();
    const iv = startInterview(db, { formId: 'f', formVersion: '1' });
    expect(() => voidInterview(db, iv.interview_id, '  ')).toThrow(/reason/);
    voidInterview(db, iv.interview_id, 'respondent withdrew', 'S02');
    expect(getInterview(db, iv.interview_id)?.status).toBe('void');
  });

  test('an interview of an unknown form is refused and nothing is written', () => {
    const db = setup();
    expect(() => startInterview(db, { formId: 'nope', formVersion: '1' })).toThrow(/not in this database/);
    expect(db.get<{ n: number }>('SELECT count(*) AS n FROM interviews')?.n).toBe(0);
  });

  test('a form version is immutable: same content is a no-op, different content is refused', () => {
    const db = setup();
    expect(putForm(db, { formId: 'f', version: '1', title: 'F', definition: '{}', definitionChecksum: 'a' })).toBe(
      'unchanged',
    );
    expect(() =>
      putForm(db, { formId: 'f', version: '1', title: 'F', definition: '{"x":1}', definitionChecksum: 'b' }),
    ).toThrow(/new version/);
  });
});
