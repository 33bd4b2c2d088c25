// `npm run dist:dry`: a packaging dry run that works without Electron's binary. It runs the real electron-builder
// with electron-builder.yml and the real pack hooks, on a stand-in Electron distribution (a placeholder
// executable that carries Electron's fuse wire, so the fuses are flipped as in a release), for Linux `dir`.
// The one thing it cannot do here is compile better-sqlite3 against Electron's headers (they are downloaded): the
// rebuild step is replaced by what @electron/rebuild's node-gyp fallback does to the working tree (build/ deleted,
// a binary Node cannot load left behind), so the hooks must put the Node build back.
// Prints every packaged file, checks that each runtime file (runtime-files.ts) is in the archive or unpacked
// beside it, that the packed list is the one the build check predicts, and that better-sqlite3 still loads here.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { listPackage, statFile } from '@electron/asar';
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import { build, Platform } from 'electron-builder';
import { buildElectron } from './build.ts';
import {
  afterPack,
  beforePack,
  loadsUnderNode,
  nativeBinary,
  type PackContext,
  restoreNodeBuild,
} from './pack-hooks.mjs';
import {
  checkRuntimeFiles,
  ELECTRON_ENTRIES,
  isUnpacked,
  PROJECT_DIR,
  packagedFiles,
  readBuilderConfig,
} from './runtime-files.ts';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron's defaults for its eight v1 fuses: RunAsNode on, cookie encryption off, NODE_OPTIONS on, --inspect on,
// asar integrity off, only-load-from-asar off, browser-specific V8 snapshot off, file:// extra privileges on.
const ELECTRON_DEFAULT_WIRE = '10110001';
const ENABLED = '1'.charCodeAt(0); // a fuse's byte in the wire: '1' on, '0' off

/** A folder shaped like an unpacked Electron for Linux, whose executable is a placeholder with the fuse wire. */
function standInElectron(dir: string, version: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'resources'), { recursive: true });
  mkdirSync(join(dir, 'locales'), { recursive: true });
  const wire = Buffer.concat([
    Buffer.from(`stand-in for Electron ${version}: not runnable\n`),
    Buffer.from(SENTINEL),
    Buffer.from([1, ELECTRON_DEFAULT_WIRE.length]),
    Buffer.from(ELECTRON_DEFAULT_WIRE),
  ]);
  writeFileSync(join(dir, 'electron'), wire, { mode: 0o755 });
  writeFileSync(join(dir, 'locales', 'zh-CN.pak'), '');
  writeFileSync(join(dir, 'locales', 'en-US.pak'), '');
  writeFileSync(join(dir, 'LICENSE'), 'stand-in');
  writeFileSync(join(dir, 'version'), version);
}

/** What node-gyp does to the module when @electron/rebuild falls back to it (see the header comment). */
async function nodeGypLikeRebuild(options: { buildPath: string; electronVersion: string }): Promise<void> {
  const build = join(options.buildPath, 'node_modules', 'better-sqlite3', 'build');
  rmSync(build, { recursive: true, force: true });
  mkdirSync(join(build, 'Release'), { recursive: true });
  writeFileSync(
    join(build, 'Release', 'better_sqlite3.node'),
    `dry run: not built for Electron ${options.electronVersion}`,
  );
}

async function main(): Promise<number> {
  const root = PROJECT_DIR;
  const config = readBuilderConfig(root);
  const electronVersion = (
    JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  const output = join(root, 'release', 'dry-run');
  const electronDist = join(tmpdir(), `scilit-electron-stand-in-${electronVersion}`);

  console.log('building the renderer and the shell…');
  await buildElectron();
  standInElectron(electronDist, electronVersion);
  rmSync(output, { recursive: true, force: true });

  console.log(`packing with electron-builder (stand-in Electron ${electronVersion}, linux dir)…`);
  try {
    await build({
      projectDir: root,
      targets: Platform.LINUX.createTarget('dir'),
      config: {
        ...config,
        electronVersion,
        electronDist,
        directories: { ...(config.directories as object), output },
        beforePack: (context: PackContext) => beforePack(context, nodeGypLikeRebuild),
        afterPack: (context: PackContext) => afterPack(context),
      } as never,
    });
  } finally {
    // Whatever happened above, the working tree keeps (or gets back) its Node build.
    restoreNodeBuild(root);
  }

  const appOut = join(output, 'linux-unpacked');
  const resources = join(appOut, 'resources');
  const archive = join(resources, 'app.asar');
  // Files only (the listing names folders too); unpacked files are listed in the archive's header as well.
  const packed = listPackage(archive, { isPack: false })
    .map((p) => p.replace(/\\/g, '/').replace(/^\//, ''))
    .filter((p) => !('files' in statFile(archive, p)))
    .sort();
  const inAsar = new Set(packed);
  const problems: string[] = [];
  const expected = packagedFiles(root, config);
  console.log(`\npackaged files (${packed.length}):`);
  for (const f of packed) console.log(`  ${isUnpacked(f, config) ? 'unpacked' : 'asar    '}  ${f}`);
  for (const f of packed) if (!expected.includes(f)) problems.push(`packed but not predicted by the build check: ${f}`);
  for (const f of expected) if (!inAsar.has(f)) problems.push(`predicted by the build check but not packed: ${f}`);
  for (const f of packed) {
    if (isUnpacked(f, config) && !existsSync(join(resources, 'app.asar.unpacked', f))) {
      problems.push(`listed as unpacked but missing beside the archive: ${f}`);
    }
  }

  const check = checkRuntimeFiles(root, config);
  problems.push(...check.problems);
  console.log('\nruntime files:');
  for (const f of [...ELECTRON_ENTRIES, ...check.references.map((r) => r.file)]) {
    if (f.endsWith('/')) continue;
    const ok = inAsar.has(f);
    console.log(`  ${ok ? 'ok     ' : 'MISSING'}  ${f}${isUnpacked(f, config) ? '  (unpacked)' : ''}`);
    if (!ok) problems.push(`runtime file not packed: ${f}`);
  }

  const wire = (await getCurrentFuseWire(join(appOut, 'scilit'))) as unknown as Record<number, number>;
  const fuses = Object.fromEntries(
    Object.entries(FuseV1Options)
      .filter(([, v]) => typeof v === 'number')
      .map(([name, index]) => [name, wire[index as number] === ENABLED ? 'on' : 'off']),
  );
  console.log(`\nfuses (wire version ${FuseVersion.V1}):`, fuses);

  const nodeBuildOk = loadsUnderNode(nativeBinary(root));
  console.log(
    `\nbetter-sqlite3 in the working tree loads under Node ${process.version}: ${nodeBuildOk ? 'yes' : 'NO'}`,
  );
  if (!nodeBuildOk) problems.push('the Node build of better-sqlite3 was not put back');
  console.log(`output: ${relative(root, appOut)}`);
  if (problems.length > 0) {
    console.error(`\n${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    return 1;
  }
  console.log('\ndry run: every runtime file is packed; the working tree is intact.');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
