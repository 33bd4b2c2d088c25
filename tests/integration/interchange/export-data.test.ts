import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importResponses } from '../../../src/interchange/responses/index.ts';
import { utf8 } from '../../fixtures/interchange/files.ts';
import { newDatabase } from '../../fixtures/interchange/forms.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';

describe('a statistician exports the data', () => {
  it('writes a wide UTF-8 CSV with BOM: codes, distinct missing codes, scores, groups and the design weight', async () => {
    const dir = tempDir();
    const dbFile = join(dir, 's.db');
    const db = newDatabase(dbFile);
    await importResponses(db, utf8('instanceID,age,sex,sources,q_earth\nb,45,female,tv paper,对\na,30,male,,错\n'), {
      fileName: 'x.csv',
      formId: 'office_test',
    });
    db.close();
    const read = async (...flags: string[]) => {
      const out = join(dir, 'data.csv');
      const r = await runCli('export', 'data', '--db', dbFile, '--out', out, ...flags);
      expect(r.err).toBe('');
      const bytes = readFileSync(out);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      return bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    };
    const header =
      'instanceID,age,age_group,sex,residence,region,employed,job_years,interview_date,sources_tv,sources_internet,sources_paper,q_earth,' +
      'score_total,score_percent,dim_knowledge,level,literate,group_youth,group_farmer,group_worker,group_elderly,group_official,w_design';
    const codes = await read();
    expect(codes[0]).toBe(header);
    // By hand: a (30, male) left residence, employed and sources blank: relevant, so "no answer" (-99);
    // job_years is relevant only when employed = yes, so "not applicable" (-98). q_earth 错 is choice 2 of the
    // list (对 = 1). b scores 10 of 10 points: level 4 (advanced, the highest of 4), literate. No scheme: weight 1.
    expect(codes[1]).toBe('a,30,young,1,-99,,-99,-98,,-99,-99,-99,2,0,0,0,1,0,0,0,0,0,0,1');
    expect(codes[2]).toBe('b,45,older,2,-99,,-99,-98,,1,0,1,1,10,100,10,4,1,0,0,0,0,0,1');
    const labels = await read('--labels');
    expect(labels[1]).toBe(
      'a,30,young,男,未回答,,未回答,不适用,,未回答,未回答,未回答,错,0,0,0,科学素质较低,否,否,否,否,否,否,1',
    );
    expect(labels[2]).toBe(
      'b,45,older,女,未回答,,未回答,不适用,,是,否,是,对,10,100,10,高阶科学素质,是,否,否,否,否,否,1',
    );
  });
});
