import { join } from 'node:path';
import { expect, test } from 'vitest';
import { openDatabase } from '../../db/sqlite.ts';
import { dispatch } from '../../src/api/dispatch.ts';
import { putForm } from '../../src/store/forms.ts';
import { tempDir } from '../helpers/tmp.ts';

test('dispatch rejects unknown names and bad arguments, and returns store errors as {code, message}', async () => {
  const db = openDatabase(join(tempDir(), 'api.sqlite'), { create: true });
  const ctx = { db };
  expect(await dispatch(ctx, 'system/rm-rf', {})).toEqual({
    ok: false,
    error: { code: 'unknown_operation', message: 'unknown operation "system/rm-rf"' },
  });
  expect(await dispatch(ctx, 'toString', {})).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
  const bad = await dispatch(ctx, 'interview/saveAnswer', { interviewId: 'x', field: '', value: 3 });
  expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
  const missing = await dispatch(ctx, 'interview/start', { formId: 'nope', formVersion: '1' });
  expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });

  putForm(db, { formId: 'f', version: '1', title: 'F', definition: '{}', definitionChecksum: 'c' });
  const started = await dispatch(ctx, 'interview/start', { formId: 'f', formVersion: '1', surveyor: 'S1' });
  if (!started.ok) throw new Error(started.error.message);
  const id = (started.result as { interview_id: string }).interview_id;
  expect(await dispatch(ctx, 'interview/saveAnswer', { interviewId: id, field: 'age', value: '30' })).toEqual({
    ok: true,
    result: { saved: true },
  });
  const got = await dispatch(ctx, 'interview/get', { interviewId: id });
  expect(got).toMatchObject({ ok: true, result: { answers: { age: '30' } } });
});
