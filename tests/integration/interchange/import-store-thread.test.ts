// Large files are stored by a second thread while they are read (src/node/import-store.ts). Here every file takes
// that path (no size threshold), and the office's story must come out exactly as on the one-thread path.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importResponses } from '../../../src/interchange/responses/index.ts';
import { storeResponsesWith } from '../../../src/interchange/responses/stream.ts';
import { workerSink } from '../../../src/node/import-store.ts';
import type { SqlDriver } from '../../../src/store/driver.ts';
import { sheet, utf8 } from '../../fixtures/interchange/files.ts';
import { databaseFingerprint, newDatabase } from '../../fixtures/interchange/forms.ts';
import { expectCurrentPacks } from '../../helpers/answer-packs.ts';
import { tempDir } from '../../helpers/tmp.ts';

let db: SqlDriver;
beforeAll(() => storeResponsesWith(workerSink, { minBytes: 0 }));
afterAll(() => storeResponsesWith(undefined, { minBytes: 4 << 20 }));
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
const run = (bytes: Uint8Array, fileName: string, extra: Record<string, unknown> = {}) =>
  importResponses(db, bytes, { fileName, formId: 'office_test', ...extra });

describe('an import stored by a second thread while the file is read', () => {
  it('stores every row with its answers, the batch with its counts, and leaves foreign keys whole', async () => {
    const rows: (string | number)[][] = [['instanceID', 'age', 'sex', 'region']];
    for (let i = 0; i < 2500; i++) rows.push([`id-${i}`, 18 + (i % 50), i % 2 ? '男' : '女', `3201${i % 10}`]);
    for (let i = 0; i < 2500; i++) rows.push(['', 20 + (i % 40), i % 3 ? 'male' : 'female', '320100']);
    const r = await run(await sheet(rows), 'big.xlsx');
    expect(r).toMatchObject({ status: 'imported', added: 5000, skipped: 0, errorCount: 0 });
    const iv = db.get<{ form_version: string }>("SELECT form_version FROM interviews WHERE interview_id = 'id-7'")!;
    expect(db.get<{ n: number }>("SELECT count(*) AS n FROM interviews WHERE source = 'import'")?.n).toBe(5000);
    expect(answers('id-7')).toMatchObject({ age: '25', sex: 'male', region: '32017' });
    expect(db.get('SELECT region_code FROM interviews WHERE interview_id = ?', ['id-7'])).toEqual({
      region_code: '32017',
    });
    const batch = db.get<{ rows_added: number; batch_id: string }>('SELECT * FROM import_batches');
    expect(batch).toMatchObject({ rows_added: 5000, batch_id: r.batchId });
    expect(db.get<{ n: number }>('SELECT count(*) AS n FROM interviews WHERE batch_id = ?', [r.batchId ?? ''])?.n).toBe(
      5000,
    );
    expect(db.all('PRAGMA foreign_key_check')).toEqual([]);
    // Each interview's answer pack is stored with it, current: the first scoring reads 5,000 packs, not the answers.
    expect(expectCurrentPacks(db, 'office_test', iv.form_version)).toBe(5000);
    // rows without an id get ordered UUIDs (version 7), all distinct
    const fresh = db.all<{ interview_id: string }>(
      "SELECT interview_id FROM interviews WHERE interview_id NOT LIKE 'id-%'",
    );
    expect(fresh).toHaveLength(2500);
    for (const { interview_id } of fresh)
      expect(interview_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('a file with one bad row among good ones stores nothing, and lists the problem', async () => {
    const rows: (string | number)[][] = [['age', 'sex']];
    for (let i = 0; i < 4000; i++) rows.push([30, 'male']);
    rows.push([17, 'male']);
    const before = databaseFingerprint(db);
    const r = await run(await sheet(rows), 'one-bad.xlsx');
    expect(r.status).toBe('refused');
    expect(r.problems.filter((p) => p.severity === 'error').map((p) => `${p.row} ${p.code}`)).toEqual([
      '4002 constraint',
    ]);
    expect(databaseFingerprint(db)).toBe(before);
  });

  it('a cancelled import stores nothing', async () => {
    const rows: (string | number)[][] = [['age', 'sex']];
    for (let i = 0; i < 3000; i++) rows.push([30 + (i % 20), 'female']);
    const file = await sheet(rows);
    const before = databaseFingerprint(db);
    const cancel = { cancelled: false };
    const pending = run(file, 'cancelled.xlsx', {
      cancel,
      progress: () => {
        cancel.cancelled = true;
      },
    });
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(databaseFingerprint(db)).toBe(before);
  });

  it('re-import adds nothing; the same id with other answers is a conflict, never overwritten', async () => {
    await run(utf8('instanceID,age,sex\nx1,30,male\nx2,40,female\n'), 'first.csv');
    const r = await run(utf8('instanceID,age,sex\nx1,30,male\nx2,41,female\nx3,50,male\n'), 'second.csv');
    expect(r).toMatchObject({ status: 'imported', added: 1, skipped: 1 });
    expect(r.conflicts).toEqual([{ row: 3, interviewId: 'x2', fields: ['age'] }]);
    expect(answers('x2').age).toBe('40');
    const again = await run(utf8('instanceID,age,sex\nx1,30,male\nx2,41,female\nx3,50,male\n'), 'second.csv');
    expect(again).toMatchObject({ status: 'already_imported', added: 0 });
    const before = databaseFingerprint(db);
    const resaved = await run(utf8('instanceID,age,sex\r\nx1,30,male\r\nx3,50,male\r\n'), 'second-resaved.csv');
    expect(resaved).toMatchObject({ status: 'nothing_new', added: 0, skipped: 2 });
    expect(databaseFingerprint(db)).toBe(before);
  });
});
