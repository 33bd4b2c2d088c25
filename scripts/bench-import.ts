// npm run bench:import — 100,000 rows × 60 columns .xlsx: scilit's whole import (parse, validate, store) timed
// end to end in a child process (with its peak RSS), and pandas.read_excel alone on the same file, same run.
// Usage: npm run bench:import [-- --rows N]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { openDatabase } from '../db/sqlite.ts';
import type { Field, Form } from '../src/form/model.ts';
import { putForm } from '../src/store/forms.ts';

const COLUMNS = 60;
/** The 1, 5 and 15 minute load averages: on a shared 2-CPU machine, wall times mean little without them. */
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const here = fileURLToPath(import.meta.url);

const ch = (name: string, zh: string) => ({ name, label: { zh, en: name } });

export function benchForm(): Form {
  const fields: Field[] = [
    {
      kind: 'field',
      name: 'age',
      type: 'integer',
      label: { zh: '年龄' },
      required: 'true()',
      constraint: '. >= 18 and . <= 69',
    },
    { kind: 'field', name: 'sex', type: 'select_one', listName: 'sex', label: { zh: '性别' }, required: 'true()' },
    { kind: 'field', name: 'residence', type: 'select_one', listName: 'residence', label: { zh: '居住地' } },
    { kind: 'field', name: 'education', type: 'select_one', listName: 'education', label: { zh: '文化程度' } },
    { kind: 'field', name: 'region', type: 'text', label: { zh: '区县代码' } },
    { kind: 'field', name: 'interview_date', type: 'date', label: { zh: '调查日期' } },
    { kind: 'field', name: 'sources', type: 'select_multiple', listName: 'sources', label: { zh: '信息渠道' } },
  ];
  for (let i = fields.length; i < COLUMNS; i++) {
    fields.push({
      kind: 'field',
      name: `k${i}`,
      type: 'select_one',
      listName: 'abcd',
      label: { zh: `第${i}题` },
      scoring: { dimension: 'knowledge', points: 1, key: ['a'] },
    });
  }
  return {
    formId: 'bench_import',
    version: '1',
    title: { zh: '导入基准' },
    defaultLanguage: 'zh',
    languages: [{ code: 'zh', name: '中文' }],
    survey: fields,
    choices: {
      sex: [ch('male', '男'), ch('female', '女')],
      residence: [ch('urban', '城镇'), ch('rural', '农村')],
      education: ['none', 'primary', 'junior', 'senior', 'college', 'university'].map((n) => ch(n, n)),
      sources: [ch('tv', '电视'), ch('internet', '互联网'), ch('paper', '报纸')],
      abcd: [ch('a', 'A'), ch('b', 'B'), ch('c', 'C'), ch('dont_know', '不知道')],
    },
    levels: [],
    groups: [],
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A workbook as Excel writes one: shared strings for text, numbers and date serials as numbers. */
export function buildWorkbook(rows: number): Uint8Array {
  const form = benchForm();
  const names = form.survey.map((f) => f.name);
  const strings: string[] = [];
  const index = new Map<string, number>();
  const sst = (s: string) => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const col = (i: number) =>
    i < 26
      ? String.fromCharCode(65 + i)
      : String.fromCharCode(64 + Math.floor(i / 26)) + String.fromCharCode(65 + (i % 26));
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [
    enc.encode(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
    ),
  ];
  let xml = `<row r="1">${names.map((n, i) => `<c r="${col(i)}1" t="s"><v>${sst(n)}</v></c>`).join('')}</row>`;
  let seed = 12345;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const sexes = ['男', '女'];
  const res = ['urban', 'rural', '城镇', '农村'];
  const edu = ['none', 'primary', 'junior', 'senior', 'college', 'university'];
  const src = ['tv', 'internet', 'tv internet', 'paper', 'internet paper'];
  const abcd = ['a', 'b', 'c', 'dont_know'];
  for (let r = 2; r <= rows + 1; r++) {
    let row = `<row r="${r}">`;
    const cells: string[] = [
      `<c r="A${r}"><v>${18 + rand(52)}</v></c>`,
      `<c r="B${r}" t="s"><v>${sst(sexes[rand(2)]!)}</v></c>`,
      `<c r="C${r}" t="s"><v>${sst(res[rand(4)]!)}</v></c>`,
      `<c r="D${r}" t="s"><v>${sst(edu[rand(6)]!)}</v></c>`,
      `<c r="E${r}" t="s"><v>${sst(`3201${String(rand(20)).padStart(2, '0')}`)}</v></c>`,
      `<c r="F${r}" s="1"><v>${45292 + rand(300)}</v></c>`,
      `<c r="G${r}" t="s"><v>${sst(src[rand(5)]!)}</v></c>`,
    ];
    for (let i = cells.length; i < COLUMNS; i++)
      cells.push(`<c r="${col(i)}${r}" t="s"><v>${sst(abcd[rand(4)]!)}</v></c>`);
    row += `${cells.join('')}</row>`;
    xml += row;
    if (xml.length > 1 << 20) {
      parts.push(enc.encode(xml));
      xml = '';
    }
  }
  parts.push(enc.encode(`${xml}</sheetData></worksheet>`));
  const sheet = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    sheet.set(p, o);
    o += p.length;
  }
  const shared = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t>${esc(s)}</t></si>`).join('')}</sst>`;
  const files = {
    '[Content_Types].xml': enc.encode(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    ),
    '_rels/.rels': enc.encode(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    'xl/workbook.xml': enc.encode(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': enc.encode(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    ),
    'xl/styles.xml': enc.encode(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>',
    ),
    'xl/sharedStrings.xml': enc.encode(shared),
    'xl/worksheets/sheet1.xml': sheet,
  };
  return zipSync(files, { level: 6 });
}

async function child(file: string, db: string): Promise<void> {
  const { main } = await import('../src/node/cli.ts');
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const code = await main(
    ['import', 'responses', file, '--db', db, '--form', 'bench_import'],
    () => {},
    (s) => process.stderr.write(`${s}\n`),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu0);
  const cpuSeconds = (used.user + used.system) / 1e6;
  process.stdout.write(
    `${JSON.stringify({ code, seconds, cpuSeconds, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
}

async function bench(): Promise<void> {
  const arg = process.argv.indexOf('--rows');
  const rows = arg > 0 ? Number(process.argv[arg + 1]) : 100_000;
  const dir = join(tmpdir(), 'scilit-bench-import');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `responses-${rows}x${COLUMNS}.xlsx`);
  if (!existsSync(file)) {
    const t = performance.now();
    writeFileSync(file, buildWorkbook(rows));
    console.log(`built ${file} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  console.log(`file: ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB, ${rows} rows × ${COLUMNS} columns)`);
  const dbFile = join(dir, 'bench.db');
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) rmSync(f, { force: true });
  const db = openDatabase(dbFile, { create: true });
  const form = benchForm();
  putForm(db, {
    formId: form.formId,
    version: form.version,
    title: '导入基准',
    definition: JSON.stringify(form),
    definitionChecksum: 'bench',
  });
  db.close();

  const loadBefore = load();
  const run = spawnSync(process.execPath, ['--import', 'tsx', here, '--child', file, dbFile], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (run.status !== 0) {
    console.error(run.stderr);
    process.exit(1);
  }
  const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
    code: number;
    seconds: number;
    cpuSeconds: number;
    maxRssMb: number;
  };
  const check = openDatabase(dbFile);
  const stored = check.get<{ n: number }>("SELECT count(*) AS n FROM interviews WHERE source = 'import'")!.n;
  const answers = check.get<{ n: number }>('SELECT count(*) AS n FROM answers')!.n;
  // Rows without an id get ordered UUIDv7 ids only on the store-thread path (src/node/import-store.ts).
  const threaded = check.get<{ n: number }>(
    "SELECT count(*) AS n FROM interviews WHERE source = 'import' AND substr(interview_id, 15, 1) = '7'",
  )!.n;
  check.close();
  console.log(
    `scilit import (parse, validate, store): wall ${result.seconds.toFixed(1)} s, CPU ${result.cpuSeconds.toFixed(1)} s ` +
      `(load before ${loadBefore}, after ${load()}), peak RSS ${result.maxRssMb.toFixed(0)} MB, ` +
      `exit ${result.code}, ${stored} interviews / ${answers} answers stored ` +
      `(${threaded === stored ? 'by the store thread' : 'on the reading thread'})`,
  );
  if (result.code !== 0 || stored !== rows) console.log(run.stderr.slice(0, 4000));

  const python = '/usr/bin/python3';
  const probe = existsSync(python)
    ? spawnSync(python, ['-c', 'import pandas, openpyxl'], { encoding: 'utf8' })
    : undefined;
  if (probe?.status !== 0) {
    console.log(
      'pandas: skipped (Debian python3 with pandas and openpyxl not found: apt-get install python3-pandas python3-openpyxl)',
    );
    return;
  }
  const pyLoad = load();
  const py = spawnSync(python, [join(here, '..', 'bench-import-pandas.py'), file], { encoding: 'utf8' });
  if (py.status !== 0) {
    console.log(`pandas failed: ${py.stderr}`);
    return;
  }
  const [pandasSeconds, pandasCpu] = py.stdout.trim().split(' ').map(Number) as [number, number];
  console.log(
    `pandas.read_excel (parse only): wall ${pandasSeconds.toFixed(1)} s, CPU ${pandasCpu.toFixed(1)} s (load before ${pyLoad}, after ${load()})`,
  );
  console.log(
    `ratio pandas / scilit: wall ${(pandasSeconds / result.seconds).toFixed(2)}×, CPU ${(pandasCpu / result.cpuSeconds).toFixed(2)}× (goal ≥ 3×)`,
  );
}

if (process.argv[1]?.endsWith('bench-import.ts') && process.argv[2] === '--child')
  await child(process.argv[3]!, process.argv[4]!);
else if (process.argv[1]?.endsWith('bench-import.ts')) await bench();
