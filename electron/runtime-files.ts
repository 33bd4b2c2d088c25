// The build check: every file a bundle of electron/dist loads at run time exists and is in the packaged app.
// A bundle names such files relative to itself (`new URL('./worker-entry.mjs', import.meta.url)`, the renderer
// folder, the bundled questionnaire); the renderer's index.html names its scripts, which import their chunks.
// The packaged list is read from electron-builder.yml the way electron-builder reads it; `npm run pack:dry`
// compares it with what electron-builder really packs.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { load } from 'js-yaml';
import { Minimatch } from 'minimatch';

export interface BuilderConfig {
  files: string[];
  asarUnpack: string[];
  [key: string]: unknown;
}

export function readBuilderConfig(projectDir: string): BuilderConfig {
  const config = load(readFileSync(join(projectDir, 'electron-builder.yml'), 'utf8')) as Partial<BuilderConfig>;
  return { ...config, files: config.files ?? [], asarUnpack: config.asarUnpack ?? [] };
}

const GLOB = { dot: true };

/** A file pattern list as electron-builder applies it: the last pattern that speaks about a path decides. */
export function fileFilter(patterns: readonly string[]): (path: string, isDirectory?: boolean) => boolean {
  const parsed: Minimatch[] = [];
  for (const raw of patterns) {
    const pattern = raw.startsWith('./') ? raw.slice(2) : raw;
    const m = new Minimatch(pattern, GLOB);
    parsed.push(m);
    // electron-builder reads a plain name without a dot as a folder: `forms` means `forms/**/*` too.
    if (!pattern.includes('.') && !m.hasMagic()) parsed.push(new Minimatch(`${pattern}/**/*`, GLOB));
  }
  return (path, isDirectory = false) => {
    let match = false;
    for (const m of parsed) {
      if (match !== m.negate) continue;
      match = m.match(path, isDirectory && !m.negate);
    }
    return match;
  };
}

// What electron-builder leaves out whatever the patterns say (the part of its lists that applies here): some files
// anywhere, and in a dependency its read-me, tests and examples (app-builder-lib's NodeModuleCopyHelper).
const BUILDER_EXCLUDES = [
  '!**/*.d.ts',
  '!**/{.git,.gitignore,.npmignore,package-lock.json,.DS_Store,.travis.yml,appveyor.yml,circle.yml,.github}{,/**}',
  '!node_modules/**/{CHANGELOG.md,ChangeLog,changelog.md,Changelog.md,Changelog,binding.gyp}',
  '!node_modules/*/{README.md,README,readme.md,Readme.md,readme,readme.markdown,karma.conf.js,.coveralls.yml}',
  '!node_modules/*/{test,tests,__tests__,powered-test,example,examples,.bin}{,/**}',
];

/**
 * The files electron-builder puts in the app (relative, with `/`), from the `files` patterns. package.json is
 * always packed; node_modules is walked only into the packages the patterns name (electron-builder takes
 * dependencies from its own list, then filters them by the same patterns).
 */
export function packagedFiles(projectDir: string, config: BuilderConfig = readBuilderConfig(projectDir)): string[] {
  const patterns = [...config.files, 'package.json', ...BUILDER_EXCLUDES];
  const keep = fileFilter(patterns);
  const named = new Set(
    config.files.flatMap((p) => /^node_modules\/((?:@[^/]+\/)?[^/*!]+)/.exec(p)?.[1] ?? []).filter(Boolean),
  );
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir)) {
      const path = rel ? `${rel}/${name}` : name;
      const full = join(dir, name);
      const st = statSync(full);
      if (st.isDirectory()) {
        if (!rel && (name === '.git' || name === 'release')) continue;
        if (path === 'node_modules') {
          for (const pkg of named) if (existsSync(join(full, pkg))) walk(join(full, pkg), `node_modules/${pkg}`);
          continue;
        }
        if (keep(path, true)) walk(full, path);
      } else if (keep(path)) out.push(path);
    }
  };
  walk(projectDir, '');
  return out.sort();
}

/** Whether a packaged path is unpacked beside app.asar (asarUnpack patterns). */
export function isUnpacked(path: string, config: BuilderConfig): boolean {
  return config.asarUnpack.some((p) => new Minimatch(p, GLOB).match(path));
}

const URL_REFERENCE = /new URL\(\s*["'`]([^"'`]+)["'`]\s*,\s*import\.meta\.url\s*\)/g;
// Module specifiers as a bundle spells them: top-level `import … from "x"` / `import "x"` statements, `import("x")`
// with a literal (not JSDoc's `{import('./x')}`), and `require("x")` (esbuild's `__require` in ESM bundles).
const SPECIFIER = String.raw`["']((?:\.{1,2}\/[\w.-]+|@[\w.-]+\/[\w.-]+|[a-zA-Z_][\w.-]*)(?:\/[\w.-]+)*)["']`;
const IMPORTS = new RegExp(
  String.raw`(?:^|;)\s*import\b[^;]*?\bfrom\s*${SPECIFIER}|(?:^|;)\s*import\s*${SPECIFIER}|(?<![{$\w.])import\(\s*${SPECIFIER}\s*\)|(?<![\w.$])(?:__)?require\(\s*${SPECIFIER}\s*\)`,
  'gm',
);
const HTML_REFERENCE = /\b(?:src|href)\s*=\s*["']([^"':]+)["']/g;

function specifiers(text: string): string[] {
  return [...text.matchAll(IMPORTS)].map((m) => (m[1] ?? m[2] ?? m[3] ?? m[4]) as string);
}

export interface RuntimeReference {
  /** The file that names it (relative to the project). */
  from: string;
  /** What it names (relative to the project; a folder ends with `/`). */
  file: string;
}

/** Packages a bundle imports by name at run time (Node's own modules left out). */
export function bareImports(bundle: string): string[] {
  const builtins = new Set(builtinModules);
  const names = new Set<string>();
  for (const spec of specifiers(readFileSync(bundle, 'utf8'))) {
    if (spec.startsWith('.') || spec.startsWith('node:') || builtins.has(spec.split('/')[0] as string)) continue;
    names.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string));
  }
  return [...names].sort();
}

/** Every file reachable from `entries` through the references above, with who named it. */
export function runtimeReferences(projectDir: string, entries: readonly string[]): RuntimeReference[] {
  const rel = (p: string) => relative(projectDir, p).split(sep).join('/');
  const seen = new Map<string, RuntimeReference>();
  const queue = entries.map((e) => resolve(projectDir, e));
  for (const e of queue) seen.set(rel(e), { from: '(entry)', file: rel(e) });
  while (queue.length > 0) {
    const file = queue.shift() as string;
    const add = (target: string, isDirectory = false) => {
      const key = rel(target) + (isDirectory ? '/' : '');
      if (seen.has(key)) return;
      seen.set(key, { from: rel(file), file: key });
      // A folder a bundle serves (the renderer) must hold its index.html; the app's own root is just a base.
      if (isDirectory && key !== '/') {
        const index = join(target, 'index.html');
        seen.set(rel(index), { from: key, file: rel(index) });
        queue.push(index);
      } else queue.push(target);
    };
    if (!existsSync(file) || statSync(file).isDirectory()) continue;
    const ext = extname(file);
    const text = readFileSync(file, 'utf8');
    const here = pathToFileURL(file);
    if (ext === '.html') {
      for (const m of text.matchAll(HTML_REFERENCE)) add(fileURLToPath(new URL(m[1] as string, here)));
      continue;
    }
    if (!['.js', '.mjs', '.cjs'].includes(ext)) continue;
    for (const m of text.matchAll(URL_REFERENCE)) {
      const target = m[1] as string;
      add(fileURLToPath(new URL(target, here)), target.endsWith('/'));
    }
    // A relative load in an ES module names the file in full (Node and browsers add no extension): a specifier
    // without one is text, such as React's development warnings quoting `import('./MyComponent')`.
    for (const spec of specifiers(text)) {
      if (spec.startsWith('.') && extname(spec) !== '') add(fileURLToPath(new URL(spec, here)));
    }
  }
  return [...seen.values()].filter((r) => r.from !== '(entry)');
}

/** What `npm run build` (electron/build.ts) must leave in electron/dist: the main and preload; workers follow. */
export const ELECTRON_ENTRIES = ['electron/dist/main.mjs', 'electron/dist/preload.cjs'];

export interface RuntimeCheck {
  references: RuntimeReference[];
  /** One line per problem: a missing file, a file left out of the package, a worker's file inside app.asar. */
  problems: string[];
}

/**
 * The build check. Every referenced file exists and is packaged; each worker bundle (a `*worker*.mjs` the code
 * starts with `new Worker`) and every package a worker imports is unpacked, and so is each package those need.
 */
export function checkRuntimeFiles(
  projectDir: string,
  config: BuilderConfig = readBuilderConfig(projectDir),
): RuntimeCheck {
  const packaged = new Set(packagedFiles(projectDir, config));
  const problems: string[] = [];
  const mainField = (JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as { main?: string }).main;
  const entries = [...ELECTRON_ENTRIES];
  if (mainField && !entries.includes(mainField))
    problems.push(`package.json "main" is ${mainField}, not ${entries[0]}`);
  for (const entry of entries) {
    if (!existsSync(join(projectDir, entry))) problems.push(`${entry} is missing (run the build)`);
    else if (!packaged.has(entry)) problems.push(`${entry} is not in the packaged files`);
  }
  const references = runtimeReferences(projectDir, entries);
  for (const r of references) {
    const onDisk = join(projectDir, r.file);
    if (!existsSync(onDisk)) problems.push(`${r.from} loads ${r.file}, which does not exist`);
    else if (!r.file.endsWith('/') && !packaged.has(r.file)) {
      problems.push(`${r.from} loads ${r.file}, which is not in the packaged files`);
    }
    if (/worker[^/]*\.mjs$/.test(r.file) && !isUnpacked(r.file, config)) {
      problems.push(`${r.file} runs as a worker thread but is not in asarUnpack`);
    }
  }
  const bundles = [...entries, ...references.map((r) => r.file)].filter((f) => /^electron\/dist\/.*\.(c|m)js$/.test(f));
  for (const bundle of bundles) {
    if (!existsSync(join(projectDir, bundle))) continue;
    const worker = /worker[^/]*\.mjs$/.test(bundle);
    for (const name of bareImports(join(projectDir, bundle))) {
      if (name === 'electron') continue;
      const pkgJson = `node_modules/${name}/package.json`;
      if (!packaged.has(pkgJson)) problems.push(`${bundle} imports ${name}, which is not in the packaged files`);
      else if (worker && !isUnpacked(pkgJson, config)) {
        problems.push(`${bundle} (a worker thread) imports ${name}, which is not in asarUnpack`);
      }
    }
  }
  return { references, problems };
}

/** Lines for a person: each runtime file and whether it is there. */
export function describeRuntimeFiles(projectDir: string, check: RuntimeCheck): string[] {
  return check.references.map(
    (r) => `${existsSync(join(projectDir, r.file)) ? 'ok  ' : 'MISSING'} ${r.file}  (${r.from})`,
  );
}

export const PROJECT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
