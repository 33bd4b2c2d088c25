import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importResponses } from '../../../src/interchange/responses/index.ts';
import { utf8 } from '../../fixtures/interchange/files.ts';
import { newDatabase } from '../../fixtures/interchange/forms.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';

describe('a statistician exports the data', () => {
  it('writes a wide UTF-8 CSV with BOM: instanceID first, select_multiple as 0/1 columns, score/level/weight last', async () => {
    const dir = tempDir();
    const dbFile = join(dir, 's.db');
    const db = newDatabase(dbFile);
    await importResponses(db, utf8('instanceID,age,sex,sources,q_earth\nb,45,female,tv paper,对\na,30,male,,错\n'), {
      fileName: 'x.csv',
      formId: 'office_test',
    });
    db.close();
    const out = join(dir, 'data.csv');
    const r = await runCli('export', 'data', '--db', dbFile, '--out', out, '--labels');
    expect(r.err).toBe('');
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'instanceID,age,age_group,sex,residence,region,employed,job_years,interview_date,sources/tv,sources/internet,sources/paper,q_earth,total_score,level,final_weight',
    );
    // no scoring run yet: score and level empty; no weighting: weight 1
    expect(lines[1]).toBe('a,30,young,男,,,,,,,,,错,,,1');
    expect(lines[2]).toBe('b,45,older,女,,,,,,1,0,1,对,,,1');
  });
});
