// `npm run bench:start`: how long the `scilit` command and the browser UI take to start, from the prebuilt bundle
// (dist/node, made on install and by `npm run build`) and, for comparison, from the TypeScript sources (tsx).
// Wall and CPU time (user + system, children included), median of several runs, with the load at the time.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { tempDir } from '../tests/helpers/tmp.ts';

const root = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.RUNS ?? 7);
const CLOCK_TICKS = 100; // USER_HZ on Linux: /proc/<pid>/stat counts CPU time in 1/100 s

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Runs a shell command to the end; bash's `times` gives the CPU its children used. */
function timeCommand(command: string, env: NodeJS.ProcessEnv = {}): { wall: number; cpu: number } {
  const t0 = performance.now();
  const out = execFileSync('bash', ['-c', `${command} >/dev/null 2>&1; times`], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  const wall = (performance.now() - t0) / 1000;
  // Second line of `times`: the children's user and system time, e.g. "0m0.120s 0m0.030s".
  const line = out.trim().split('\n').at(-1) ?? '';
  const cpu = [...line.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
  return { wall, cpu };
}

function measure(label: string, command: string, env: NodeJS.ProcessEnv = {}): void {
  timeCommand(command, env); // warm the file cache, as a second start would
  const runs = Array.from({ length: RUNS }, () => timeCommand(command, env));
  const wall = median(runs.map((r) => r.wall));
  const cpu = median(runs.map((r) => r.cpu));
  console.log(`${label.padEnd(44)} wall ${wall.toFixed(3)} s   CPU ${cpu.toFixed(3)} s`);
}

/** CPU seconds a running process has used so far (Linux). */
function cpuOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** `scilit web` from start until the first page and the first API answer arrive. */
async function webStart(env: NodeJS.ProcessEnv): Promise<{ page: number; api: number; cpu: number; vite: boolean }> {
  const dir = tempDir('scilit-bench-start-');
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(root, 'bin', 'scilit.mjs'), 'web', '--db', join(dir, 'bench.sqlite')], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(output);
      if (m) resolveUrl(m[1] as string);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`scilit web stopped (exit ${code}):\n${output}`)));
  });
  const base = new URL(url);
  const res = await fetch(new URL('/', base), { redirect: 'manual' });
  await res.arrayBuffer();
  const page = (performance.now() - t0) / 1000;
  const token = /token=([\w-]+)/.exec(url)?.[1] ?? '';
  const api = await fetch(new URL('/api/overview/home', base), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Scilit-Token': token },
    body: '{}',
  });
  await api.arrayBuffer();
  const apiTime = (performance.now() - t0) / 1000;
  const cpu = cpuOf(child.pid as number);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { page, api: apiTime, cpu, vite: /vite/.test(output) };
}

async function main(): Promise<void> {
  if (!existsSync(join(root, 'dist', 'node', 'cli.mjs')) || !existsSync(join(root, 'renderer', 'dist', 'index.html'))) {
    console.log('building first (npm run build)…');
    spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'build.ts'), '--no-electron'], {
      cwd: root,
      stdio: 'inherit',
    });
  }
  const bundle = statSync(join(root, 'dist', 'node', 'cli.mjs')).size;
  console.log(
    `scilit start-up (node ${process.version}, ${RUNS} runs each, median; load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})`,
  );
  console.log(`prebuilt CLI bundle: dist/node/cli.mjs ${(bundle / 1024 / 1024).toFixed(1)} MB (+ shared chunks)\n`);
  measure('scilit --help (prebuilt)', 'node bin/scilit.mjs --help');
  measure('scilit --version (prebuilt)', 'node bin/scilit.mjs --version');
  const db = join(tempDir('scilit-bench-start-'), 'check.sqlite');
  execFileSync(process.execPath, [join(root, 'bin', 'scilit.mjs'), 'init', '--db', db]);
  measure('scilit check --db (prebuilt, whole program)', `node bin/scilit.mjs check --db ${db}`);
  measure('npx scilit --help (prebuilt, through npx)', 'npx --no-install scilit --help');
  measure('scilit --help (sources through tsx)', 'node bin/scilit.mjs --help', { SCILIT_FROM_SOURCE: '1' });
  measure('node -e 0 (Node itself, for scale)', 'node -e 0');

  const webRuns: Awaited<ReturnType<typeof webStart>>[] = [];
  for (let i = 0; i < 3; i++) webRuns.push(await webStart({}));
  const w = {
    page: median(webRuns.map((r) => r.page)),
    api: median(webRuns.map((r) => r.api)),
    cpu: median(webRuns.map((r) => r.cpu)),
  };
  console.log(
    `\nscilit web (prebuilt, renderer built on install): first page ${w.page.toFixed(2)} s, first API answer ${w.api.toFixed(2)} s, CPU ${w.cpu.toFixed(2)} s; vite run: ${webRuns.some((r) => r.vite) ? 'YES' : 'no'}`,
  );
  const src = await webStart({ SCILIT_FROM_SOURCE: '1' });
  console.log(
    `scilit web (sources through tsx, for comparison): first page ${src.page.toFixed(2)} s, first API answer ${src.api.toFixed(2)} s, CPU ${src.cpu.toFixed(2)} s`,
  );
  console.log(`\n(temporary databases under ${tmpdir()})`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
