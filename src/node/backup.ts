import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import Database from 'better-sqlite3';
import { createPrivateFile, narrowToOwner } from './private-file.ts';

// Backups of a database into a folder, by SQLite's online backup, the newest few kept. Used at each start of the
// desktop app and by "back up now" in the desktop and browser UIs (数据文件 → 立即备份).

/** Backup file names sort by time: `scilit-20250630-142501.sqlite` (UTC). */
export function backupFileName(at: Date, base = 'scilit'): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getUTCFullYear()}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}-${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}`;
  return `${base}-${stamp}.sqlite`;
}

/** Which backups to delete so that the newest `keep` remain; files that are not our backups are never touched. */
export function backupsToDelete(files: readonly string[], keep: number, base = 'scilit'): string[] {
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^${escaped}-(\\d{8}-\\d{6})(?:-(\\d+))?\\.sqlite$`);
  const ours = files
    .map((name) => ({ name, m: pattern.exec(name) }))
    .filter((f): f is { name: string; m: RegExpExecArray } => f.m !== null)
    // Oldest first: by time stamp, then by the counter added when two backups share a second.
    .sort((a, b) => (a.m[1] as string).localeCompare(b.m[1] as string) || Number(a.m[2] ?? 0) - Number(b.m[2] ?? 0));
  return ours.slice(0, Math.max(0, ours.length - Math.max(1, keep))).map((f) => f.name);
}

/**
 * Copies the database with SQLite's online backup (consistent even while it is open and being written) into
 * `dir`, then deletes the oldest backups so that `keep` remain. Returns the new backup's path.
 */
export async function backupDatabase(dbPath: string, dir: string, keep: number, now = new Date()): Promise<string> {
  mkdirSync(dir, { recursive: true });
  // Each database's backups carry its name (scilit-…, 示范数据-…), so several databases share one folder.
  const base = basename(dbPath, extname(dbPath));
  let name = backupFileName(now, base);
  const existing = new Set(readdirSync(dir));
  for (let n = 1; existing.has(name); n++) name = backupFileName(now, base).replace(/\.sqlite$/, `-${n}.sqlite`);
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
  for (const old of backupsToDelete(readdirSync(dir), keep, base)) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, old + suffix), { force: true });
  }
  return target;
}
