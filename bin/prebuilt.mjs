// Whether the prebuilt bundle (dist/node, made on install and by `npm run build`) may run: it must be there and
// every source file it was built from unchanged since (a clone or a pull gives changed files a new time; a build
// always starts after the files it reads). While developing, a change is thus never hidden behind an old build.
import { readFileSync, statSync } from 'node:fs';

/** The prebuilt entry's URL, or undefined when the sources must run instead (SCILIT_FROM_SOURCE=1 forces that). */
export function prebuiltEntry(root, env = process.env) {
  if (env.SCILIT_FROM_SOURCE) return undefined;
  const dist = new URL('dist/node/', root);
  const entry = new URL('scilit.mjs', dist);
  let info;
  try {
    info = JSON.parse(readFileSync(new URL('build-info.json', dist), 'utf8'));
    statSync(entry);
  } catch {
    return undefined;
  }
  for (const file of info.sources) {
    try {
      if (statSync(new URL(file, root)).mtimeMs > info.builtAt) return undefined;
    } catch {
      return undefined;
    }
  }
  return entry;
}
