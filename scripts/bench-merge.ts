// Merging at an office: 200 field packages of 500 interviews each (40 answers per interview) into one database.
// Goal (issue 9): under 20 s here. `npm run bench:merge [-- PACKAGES INTERVIEWS]`
import { join } from 'node:path';
import { openDatabase } from '../db/sqlite.ts';
import { exportPackage, importPackage } from '../src/interchange/package/index.ts';
import { bulkLaptop } from '../tests/helpers/bulk-laptop.ts';
import { tempDir } from '../tests/helpers/tmp.ts';

const packages = Number(process.argv[2] ?? 200);
const perPackage = Number(process.argv[3] ?? 500);
const fields = 40;

let t = performance.now();
const files: Uint8Array[] = [];
for (let p = 0; p < packages; p++) {
  const laptop = bulkLaptop(`laptop${p}`, perPackage, fields, p);
  files.push((await exportPackage(laptop)).bytes);
  laptop.close();
}
const megabytes = files.reduce((s, f) => s + f.length, 0) / 1e6;
console.log(
  `made ${packages} packages × ${perPackage} interviews (${megabytes.toFixed(1)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);

const office = openDatabase(join(tempDir('scilit-office-'), 'office.sqlite'), { create: true });
t = performance.now();
let added = 0;
for (const [i, bytes] of files.entries()) added += (await importPackage(office, bytes, { fileName: `p${i}` })).added;
const seconds = (performance.now() - t) / 1000;
const n = office.get<{ n: number }>('SELECT count(*) AS n FROM interviews')?.n;
const a = office.get<{ n: number }>('SELECT count(*) AS n FROM answers')?.n;
console.log(
  `merged ${packages} packages: ${added} interviews added (${n} in the database, ${a} answers) in ${seconds.toFixed(1)} s`,
);
console.log(
  `goal < 20 s: ${seconds < 20 ? 'met' : 'MISSED'}; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
);
