import { join } from 'node:path';
import { expect, test } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { callOperation, OperationFailed } from '../../../src/node/cli-dispatch.ts';
import { putForm } from '../../../src/store/forms.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';

test('CLI commands reach the core through dispatch: results returned, failures as {code, message}', async () => {
  const dbPath = join(tempDir(), 'cli.sqlite');
  await expect(callOperation(dbPath, 'overview/home', {})).rejects.toMatchObject({ code: 'not_found' });
  expect((await runCli('init', '--db', dbPath)).code).toBe(0);
  const db = openDatabase(dbPath);
  putForm(db, { formId: 'csl', version: '2025.1', title: 'CSL', definition: '{}', definitionChecksum: 'c' });
  db.close();

  const iv = await callOperation(dbPath, 'interview/start', { formId: 'csl', formVersion: '2025.1', surveyor: 'S1' });
  expect(iv.status).toBe('draft');
  const home = await callOperation(dbPath, 'overview/home', {});
  expect(home.interviews).toEqual({ total: 1, draft: 1, final: 0, void: 0 });

  const failure = await callOperation(dbPath, 'interview/finalize', { interviewId: 'missing' }).catch((e) => e);
  expect(failure).toBeInstanceOf(OperationFailed);
  expect(failure).toMatchObject({ code: 'not_found', userFacing: true, message: 'interview missing does not exist.' });
  const invalid = await callOperation(dbPath, 'interviews/page', { limit: 0 }).catch((e) => e);
  expect(invalid.code).toBe('invalid_arguments');
});
