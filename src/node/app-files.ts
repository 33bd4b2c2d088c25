import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Files of the app found relative to the running code. This module sits two folders below the project root, as
// every bundle does (dist/node/*.mjs, electron/dist/*.mjs), so the same relative paths hold from the sources and
// from a bundle; the build check (electron/runtime-files.ts) proves each one exists.

/** The project (or installed app) folder. */
export const APP_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The built user interface (vite's output). */
export const RENDERER_DIST = fileURLToPath(new URL('../../renderer/dist/', import.meta.url));

/** Newest modification time under `path`, skipping build output, dependencies and hidden folders. */
export function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = st.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'dist' || name === 'node_modules' || name.startsWith('.')) continue;
    t = Math.max(t, newestChange(`${path}/${name}`));
  }
  return t;
}
