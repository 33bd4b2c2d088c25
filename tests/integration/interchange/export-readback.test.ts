import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { exportData } from '../../../src/interchange/export/data.ts';
import {
  type Dataset,
  missingRoleOf,
  STATA_MISSING_LETTER,
  truncateChars,
  truncateUtf8,
  utf8Length,
} from '../../../src/interchange/export/dataset.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';

/**
 * The demo city's data written as .sav, .dta and .csv, read back by the reference readers: R haven (ReadStat)
 * for all three, PSPP for the .sav and the .csv. Every value, variable label, value label and user-missing code
 * must come back as scilit wrote it. Skipped with a notice where R/haven or PSPP are not installed.
 */
const READBACK = join(import.meta.dirname, '../../../scripts/r/export/readback.R');

function available(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const haveHaven = available('Rscript', ['-e', 'suppressPackageStartupMessages({library(haven); library(jsonlite)})']);
const havePspp = available('pspp', ['--version']);
if (!haveHaven) console.log('notice: R with haven and jsonlite is not installed: the haven read-back was skipped.');
if (!havePspp) console.log('notice: PSPP is not installed: the PSPP read-back was skipped.');

interface RVariable {
  name: string;
  label: string;
  labels: { value: string | null; label: string }[];
  missing: string[];
  values: (string | null)[];
}

let dir = '';
let dataset: Dataset;

beforeAll(async () => {
  dir = tempDir('scilit-export-readback-');
  const r = await runCli('demo', '--dir', dir, '--respondents', '300', '--population', '30000', '--seed', '3');
  expect(r.code).toBe(0);
  const db = openDatabase(join(dir, 'demo.sqlite'));
  try {
    for (const format of ['sav', 'dta', 'csv'] as const) {
      const { files, bundle } = await exportData(db, { format, lonelyPsu: 'adjust' });
      writeFileSync(join(dir, files[0]!.fileName), files[0]!.bytes);
      dataset = bundle.dataset;
    }
  } finally {
    db.close();
  }
}, 120_000);

const num = (x: number) => (Number.isNaN(x) ? null : x);

function readWithHaven(file: string): RVariable[] {
  const out = execFileSync('Rscript', [READBACK, join(dir, file)], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return (JSON.parse(out) as { variables: RVariable[] }).variables;
}

describe('R haven reads the export back', () => {
  it.runIf(haveHaven)(
    '.sav: same names, labels, value labels, user-missing codes and values',
    () => {
      const got = readWithHaven('scilit-data.sav');
      expect(got.map((v) => v.name)).toEqual(dataset.variables.map((v) => v.name));
      dataset.variables.forEach((v, k) => {
        const g = got[k]!;
        expect(g.label, v.name).toBe(truncateUtf8(v.label, 255));
        if (v.kind === 'string') {
          expect(
            g.values.map((x) => x ?? ''),
            v.name,
          ).toEqual(v.values);
          return;
        }
        expect(
          g.values.map((x) => (x === null ? null : Number(x))),
          v.name,
        ).toEqual([...v.values].map(num));
        const byValue = (a: (string | number)[], b: (string | number)[]) => (a[0] as number) - (b[0] as number);
        expect(g.labels.map((l) => [Number(l.value), l.label]).sort(byValue), v.name).toEqual(
          (v.valueLabels ?? []).map((l) => [l.value, truncateUtf8(l.label, 120)]).sort(byValue),
        );
        const codes = Object.values(v.missing ?? {}).sort((a, b) => a - b);
        expect(
          g.missing.map(Number).sort((a, b) => a - b),
          v.name,
        ).toEqual(codes);
      });
    },
    120_000,
  );

  it.runIf(haveHaven)(
    '.dta: user-missing codes become .a / .b / .d with their labels, everything else the same',
    () => {
      const got = readWithHaven('scilit-data.dta');
      expect(got.map((v) => v.name)).toEqual(dataset.variables.map((v) => v.name));
      let tagged = 0;
      dataset.variables.forEach((v, k) => {
        const g = got[k]!;
        expect(g.label, v.name).toBe(truncateUtf8(truncateChars(v.label, 80), 320));
        if (v.kind === 'string') {
          expect(
            g.values.map((x) => x ?? ''),
            v.name,
          ).toEqual(v.values);
          return;
        }
        const expected = [...v.values].map((x) => {
          const role = Number.isNaN(x) ? undefined : missingRoleOf(v, x);
          if (role) tagged++;
          return role ? `.${STATA_MISSING_LETTER[role]}` : num(x);
        });
        expect(
          g.values.map((x) => (x === null || x.startsWith('.') ? x : Number(x))),
          v.name,
        ).toEqual(expected);
        const labels = (v.valueLabels ?? []).map((l) => {
          const role = missingRoleOf(v, l.value);
          return [role ? `.${STATA_MISSING_LETTER[role]}` : String(l.value), l.label];
        });
        expect(
          g.labels.map((l) => [l.value?.startsWith('.') ? l.value : String(Number(l.value)), l.label]).sort(),
          v.name,
        ).toEqual(labels.sort());
      });
      // The demo has skipped questions (not applicable) and don't-know answers: the tags are really exercised.
      expect(tagged).toBeGreaterThan(0);
    },
    120_000,
  );

  it.runIf(haveHaven)(
    '.csv: base R reads the same codes and texts',
    () => {
      const got = readWithHaven('scilit-data.csv');
      expect(got.map((v) => v.name)).toEqual(dataset.variables.map((v) => v.name));
      dataset.variables.forEach((v, k) => {
        const values = got[k]!.values;
        if (v.kind === 'string')
          expect(
            values.map((x) => x ?? ''),
            v.name,
          ).toEqual(v.values);
        else
          expect(
            values.map((x) => (x === null ? null : Number(x))),
            v.name,
          ).toEqual([...v.values].map(num));
      });
    },
    120_000,
  );
});

/** PSPP's CSV of values: numbers as PSPP prints them (about 16 digits), system missing blank. */
function psppValues(file: string): string[][] {
  return Papa.parse<string[]>(readFileSync(join(dir, file), 'utf8').trim(), { header: false }).data;
}

function expectPsppValues(rows: string[][]) {
  expect(rows[0]).toEqual(dataset.variables.map((v) => v.name));
  dataset.variables.forEach((v, k) => {
    for (let i = 0; i < dataset.rows; i++) {
      const cell = rows[i + 1]![k]!;
      if (v.kind === 'string') {
        expect(cell.trimEnd(), `${v.name} row ${i + 1}`).toBe(v.values[i]);
        continue;
      }
      const x = v.values[i]!;
      if (Number.isNaN(x)) expect(cell.trim(), `${v.name} row ${i + 1}`).toBe('');
      else expect(Math.abs(Number(cell) - x) / Math.max(1, Math.abs(x)), `${v.name} row ${i + 1}`).toBeLessThan(1e-12);
    }
  });
}

describe('PSPP reads the export back', () => {
  it.runIf(havePspp)(
    '.sav: values, variable labels, value labels and missing values',
    () => {
      writeFileSync(
        join(dir, 'read-sav.sps'),
        [
          "GET FILE='scilit-data.sav'.",
          "SAVE TRANSLATE /OUTFILE='pspp-sav.csv' /TYPE=CSV /FIELDNAMES /REPLACE.",
          "SAVE TRANSLATE /OUTFILE='pspp-sav-labels.csv' /TYPE=CSV /FIELDNAMES /CELLS=LABELS /REPLACE.",
          'DISPLAY DICTIONARY.',
        ].join('\n'),
      );
      const log = execFileSync('pspp', ['-o', 'pspp-dict.csv', 'read-sav.sps'], { cwd: dir, encoding: 'utf8' });
      expect(log).not.toMatch(/warning|error/i);
      expectPsppValues(psppValues('pspp-sav.csv'));

      // Value labels as PSPP applies them, cell by cell.
      const labelled = psppValues('pspp-sav-labels.csv');
      dataset.variables.forEach((v, k) => {
        if (v.kind !== 'numeric' || !v.valueLabels) return;
        for (let i = 0; i < dataset.rows; i++) {
          const x = v.values[i]!;
          const l = v.valueLabels.find((y) => y.value === x);
          if (l) expect(labelled[i + 1]![k], `${v.name} row ${i + 1}`).toBe(l.label);
        }
      });

      // Variable labels and missing values from the dictionary table.
      const dict = readFileSync(join(dir, 'pspp-dict.csv'), 'utf8');
      const table = dict
        .slice(dict.indexOf('Table: Variables') + 'Table: Variables'.length)
        .split('\n\n')[0]!
        .trim();
      const rows = Papa.parse<Record<string, string>>(table, { header: true }).data;
      expect(rows.map((r) => r.Name)).toEqual(dataset.variables.map((v) => v.name));
      dataset.variables.forEach((v, k) => {
        expect(rows[k]!.Label ?? '', v.name).toBe(truncateUtf8(v.label, 255));
        if (v.kind === 'numeric' && v.missing) {
          const codes = Object.values(v.missing).sort((a, b) => a - b);
          expect(
            rows[k]!['Missing Values']!.split(';')
              .map((s) => Number(s.trim()))
              .sort((a, b) => a - b),
            v.name,
          ).toEqual(codes);
        }
      });
    },
    120_000,
  );

  it.runIf(havePspp)(
    '.csv: read with GET DATA, the same values',
    () => {
      const spec = dataset.variables
        .map((v) => `${v.name} ${v.kind === 'string' ? `A${Math.max(1, ...v.values.map(utf8Length))}` : 'F40.16'}`)
        .join('\n  ');
      writeFileSync(
        join(dir, 'read-csv.sps'),
        [
          "GET DATA /TYPE=TXT /FILE='scilit-data.csv' /ENCODING='UTF-8' /ARRANGEMENT=DELIMITED /FIRSTCASE=2",
          "  /DELIMITERS=',' /QUALIFIER='\"'",
          `  /VARIABLES=${spec}.`,
          "SAVE TRANSLATE /OUTFILE='pspp-csv.csv' /TYPE=CSV /FIELDNAMES /REPLACE.",
        ].join('\n'),
      );
      const log = execFileSync('pspp', ['read-csv.sps'], { cwd: dir, encoding: 'utf8' });
      expect(log).not.toMatch(/warning|error/i);
      expectPsppValues(psppValues('pspp-csv.csv'));
    },
    120_000,
  );
});
