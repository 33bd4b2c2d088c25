/**
 * npm run bench:estimate — the speed goal of issue 5: 1,000,000 respondents (31 strata, ~1,200 PSUs, six groups,
 * sex × 5 age bands × urban/rural), raked on three margins, literacy overall and by the six groups with logit
 * intervals, timed end to end as a user runs it (`scilit estimate` reading the CSV, printing JSON), then the
 * same work in R survey on the same file (scripts/r/bench-estimate.R) when Rscript exists. Prints both times,
 * the ratio, peak RSS, and the largest relative difference between the two sets of numbers.
 * Options: --rows N (default 1e6), --no-r, --keep (keep the data folder).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const rowsArg = args.indexOf('--rows');
const ROWS = rowsArg >= 0 ? Number(args[rowsArg + 1]) : 1_000_000;
const root = join(import.meta.dirname, '..');

// Deterministic generator (mulberry32).
let seed = 20251123;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const GROUPS = ['youth', 'farmer', 'worker', 'elderly', 'official', 'other'];
const AGES = ['18-29', '30-39', '40-49', '50-59', '60-69'];

function buildData(dir: string): { csv: string; rake: string } {
  const strata = 31;
  const psuPerStratum = Array.from({ length: strata }, (_, h) => 30 + ((h * 7) % 19)); // 30..48, ~1,200 in all
  const totalPsu = psuPerStratum.reduce((a, b) => a + b, 0);
  const lines: string[] = ['stratum,psu,w,grp,sex,age,urban,literate'];
  let psuId = 0;
  const counts = { sex: new Map<string, number>(), age: new Map<string, number>(), urban: new Map<string, number>() };
  let written = 0;
  for (let h = 0; h < strata; h++) {
    const stratumEffect = (rand() - 0.5) * 0.1;
    for (let j = 0; j < (psuPerStratum[h] as number); j++) {
      psuId++;
      const remainingPsu = totalPsu - psuId + 1;
      const m = Math.round((ROWS - written) / remainingPsu);
      const psuEffect = (rand() - 0.5) * 0.08;
      const urbanPsu = rand() < 0.6;
      for (let i = 0; i < m; i++) {
        const g = GROUPS[Math.floor(rand() * 6)] as string;
        const sex = rand() < 0.5 ? 'male' : 'female';
        const age = AGES[Math.floor(rand() * 5)] as string;
        const urban = urbanPsu ? 'urban' : 'rural';
        const p = 0.14 + stratumEffect + psuEffect + (g === 'official' ? 0.2 : g === 'elderly' ? -0.08 : 0);
        const lit = rand() < p ? 1 : 0;
        const w = (200 + rand() * 600).toFixed(2);
        lines.push(`S${h + 1},P${psuId},${w},${g},${sex},${age},${urban},${lit}`);
        for (const [k, v] of [
          ['sex', sex],
          ['age', age],
          ['urban', urban],
        ] as const) {
          counts[k].set(v, (counts[k].get(v) ?? 0) + 1);
        }
      }
      written += m;
    }
  }
  const csv = join(dir, 'respondents.csv');
  writeFileSync(csv, `${lines.join('\n')}\n`);
  // Population: 500 people per respondent, shifted a little from the sample so raking has work to do.
  const margin = (k: keyof typeof counts, tilt: number) => ({
    var: k,
    targets: Object.fromEntries(
      [...counts[k]].sort().map(([v, c], idx) => [v, Math.round(c * 500 * (1 + (idx % 2 ? tilt : -tilt)))]),
    ),
  });
  const rake = join(dir, 'rake.json');
  writeFileSync(rake, JSON.stringify({ margins: [margin('sex', 0.03), margin('age', 0.05), margin('urban', 0.08)] }));
  return { csv, rake };
}

function timed(cmd: string, argv: string[]): { seconds: number; rssMb: number; stdout: string; stderr: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...argv], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const errLines = r.stderr.trim().split('\n');
  const rssKb = Number(errLines[errLines.length - 1]);
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}):\n${r.stderr}`);
  return { seconds, rssMb: rssKb / 1024, stdout: r.stdout, stderr: errLines.slice(0, -1).join('\n') };
}

interface Est {
  domain: Record<string, string>;
  estimate: number;
  se: number;
  ci: [number, number];
}

const dir = mkdtempSync(join(tmpdir(), 'scilit-bench-estimate-'));
try {
  const t0 = Date.now();
  const { csv, rake } = buildData(dir);
  console.log(`data: ${ROWS.toLocaleString()} rows, 31 strata, ${csv} (${(Date.now() - t0) / 1000} s to build)`);
  const cli = [
    join(root, 'bin/scilit.mjs'),
    'estimate',
    '--data',
    csv,
    '--var',
    'literate',
    '--by',
    'grp',
    '--weight',
    'w',
    '--strata',
    'stratum',
    '--psu',
    'psu',
    '--rake',
    rake,
    '--ci',
    'logit',
    '--format',
    'json',
  ];
  const s = timed(process.execPath, cli);
  const ours = JSON.parse(s.stdout) as {
    estimates: Est[];
    weighting: { diagnostics: { step: string; iterations?: number }[] };
  };
  console.log(`scilit estimate: ${s.seconds.toFixed(2)} s, peak RSS ${s.rssMb.toFixed(0)} MB`);
  for (const e of ours.estimates) {
    const label = Object.values(e.domain).join('.') || 'overall';
    console.log(
      `  ${label.padEnd(9)} ${(e.estimate * 100).toFixed(3)} % (SE ${(e.se * 100).toFixed(3)}) [${(e.ci[0] * 100).toFixed(3)}, ${(e.ci[1] * 100).toFixed(3)}]`,
    );
  }
  const rScript = join(root, 'scripts/r/bench-estimate.R');
  const hasR = spawnSync('Rscript', ['--version']).status === 0;
  if (args.includes('--no-r') || !hasR) {
    console.log(hasR ? 'R skipped (--no-r)' : 'Rscript not found: no comparison with R survey');
  } else {
    const r = timed('Rscript', [rScript, csv, rake, join(dir, 'r.json')]);
    const theirs = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Est[];
    console.log(`R survey:        ${r.seconds.toFixed(2)} s, peak RSS ${r.rssMb.toFixed(0)} MB`);
    let worst = 0;
    let worstCi = 0;
    for (const t of theirs) {
      const o = ours.estimates.find((e) => JSON.stringify(e.domain) === JSON.stringify(t.domain));
      if (!o) throw new Error(`R domain ${JSON.stringify(t.domain)} missing from scilit's output`);
      worst = Math.max(worst, Math.abs(o.estimate / t.estimate - 1), Math.abs(o.se / t.se - 1));
      worstCi = Math.max(worstCi, Math.abs(o.ci[0] / t.ci[0] - 1), Math.abs(o.ci[1] / t.ci[1] - 1));
    }
    console.log(
      `largest relative difference to R: estimates and SEs ${worst.toExponential(2)}, CI ends ${worstCi.toExponential(2)}`,
    );
    console.log(
      `ratio R / scilit: ${(r.seconds / s.seconds).toFixed(1)}× (goal ≥ 10×); scilit peak RSS ${s.rssMb.toFixed(0)} MB (goal < 1024 MB)`,
    );
  }
} finally {
  if (args.includes('--keep')) console.log(`kept ${dir}`);
  else if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
}
