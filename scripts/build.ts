// `npm run build` (also run on install): what people run, prebuilt, so that nothing compiles TypeScript or runs
// vite when they start it.
// - dist/node/: the `scilit` command (cli.mjs, which also serves the browser UI: `scilit web`) and the worker
//   threads it starts, each named as the code loads it (see electron/build.ts); build-info.json lists the sources
//   they were built from, so bin/scilit.mjs can fall back to the sources (tsx) when one is newer.
// - renderer/dist/: the user interface (vite), served by `scilit web` and by the desktop app.
// - electron/dist/: the desktop shell (electron/build.ts).
// `--no-renderer` and `--no-electron` leave those out.
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build as esbuild, type Metafile } from 'esbuild';
import { buildElectron } from '../electron/build.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const NODE_DIST = join(root, 'dist', 'node');

// ESM bundles still meet CommonJS dependencies that call require(): give them one.
const requireShim = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

const ENTRIES: Record<string, string> = {
  // bin/scilit.mjs runs scilit.mjs, which answers --help and --version itself and loads cli.mjs for a command.
  scilit: join(root, 'src', 'node', 'cli-quick.ts'),
  cli: join(root, 'src', 'node', 'cli.ts'),
  'worker-entry': join(root, 'src', 'node', 'jobs', 'worker.ts'),
  'package-reader-worker-entry': join(root, 'src', 'node', 'package-reader-worker.ts'),
  'import-store-worker': join(root, 'src', 'node', 'import-store-worker.ts'),
};

/** The project's own files a build read (dependencies change only with an install, which builds again). */
function sourcesOf(meta: Metafile): string[] {
  return Object.keys(meta.inputs)
    .map((p) => relative(root, resolve(root, p)).split(sep).join('/'))
    .filter((p) => !p.startsWith('node_modules/') && !p.startsWith('..'))
    .sort();
}

export async function buildNode(): Promise<void> {
  const builtAt = Date.now();
  rmSync(NODE_DIST, { recursive: true, force: true });
  const result = await esbuild({
    entryPoints: ENTRIES,
    outdir: NODE_DIST,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    banner: { js: requireShim },
    // The CLI and its workers share most of the core: one copy in a chunk they all import.
    splitting: true,
    // Chunks beside the entries: code that finds files relative to itself must sit two folders below the root.
    chunkNames: '[name]-[hash]',
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: true,
    // better-sqlite3 is native; vite builds a stale renderer during development only.
    external: ['better-sqlite3', 'vite'],
    metafile: true,
    logLevel: 'warning',
  });
  // What cli-quick.ts prints without loading the program: taken from the commands just built.
  const { commands } = (await import(pathToFileURL(join(NODE_DIST, 'cli.mjs')).href)) as {
    commands: { name: string; summary: string; usage: string }[];
  };
  const summaries = commands.map(({ name, summary, usage }) => ({ name, summary, usage }));
  writeFileSync(join(NODE_DIST, 'commands.json'), `${JSON.stringify(summaries, null, 1)}\n`);
  writeFileSync(
    join(NODE_DIST, 'build-info.json'),
    `${JSON.stringify({ builtAt, sources: sourcesOf(result.metafile) }, null, 1)}\n`,
  );
}

export async function buildRenderer(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'error' });
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const steps: string[] = [];
  await buildNode();
  steps.push('dist/node');
  if (!process.argv.includes('--no-renderer')) {
    await buildRenderer();
    steps.push('renderer/dist');
  }
  if (!process.argv.includes('--no-electron')) {
    await buildElectron({ renderer: false });
    steps.push('electron/dist');
  }
  console.log(`built ${steps.join(', ')} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`build failed: ${(e as Error).message}`);
    process.exit(1);
  });
}
