/**
 * npm run bench:estimate — the speed goals of issues 5, 20 and 22:
 *  1. Taylor: 1,000,000 respondents (31 strata, ~1,200 PSUs, six groups, sex × 5 age bands × urban/rural), raked on
 *     three margins, literacy overall and by the six groups with logit intervals, timed end to end as a user runs
 *     it (`scilit estimate` reading the CSV, printing JSON), then the same work in R survey on the same file
 *     (scripts/r/bench-estimate.R). Goal ≥ 30× R in CPU time.
 *  2. JKn replicates: 100,000 respondents (31 strata × 4 PSUs: 124 replicates), by the six groups with logit
 *     intervals, against R's as.svrepdesign(type = "JKn") (scripts/r/bench-estimate-jkn.R).
 * Prints wall and CPU times (user + system of the process), the ratios, peak RSS, and the largest relative
 * difference between the two sets of numbers. The R comparisons need the Debian packages r-cran-survey,
 * r-cran-jsonlite and r-cran-data.table; where one is missing the comparison is skipped with a notice.
 * Options: --rows N (default 1e6), --jkn-rows N (default 1e5), --no-r, --no-jkn, --keep (keep the data folder).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const rowsArg = args.indexOf('--rows');
const ROWS = rowsArg >= 0 ? Number(args[rowsArg + 1]) : 1_000_000;
const jknArg = args.indexOf('--jkn-rows');
const JKN_ROWS = jknArg >= 0 ? Number(args[jknArg + 1]) : 100_000;
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

function buildData(
  dir: string,
  ROWS: number,
  psusOf: (h: number) => number = (h) => 30 + ((h * 7) % 19), // 30..48, ~1,200 in all
  name = 'respondents',
): { csv: string; rake: string } {
  const strata = 31;
  const psuPerStratum = Array.from({ length: strata }, (_, h) => psusOf(h));
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
  const csv = join(dir, `${name}.csv`);
  writeFileSync(csv, `${lines.join('\n')}\n`);
  // Population: 500 people per respondent, shifted a little from the sample so raking has work to do.
  const margin = (k: keyof typeof counts, tilt: number) => ({
    var: k,
    targets: Object.fromEntries(
      [...counts[k]].sort().map(([v, c], idx) => [v, Math.round(c * 500 * (1 + (idx % 2 ? tilt : -tilt)))]),
    ),
  });
  const rake = join(dir, `${name}-rake.json`);
  writeFileSync(rake, JSON.stringify({ margins: [margin('sex', 0.03), margin('age', 0.05), margin('urban', 0.08)] }));
  return { csv, rake };
}

interface Timed {
  seconds: number;
  /** user + system CPU seconds of the process. */
  cpu: number;
  rssMb: number;
  stdout: string;
  stderr: string;
}

function timed(cmd: string, argv: string[]): Timed {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', cmd, ...argv], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const errLines = r.stderr.trim().split('\n');
  const [rssKb, user, sys] = (errLines[errLines.length - 1] ?? '').split(' ').map(Number);
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}):\n${r.stderr}`);
  return {
    seconds,
    cpu: (user ?? 0) + (sys ?? 0),
    rssMb: (rssKb ?? 0) / 1024,
    stdout: r.stdout,
    stderr: errLines.slice(0, -1).join('\n'),
  };
}

/** Whether Rscript and the R packages a comparison needs are installed; says what is missing otherwise. */
function rReady(): boolean {
  if (args.includes('--no-r')) {
    console.log('R comparisons skipped (--no-r)');
    return false;
  }
  if (spawnSync('Rscript', ['--version']).status !== 0) {
    console.log(
      'notice: Rscript not found: R comparisons skipped (Debian: r-base-core r-cran-survey r-cran-jsonlite r-cran-data.table)',
    );
    return false;
  }
  const need = ['survey', 'jsonlite', 'data.table'];
  const check = spawnSync(
    'Rscript',
    ['-e', `m <- c(${need.map((p) => `"${p}"`).join(',')}); cat(m[!sapply(m, requireNamespace, quietly = TRUE)])`],
    { encoding: 'utf8' },
  );
  const missing = check.stdout.trim().split(/\s+/).filter(Boolean);
  if (missing.length > 0) {
    console.log(
      `notice: R lacks ${missing.join(', ')}: R comparisons skipped (install ${missing.map((p) => `r-cran-${p}`).join(' ')})`,
    );
    return false;
  }
  return true;
}

function compare(ours: Est[], theirs: Est[]): string {
  let worst = 0;
  let worstCi = 0;
  for (const t of theirs) {
    const o = ours.find((e) => JSON.stringify(e.domain) === JSON.stringify(t.domain));
    if (!o) throw new Error(`R domain ${JSON.stringify(t.domain)} missing from scilit's output`);
    worst = Math.max(worst, Math.abs(o.estimate / t.estimate - 1), Math.abs(o.se / t.se - 1));
    worstCi = Math.max(worstCi, Math.abs(o.ci[0] / t.ci[0] - 1), Math.abs(o.ci[1] / t.ci[1] - 1));
    if (t.df !== undefined && o.df !== t.df) throw new Error(`df of ${JSON.stringify(t.domain)}: ${o.df} vs R ${t.df}`);
  }
  return `largest relative difference to R: estimates and SEs ${worst.toExponential(2)}, CI ends ${worstCi.toExponential(2)}`;
}

function line(label: string, t: Timed): string {
  return `${label}: wall ${t.seconds.toFixed(2)} s, CPU ${t.cpu.toFixed(2)} s, peak RSS ${t.rssMb.toFixed(0)} MB`;
}

interface Est {
  domain: Record<string, string>;
  estimate: number;
  se: number;
  df?: number;
  ci: [number, number];
}

const dir = mkdtempSync(join(tmpdir(), 'scilit-bench-estimate-'));
try {
  const withR = rReady();
  const t0 = Date.now();
  const { csv, rake } = buildData(dir, ROWS);
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
  const ours = JSON.parse(s.stdout) as { estimates: Est[] };
  console.log(line('scilit estimate (Taylor, raked)', s));
  for (const e of ours.estimates) {
    const label = Object.values(e.domain).join('.') || 'overall';
    console.log(
      `  ${label.padEnd(9)} ${(e.estimate * 100).toFixed(3)} % (SE ${(e.se * 100).toFixed(3)}) [${(e.ci[0] * 100).toFixed(3)}, ${(e.ci[1] * 100).toFixed(3)}]`,
    );
  }
  if (withR) {
    const r = timed('Rscript', [join(root, 'scripts/r/bench-estimate.R'), csv, rake, join(dir, 'r.json')]);
    const theirs = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Est[];
    console.log(line('R survey (Taylor, raked)', r));
    console.log(compare(ours.estimates, theirs));
    console.log(
      `ratio R / scilit: CPU ${(r.cpu / s.cpu).toFixed(1)}× (goal ≥ 30×), wall ${(r.seconds / s.seconds).toFixed(1)}×; scilit peak RSS ${s.rssMb.toFixed(0)} MB`,
    );
  }
  if (!args.includes('--no-jkn')) {
    const jkn = buildData(dir, JKN_ROWS, () => 4, 'jkn');
    console.log(`\nJKn data: ${JKN_ROWS.toLocaleString()} rows, 31 strata × 4 PSUs (124 replicates)`);
    const j = timed(process.execPath, [
      ...cli.slice(0, 3),
      jkn.csv,
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
      '--nest',
      '--replicates',
      'jkn',
      '--ci',
      'logit',
      '--format',
      'json',
    ]);
    const oursJ = JSON.parse(j.stdout) as { estimates: Est[] };
    console.log(line('scilit estimate (JKn)', j));
    if (withR) {
      const r = timed('Rscript', [join(root, 'scripts/r/bench-estimate-jkn.R'), jkn.csv, join(dir, 'r-jkn.json')]);
      console.log(line('R survey (JKn)', r));
      console.log(compare(oursJ.estimates, JSON.parse(readFileSync(join(dir, 'r-jkn.json'), 'utf8')) as Est[]));
      console.log(
        `ratio R / scilit (JKn): CPU ${(r.cpu / j.cpu).toFixed(1)}×, wall ${(r.seconds / j.seconds).toFixed(1)}×`,
      );
    }
  }
} finally {
  if (args.includes('--keep')) console.log(`kept ${dir}`);
  else if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
}
