import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importResponses } from '../../../src/interchange/responses/index.ts';
import type { SqlDriver } from '../../../src/store/driver.ts';
import { gb18030, sheet, utf8, utf8Bom } from '../../fixtures/interchange/files.ts';
import { databaseFingerprint, newDatabase } from '../../fixtures/interchange/forms.ts';
import { expectCurrentPacks } from '../../helpers/answer-packs.ts';
import { tempDir } from '../../helpers/tmp.ts';

let db: SqlDriver;
beforeEach(() => {
  db = newDatabase(join(tempDir(), 'survey.db'));
});
afterEach(() => db.close());

const answers = (id: string) =>
  Object.fromEntries(
    db
      .all<{ field: string; value: string }>('SELECT field, value FROM answers WHERE interview_id = ?', [id])
      .map((r) => [r.field, r.value]),
  );
const imported = () =>
  db.all<{ interview_id: string }>("SELECT interview_id FROM interviews WHERE source = 'import' ORDER BY interview_id");
const run = (bytes: Uint8Array, fileName: string, extra: Record<string, unknown> = {}) =>
  importResponses(db, bytes, { fileName, formId: 'office_test', ...extra });

describe('an office imports its response files', () => {
  it('reads a workbook by field names, keeps instanceID, computes calculations, stores final import interviews', async () => {
    const file = await sheet([
      [
        'instanceID',
        'age',
        'sex',
        'residence',
        'region',
        'employed',
        'job_years',
        'interview_date',
        'sources',
        'q_earth',
      ],
      ['uuid:a-1', 35, 'male', 'urban', '320102', 'yes', 10, new Date(Date.UTC(2024, 2, 5)), 'tv internet', 'true'],
      ['b-2', 61, 'female', 'rural', '320103', 'no', null, '2024/3/6', 'paper', 'dont_know'],
    ]);
    const r = await run(file, 'district.xlsx');
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(r.status).toBe('imported');
    expect(r.added).toBe(2);
    expect(answers('a-1')).toEqual({
      age: '35',
      age_group: 'young',
      sex: 'male',
      residence: 'urban',
      region: '320102',
      employed: 'yes',
      job_years: '10',
      interview_date: '2024-03-05',
      sources: 'tv internet',
      q_earth: 'true',
    });
    expect(answers('b-2')).toMatchObject({ age_group: 'older', interview_date: '2024-03-06', q_earth: 'dont_know' });
    const iv = db.get<Record<string, unknown>>('SELECT * FROM interviews WHERE interview_id = ?', ['a-1']);
    expect(iv).toMatchObject({ status: 'final', source: 'import', region_code: '320102', form_id: 'office_test' });
    expect(expectCurrentPacks(db, 'office_test', iv?.form_version as string)).toBe(2);
    expect(db.get<{ n: number }>("SELECT count(*) AS n FROM import_batches WHERE kind = 'responses'")?.n).toBe(1);
    // The bulk insert runs with foreign-key checks off: every reference must still hold, and the checks be back on.
    expect(db.all('PRAGMA foreign_key_check')).toEqual([]);
    expect(db.get<{ foreign_keys: number }>('PRAGMA foreign_keys')?.foreign_keys).toBe(1);
  });

  it('matches Chinese labels, 男/女, 是/否, full-width digits and choice labels in a GB18030 CSV', async () => {
    const csv = gb18030(
      '年龄,性别,居住地,目前是否有工作,工作年限,获取科技信息的渠道,地球的中心非常热\r\n' +
        '４２,男,农村,是,１５,电视、互联网,对\r\n' +
        '２３,女,城镇,否,,报纸,不知道\r\n',
    );
    const r = await run(csv, '街道.csv');
    expect(r.encoding).toBe('gb18030');
    expect(r.problems).toEqual([]);
    expect(r.added).toBe(2);
    const rows = imported().map((x) => answers(x.interview_id));
    expect(rows).toContainEqual(
      expect.objectContaining({
        age: '42',
        sex: 'male',
        residence: 'rural',
        employed: 'yes',
        job_years: '15',
        sources: 'tv internet',
        q_earth: 'true',
      }),
    );
    expect(rows).toContainEqual(
      expect.objectContaining({ age: '23', sex: 'female', employed: 'no', q_earth: 'dont_know' }),
    );
  });

  it('reads ODK/Kobo exports: group paths, 0/1 columns per choice, _uuid, export metadata ignored', async () => {
    const csv = utf8Bom(
      'demo/age,demo-sex,sources/tv,sources/internet,sources/paper,_uuid,_submission_time,_index\n' +
        '30,female,1,0,1,k-1,2024-01-01T10:00:00,1\n',
    );
    const r = await run(csv, 'kobo.csv');
    expect(r.encoding).toBe('utf-8-bom');
    expect(r.problems).toEqual([]);
    expect(answers('k-1')).toMatchObject({ age: '30', sex: 'female', sources: 'tv paper' });
  });

  it('lists every problem with row, column, value and reason, and stores nothing', async () => {
    const file = await sheet([
      ['age', 'sex', 'employed', 'job_years', 'interview_date', 'q_earth'],
      [17, 'male', 'no', null, '2024-02-30', 'true'],
      [40, '不详', 'no', 5, '05/03/2024', 'maybe'],
      [null, 'female', 'yes', 'abc', '2024-01-01', 'false'],
    ]);
    const before = databaseFingerprint(db);
    const r = await run(file, 'bad.xlsx');
    expect(r.status).toBe('refused');
    const brief = r.problems.map((p) => `${p.row} ${p.column?.split(' ')[0]} ${p.code}`).sort();
    expect(brief).toEqual([
      '2 age constraint',
      '2 interview_date bad_date',
      '3 interview_date ambiguous_date',
      '3 job_years not_relevant',
      '3 q_earth unknown_choice',
      '3 sex unknown_choice',
      '4 age required',
      '4 job_years not_a_number',
    ]);
    expect(r.problems.find((p) => p.code === 'constraint')).toMatchObject({
      value: '17',
      reason: { zh: '年龄应在 18 到 69 岁之间' },
    });
    expect(databaseFingerprint(db)).toBe(before);
  });

  it('a dry run stores nothing; the same file twice adds nothing the second time and says so', async () => {
    const file = await sheet([
      ['age', 'sex'],
      [30, '男'],
      [50, '女'],
    ]);
    const before = databaseFingerprint(db);
    const dry = await run(file, 'a.xlsx', { dryRun: true });
    expect(dry).toMatchObject({ status: 'dry_run', added: 2 });
    expect(databaseFingerprint(db)).toBe(before);
    expect((await run(file, 'a.xlsx')).added).toBe(2);
    const again = await run(file, 'a.xlsx');
    expect(again).toMatchObject({ status: 'already_imported', added: 0 });
    expect(again.message.zh).toContain('已在');
    expect(imported()).toHaveLength(2);
  });

  it('rows already stored (same id, same answers) are skipped; same id with other answers is a conflict, never overwritten', async () => {
    await run(utf8('instanceID,age,sex\nx1,30,male\nx2,40,female\n'), 'first.csv');
    const r = await run(utf8('instanceID,age,sex\nx1,30,male\nx2,41,female\nx3,50,male\n'), 'second.csv');
    expect(r).toMatchObject({ status: 'imported', added: 1, skipped: 1 });
    expect(r.conflicts).toEqual([
      { row: 3, interviewId: 'x2', fields: ['age', 'age_group'].filter((f) => f === 'age') },
    ]);
    expect(answers('x2').age).toBe('40');
    // rows without ids dedupe on their answers
    const noId = utf8('age,sex\n33,male\n');
    await run(noId, 'c.csv');
    const again = await run(utf8('age,sex\r\n33,male\r\n'), 'c-resaved.csv');
    expect(again).toMatchObject({ status: 'nothing_new', added: 0, skipped: 1 });
  });
});
