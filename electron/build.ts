// Builds what `electron .` and electron-builder load: the renderer (vite) and the main process, preload and
// job worker (esbuild). Runs here without Electron's binary; `npm start` then needs a machine that has it.
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'electron', 'dist');

// ESM bundles still meet CommonJS dependencies that call require(): give them one.
const requireShim = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

async function main(): Promise<void> {
  if (!process.argv.includes('--no-renderer')) {
    const { build } = await import('vite');
    await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'error' });
  }
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
    entryPoints: { main: join(root, 'electron', 'main.ts') },
    outdir: out,
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    banner: { js: requireShim },
  });
  await esbuild({
    ...node,
    entryPoints: { 'job-worker': join(root, 'src', 'node', 'jobs', 'worker.ts') },
    outdir: out,
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    banner: { js: requireShim },
  });
  // A sandboxed preload is CommonJS and may require nothing but 'electron'.
  await esbuild({
    ...node,
    entryPoints: { preload: join(root, 'electron', 'preload.ts') },
    outdir: out,
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
  });
  // package.json's "main" is a CommonJS file: it loads the ESM bundle.
  writeFileSync(join(out, 'main.cjs'), "'use strict';\nimport('./main.mjs');\n");
  console.log(`built ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
