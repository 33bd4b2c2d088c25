import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { backupDatabase } from '../../../electron/backup.ts';
import { putForm } from '../../../src/store/forms.ts';
import { startInterview } from '../../../src/store/interviews.ts';
import { tempDir } from '../../helpers/tmp.ts';

test('each start backs up the open database with SQLite online backup and keeps the last N', async () => {
  const dir = tempDir();
  const dbPath = join(dir, 'scilit.sqlite');
  const backups = join(dir, 'backups');
  const db = openDatabase(dbPath, { create: true });
  putForm(db, { formId: 'csl', version: '2025.1', title: 'CSL', definition: '{}', definitionChecksum: 'c' });
  startInterview(db, { formId: 'csl', formVersion: '2025.1', surveyor: 'S1' });
  writeFileSync(join(dir, 'keep-me.txt'), 'not a backup');

  // While the app holds the database open (WAL, uncheckpointed), the backup still has every committed row.
  const first = await backupDatabase(dbPath, backups, 3, new Date(Date.UTC(2025, 0, 1, 8, 0, 0)));
  const copy = openDatabase(first, { readonly: true });
  expect(copy.get('SELECT count(*) AS n FROM interviews')).toEqual({ n: 1 });
  copy.close();

  for (let day = 2; day <= 5; day++) {
    await backupDatabase(dbPath, backups, 3, new Date(Date.UTC(2025, 0, day, 8, 0, 0)));
  }
  expect(readdirSync(backups).sort()).toEqual([
    'scilit-20250103-080000.sqlite',
    'scilit-20250104-080000.sqlite',
    'scilit-20250105-080000.sqlite',
  ]);
  // Two starts within one second do not overwrite each other.
  await backupDatabase(dbPath, backups, 3, new Date(Date.UTC(2025, 0, 5, 8, 0, 0)));
  expect(readdirSync(backups).sort()).toEqual([
    'scilit-20250104-080000.sqlite',
    'scilit-20250105-080000-1.sqlite',
    'scilit-20250105-080000.sqlite',
  ]);
  db.close();
});
