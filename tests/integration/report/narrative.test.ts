import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { estimateLiteracy } from '../../../src/analysis/estimate-literacy.ts';
import { dispatch } from '../../../src/api/dispatch.ts';
import { base64ToBytes } from '../../../src/interchange/base64.ts';
import { ensureBundledForm } from '../../../src/node/bundled-form.ts';
import type { SqlDriver } from '../../../src/store/driver.ts';
import { tempDir } from '../../helpers/tmp.ts';

async function call<T>(db: SqlDriver, name: string, args: unknown): Promise<T> {
  const r = await dispatch({ db }, name as never, args);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.result as T;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const words = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

/**
 * The Word narrative report of a raked survey: its headline sentence and tables hold estimateLiteracy's numbers
 * (the same the Results screen and the Excel report show), the comparison with the target is said as the interval
 * allows, and the figure is a native chart with the ratio, the interval whiskers and the target line.
 */
let dir = '';
let file = '';
beforeAll(async () => {
  dir = tempDir('scilit-narrative-');
  file = join(dir, 'survey.sqlite');
  const db = openDatabase(file, { create: true });
  try {
    await ensureBundledForm(db);
    await call(db, 'demo/load', { respondents: 400, population: 60_000, seed: 4 });
    await call(db, 'weighting/run', {
      name: '按性别',
      definition: {
        steps: [
          {
            step: 'poststratify',
            vars: ['sex'],
            cells: [
              { values: ['male'], N: 30_500 },
              { values: ['female'], N: 29_500 },
            ],
          },
        ],
      },
    });
  } finally {
    db.close();
  }
}, 60_000);

describe('the narrative report (中文分析报告)', () => {
  it('states the headline, the populations and the method with the engine’s numbers, and has the chart', async () => {
    const db = openDatabase(file);
    let docx: Uint8Array;
    try {
      const r = await call<{ fileName: string; dataBase64: string }>(db, 'report/narrative', {
        weightingScheme: '按性别',
        target: 0.15,
        lonelyPsu: 'adjust',
      });
      expect(r.fileName).toMatch(/^科学素质调查分析报告-\d{4}-\d{2}-\d{2}\.docx$/);
      docx = base64ToBytes(r.dataBase64);
      const scheme = db.get<{ scheme_id: string }>("SELECT scheme_id FROM weighting_schemes WHERE name = '按性别'")!;
      const e = estimateLiteracy(db, {
        weightingSchemeId: scheme.scheme_id,
        lonelyPsu: 'adjust',
        target: 0.15,
        by: 'group',
      });
      const files = unzipSync(docx);
      const text = words(strFromU8(files['word/document.xml']!));
      const o = e.estimates[0]!;
      expect(text).toContain(
        `公民具备科学素质的比例：${pct(o.estimate)}（95% 置信区间 ${pct(o.ci[0])}–${pct(o.ci[1])}）`,
      );
      // The comparison follows the interval (methodology.md §2.8).
      const said = o.target!.above
        ? '高于目标具有统计学意义'
        : o.target!.below
          ? '低于目标具有统计学意义'
          : '尚不能认为与目标有差异';
      expect(text).toContain(said);
      expect(text).toContain('加权方案“按性别”——按 性别 事后分层');
      expect(text).toContain('泰勒线性化');
      // Every key population is in the table: a number, or the mark when it may not be published.
      for (const g of e.estimates.slice(1)) {
        const suppressed = g.flags.some((f) => f.startsWith('suppress') || f === 'no_interval');
        if (!suppressed) expect(text).toContain(`${pct(g.ci[0])} – ${pct(g.ci[1])}`);
      }
      // The chart: one column per published domain with whiskers of the interval, and the target line at 15.
      const chart = strFromU8(files['word/charts/chart1.xml']!);
      expect(chart).toContain('<c:errBars>');
      expect(chart).toContain(`<c:v>${Math.round(o.estimate * 100 * 1e6) / 1e6}</c:v>`);
      expect(chart).toContain('规划目标 15%');
      expect(strFromU8(files['[Content_Types].xml']!)).toContain('/word/charts/chart1.xml');
    } finally {
      db.close();
    }
    // LibreOffice opens it and lays it out as pages (the pictures are looked at by hand: scripts/report-pdf.sh).
    if (existsSync('/usr/bin/soffice')) {
      writeFileSync(join(dir, 'report.docx'), docx);
      const profile = tempDir('scilit-lo-');
      execFileSync(
        'soffice',
        [
          `-env:UserInstallation=file://${profile}`,
          '--headless',
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          join(dir, 'report.docx'),
        ],
        {
          stdio: 'ignore',
          timeout: 120_000,
        },
      );
      expect(readdirSync(dir)).toContain('report.pdf');
    } else console.log('notice: LibreOffice is not installed: the .docx was not laid out as pages.');
  }, 180_000);
});
