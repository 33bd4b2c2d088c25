// Builds what `electron .` and electron-builder load: the renderer (vite) and the main process, preload and
// worker threads (esbuild). Runs here without Electron's binary; `npm start` then needs a machine that has it.
//
// Each bundle is named as the code loads it at run time: the job pool starts `new URL('./worker-entry.mjs',
// import.meta.url)`, the package reader `./package-reader-worker-entry.mjs`. From the sources those are small
// entries that compile TypeScript through tsx; here they are the bundled workers themselves, beside main.mjs. The build check (runtime-files.ts, run by
// tests/integration/electron/stand-in-start.test.ts) proves every such file exists and is packaged.
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ELECTRON_DIST = join(root, 'electron', 'dist');

// ESM bundles still meet CommonJS dependencies that call require(): give them one.
const requireShim = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

/** ESM bundles of electron/dist, by output name (without .mjs). */
const ESM_ENTRIES: Record<string, string> = {
  // package.json "main": an ES module, so Electron (>= 28) evaluates it, top-level awaits included, before `ready`.
  main: join(root, 'electron', 'main.ts'),
  'worker-entry': join(root, 'src', 'node', 'jobs', 'worker.ts'),
  'package-reader-worker-entry': join(root, 'src', 'node', 'package-reader-worker.ts'),
};

export async function buildElectron(options: { renderer?: boolean } = {}): Promise<void> {
  if (options.renderer ?? true) {
    const { build } = await import('vite');
    await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'error' });
  }
  rmSync(ELECTRON_DIST, { recursive: true, force: true });
  const node = {
    bundle: true,
    platform: 'node' as const,
    target: 'node22',
    sourcemap: true,
    // better-sqlite3 is native (rebuilt for Electron when packaging); electron is provided by the runtime.
    external: ['electron', 'better-sqlite3'],
    logLevel: 'warning' as const,
  };
  await esbuild({
    ...node,
    entryPoints: ESM_ENTRIES,
    outdir: ELECTRON_DIST,
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    banner: { js: requireShim },
  });
  // A sandboxed preload is CommonJS and may require nothing but 'electron'.
  await esbuild({
    ...node,
    entryPoints: { preload: join(root, 'electron', 'preload.ts') },
    outdir: ELECTRON_DIST,
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildElectron({ renderer: !process.argv.includes('--no-renderer') }).then(
    () => console.log(`built ${ELECTRON_DIST}`),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
