import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder per test: each test owns its data. */
export function tempDir(prefix = 'scilit-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
