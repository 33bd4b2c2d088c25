/**
 * Files that hold respondents' answers (databases, backups, data exports, field packages, error reports that quote
 * cells) or keys are personal data: written for the user alone (0600). A mode given to open() only applies when the
 * file is created, so an existing file is narrowed too. On Windows the mode bits mean little; files there live in
 * the user's profile, whose ACL admits the user alone (see docs/security.md).
 */
import { chmodSync, closeSync, existsSync, openSync, statSync, writeFileSync } from 'node:fs';

export const PRIVATE_MODE = 0o600;

/** Writes `bytes` to `path`, readable and writable by the user alone, whatever was there before. */
export function writePrivateFile(path: string, bytes: Uint8Array | string): void {
  writeFileSync(path, bytes, { mode: PRIVATE_MODE });
  narrowToOwner(path);
}

/** Takes group and other rights off a file this user owns (no-op where there are none, or not ours). */
export function narrowToOwner(path: string): void {
  if (process.platform === 'win32' || !existsSync(path)) return;
  try {
    const st = statSync(path);
    if ((st.mode & 0o077) !== 0 && (typeof process.getuid !== 'function' || st.uid === process.getuid()))
      chmodSync(path, st.mode & 0o700);
  } catch {
    // A file we may not chmod (another owner): leave it; the caller's write already succeeded or failed.
  }
}

/** Creates an empty file for the user alone, unless it exists (an empty file is a valid new SQLite database). */
export function createPrivateFile(path: string): void {
  try {
    closeSync(openSync(path, 'wx', PRIVATE_MODE));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}
