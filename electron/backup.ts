import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createPrivateFile, narrowToOwner } from '../src/node/private-file.ts';
import { backupFileName, backupsToDelete } from './security.ts';

/**
 * Copies the database with SQLite's online backup (consistent even while it is open and being written) into
 * `dir`, then deletes the oldest backups so that `keep` remain. Returns the new backup's path.
 */
export async function backupDatabase(dbPath: string, dir: string, keep: number, now = new Date()): Promise<string> {
  mkdirSync(dir, { recursive: true });
  let name = backupFileName(now);
  const existing = new Set(readdirSync(dir));
  for (let n = 1; existing.has(name); n++) name = backupFileName(now).replace(/\.sqlite$/, `-${n}.sqlite`);
  const target = join(dir, name);
  createPrivateFile(target);
  const source = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    await source.backup(target);
  } finally {
    source.close();
  }
  // A backup is one self-contained file: rollback journal instead of the live database's WAL.
  const copy = new Database(target);
  copy.pragma('journal_mode = DELETE');
  copy.close();
  // A backup holds every answer: the user's alone, like the database.
  narrowToOwner(target);
  for (const old of backupsToDelete(readdirSync(dir), keep)) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, old + suffix), { force: true });
  }
  return target;
}
