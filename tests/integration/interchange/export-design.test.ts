import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { estimateLiteracy, type LiteracyEstimates } from '../../../src/analysis/estimate-literacy.ts';
import { labelOf } from '../../../src/form/model.ts';
import { gatherExport } from '../../../src/interchange/export/gather.ts';
import { groupsOf } from '../../../src/scoring/groups.ts';
import { listWeightingSchemes } from '../../../src/store/weighting.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';

/**
 * A statistician takes the demo city's data into R: `scilit export data --syntax` writes the CSV with the design
 * (stratum, PSU, design weight, the raking step's weight, final weight) and an .R script that re-rakes and
 * estimates with R survey. Its numbers (committed: tests/fixtures/export/demo-seed7-r.csv, made by
 * scripts/r/export/make-fixture.sh) must equal `scilit estimate` on the same database; where R is installed
 * the script is run again on this test's own export.
 */
const FIXTURE = join(import.meta.dirname, '../../fixtures/export/demo-seed7-r.csv');

interface RRow {
  domain: string;
  estimate: number;
  se: number;
  ci_low: number;
  ci_high: number;
  df: number;
}

function parseR(text: string): RRow[] {
  const rows = Papa.parse<Record<string, string>>(text.trim(), { header: true }).data;
  return rows.map((r) => ({
    domain: r.domain!,
    estimate: Number(r.estimate),
    se: Number(r.se),
    ci_low: Number(r.ci_low),
    ci_high: Number(r.ci_high),
    df: Number(r.df),
  }));
}

function hasR(): boolean {
  try {
    execFileSync('Rscript', ['-e', 'suppressPackageStartupMessages(library(survey))'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-12, Math.abs(b));

let dir = '';
let db = '';
let byGroup: LiteracyEstimates;
let byRegion: LiteracyEstimates;
let groupLabels: Map<string, string>;

beforeAll(async () => {
  dir = tempDir('scilit-export-design-');
  const r = await runCli('demo', '--dir', dir, '--respondents', '600', '--population', '60000', '--seed', '7');
  expect(r.code).toBe(0);
  db = join(dir, 'demo.sqlite');
  const conn = openDatabase(db);
  try {
    const scheme = listWeightingSchemes(conn)[0]!;
    const request = { weightingSchemeId: scheme.schemeId, lonelyPsu: 'adjust' as const };
    byGroup = estimateLiteracy(conn, { ...request, by: 'group' });
    byRegion = estimateLiteracy(conn, { ...request, by: ['region_code'] });
    const form = gatherExport(conn, { lonelyPsu: 'adjust' }).form;
    groupLabels = new Map(groupsOf(form).map((g) => [g.name, labelOf(g.label, 'zh', g.name)]));
  } finally {
    conn.close();
  }
  expect(
    (
      await runCli(
        'export',
        'data',
        '--db',
        db,
        '--out',
        join(dir, 'scilit-data.csv'),
        '--syntax',
        '--lonely-psu',
        'adjust',
      )
    ).code,
  ).toBe(0);
}, 120_000);

/** R's rows against scilit's estimates: overall, key populations, then districts (by code). */
function expectSameAsScilit(rows: RRow[]) {
  const expected = [
    ...byGroup.estimates.map((e, i) => ({ key: i === 0 ? '全体' : groupLabels.get(e.domain.group!)!, e })),
    ...byRegion.estimates.slice(1).map((e) => ({ key: e.domain.region_code!, e })),
  ];
  expect(rows).toHaveLength(expected.length);
  for (const { key, e } of expected) {
    const row = rows.find((r) => r.domain === key || r.domain.startsWith(`${key} `));
    expect(row, key).toBeDefined();
    // methodology.md: estimates and SEs within 1e-8 of R, interval ends within 1e-6; df equal.
    expect(rel(row!.estimate, e.estimate), `${key} estimate`).toBeLessThan(1e-8);
    expect(rel(row!.se, e.se), `${key} se`).toBeLessThan(1e-8);
    expect(rel(row!.ci_low, e.ci[0]), `${key} ci low`).toBeLessThan(1e-6);
    expect(rel(row!.ci_high, e.ci[1]), `${key} ci high`).toBeLessThan(1e-6);
    expect(row!.df, `${key} df`).toBe(e.df);
  }
}

describe('the exported .R script reproduces scilit estimate', () => {
  it('R survey on the committed export gave the numbers scilit estimates now (fixture)', () => {
    expectSameAsScilit(parseR(readFileSync(FIXTURE, 'utf8')));
  });

  it.runIf(hasR())(
    'R survey on this export, run now, gives them too',
    () => {
      const out = execFileSync('Rscript', ['scilit-data.R'], { cwd: dir, encoding: 'utf8' });
      expectSameAsScilit(parseR(out));
    },
    120_000,
  );

  it('the .do and .sps declare the same design and weights', () => {
    const doFile = readFileSync(join(dir, 'scilit-data.do'), 'utf8');
    expect(doFile).toContain('use "scilit-data.dta", clear');
    expect(doFile).toContain('svyset psu [pweight = w_final], strata(stratum) singleunit(centered)');
    expect(doFile).toContain('svy, subpop(if group_elderly == 1): proportion literate, citype(logit)');
    const sps = readFileSync(join(dir, 'scilit-data.sps'), 'utf8');
    expect(sps).toContain("GET FILE='scilit-data.sav'.");
    expect(sps).toContain('/PLANVARS ANALYSISWEIGHT=w_final');
    expect(sps).toContain('/DESIGN STRATA=stratum CLUSTER=psu');
  });
});

if (!hasR()) console.log('notice: R (Rscript with the survey package) is not installed: the .R script was not run.');
