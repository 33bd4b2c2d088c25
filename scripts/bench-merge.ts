// Merging at an office: 200 field packages of 500 interviews each (40 answers per interview) into one database.
// Goal (issue 9): under 20 s here. `npm run bench:merge [-- PACKAGES INTERVIEWS [cli|batch|sequential|all]]`
// The packages are made once and kept in the temp folder (making them takes longer than merging them); delete
// the folder printed below to make fresh ones.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/sqlite.ts';
import { exportPackage, importPackages, importReadPackage, readPackage } from '../src/interchange/package/index.ts';
import { callOperation } from '../src/node/cli-dispatch.ts';
import { workerPackageReader } from '../src/node/package-reader.ts';
import { bulkLaptop } from '../tests/helpers/bulk-laptop.ts';
import { tempDir } from '../tests/helpers/tmp.ts';

const packages = Number(process.argv[2] ?? 200);
const perPackage = Number(process.argv[3] ?? 500);
const fields = 40;

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};

const cache = join(tmpdir(), `scilit-bench-merge-${packages}x${perPackage}x${fields}`);
mkdirSync(cache, { recursive: true });
let t = performance.now();
let made = 0;
const files: Uint8Array[] = [];
for (let p = 0; p < packages; p++) {
  const file = join(cache, `p${p}.scilitpkg`);
  if (!existsSync(file)) {
    const laptop = bulkLaptop(`laptop${p}`, perPackage, fields, p);
    writeFileSync(`${file}.part`, (await exportPackage(laptop)).bytes);
    renameSync(`${file}.part`, file);
    laptop.close();
    made++;
  }
  files.push(new Uint8Array(readFileSync(file)));
}
const megabytes = files.reduce((s, f) => s + f.length, 0) / 1e6;
console.log(
  `${packages} packages × ${perPackage} interviews × ${fields} answers (${megabytes.toFixed(1)} MB; ${made} made, ${packages - made} from ${cache}) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);

// The ways an office merges: one package after another on one thread (read, then write); the batch import that
// reads package k+1 on a worker thread while package k is written; and `cli`: exactly what `scilit package import
// FILE...` runs (the package/importMany operation through dispatch, files as the CLI passes them). Each into a
// fresh database. Default: cli.
const mode = process.argv[4] ?? 'cli';
const report = (
  label: string,
  office: ReturnType<typeof openDatabase>,
  seconds: number,
  cpu: number,
  added: number,
  detail: string,
) => {
  const n = office.get<{ n: number }>('SELECT count(*) AS n FROM interviews')?.n;
  const a = office.get<{ n: number }>('SELECT count(*) AS n FROM answers')?.n;
  console.log(
    `${label}: ${added} interviews added (${n} in the database, ${a} answers) in ${seconds.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU (all threads); ${((seconds * 1000) / packages).toFixed(0)} ms per package; ${detail}; goal < 20 s ${seconds < 20 ? 'met' : 'MISSED'}`,
  );
  console.log(`  load average now: ${load()}`);
};

if (mode === 'all' || mode === 'sequential') {
  const office = openDatabase(join(tempDir('scilit-office-'), 'office.sqlite'), { create: true });
  console.log(`load average before merging: ${load()}`);
  const cpu0 = process.cpuUsage();
  t = performance.now();
  let added = 0;
  const phases = { read: 0, write: 0 };
  for (const [i, bytes] of files.entries()) {
    const t0 = performance.now();
    const read = await readPackage(bytes, { fileName: `p${i}` });
    const t1 = performance.now();
    added += (await importReadPackage(office, read, { fileName: `p${i}` })).added;
    phases.read += t1 - t0;
    phases.write += performance.now() - t1;
  }
  report(
    'one by one (importPackage)',
    office,
    (performance.now() - t) / 1000,
    cpuSeconds(cpu0),
    added,
    `read/verify ${(phases.read / packages).toFixed(0)} ms + write ${(phases.write / packages).toFixed(0)} ms per package`,
  );
  office.close();
}

if (mode === 'all' || mode === 'batch') {
  const office = openDatabase(join(tempDir('scilit-office-'), 'office.sqlite'), { create: true });
  console.log(`load average before merging: ${load()}`);
  const reader = workerPackageReader();
  const cpu0 = process.cpuUsage();
  t = performance.now();
  let waited = 0;
  let last = performance.now();
  let added = 0;
  const results = await importPackages(
    office,
    files.map((bytes, i) => ({ bytes, fileName: `p${i}` })),
    {
      read: (f, o) => {
        const asked = performance.now();
        return reader.read(f, o).finally(() => {
          // Time the main thread stood idle for a read: the write of the previous package was shorter.
          waited += Math.max(0, performance.now() - Math.max(asked, last));
        });
      },
      onPackage: (_, r) => {
        last = performance.now();
        if (r.ok) added += r.summary.added;
        else throw r.error;
      },
    },
  );
  const seconds = (performance.now() - t) / 1000;
  const cpu = cpuSeconds(cpu0);
  await reader.close();
  report(
    'batch (importPackages, reader on a worker thread)',
    office,
    seconds,
    cpu,
    added,
    `${results.length} packages; main thread idle waiting for reads ${(waited / packages).toFixed(0)} ms per package`,
  );
  office.close();
}
if (mode === 'all' || mode === 'cli') {
  const dbPath = join(tempDir('scilit-office-'), 'office.sqlite');
  openDatabase(dbPath, { create: true }).close();
  const args = {
    files: files.map((bytes, i) => ({ fileName: `p${i}`, dataBase64: Buffer.from(bytes).toString('base64') })),
  };
  console.log(`load average before merging: ${load()}`);
  const cpu0 = process.cpuUsage();
  t = performance.now();
  const { results } = await callOperation(dbPath, 'package/importMany', args);
  const seconds = (performance.now() - t) / 1000;
  const cpu = cpuSeconds(cpu0);
  const refused = results.filter((r) => !r.ok);
  if (refused.length > 0) throw new Error(`refused: ${JSON.stringify(refused[0])}`);
  const added = results.reduce((s, r) => s + (r.ok ? r.summary.added : 0), 0);
  const office = openDatabase(dbPath);
  report('as `scilit package import` (package/importMany)', office, seconds, cpu, added, `${results.length} packages`);
  office.close();
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
