// A supervisor draws back-checks, exports the call list, a back-checker fills it in Excel, and the office imports it:
// the answers are compared with the interviews, and a failed back-check flags its interview in the quality checks.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { dispatch } from '../../../src/api/dispatch.ts';
import type { Form } from '../../../src/form/model.ts';
import { loadBundledForm } from '../../../src/node/bundled-form.ts';
import type { SqlDriver } from '../../../src/store/driver.ts';
import { fieldedCity } from '../../helpers/fielded-city.ts';
import { tempDir } from '../../helpers/tmp.ts';

let db: SqlDriver;
let form: Form;
async function call<T>(name: string, args: unknown = {}): Promise<T> {
  const r = await dispatch({ db }, name, args);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.result as T;
}
interface Drawn {
  backcheckId: string;
  interviewId: string;
  surveyor: string;
  status: string;
}

beforeAll(async () => {
  db = openDatabase(join(tempDir(), 'office.sqlite'), { create: true });
  await fieldedCity(db, { respondents: 400, population: 40_000, seed: 5 });
  form = await loadBundledForm();
}, 120_000);

const labelOf = (list: string, name: string) => form.choices[list]!.find((c) => c.name === name)!.label.zh!;
const answersOf = (id: string) =>
  Object.fromEntries(
    db
      .all<{ field: string; value: string }>('SELECT field, value FROM answers WHERE interview_id = ?', [id])
      .map((r) => [r.field, r.value]),
  );

async function filledCallList(fill: (ws: ExcelJS.Worksheet, heads: string[]) => void): Promise<string> {
  const list = await call<{ dataBase64: string }>('backcheck/callList', {});
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(list.dataBase64, 'base64') as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('回访名单')!;
  const heads = (ws.getRow(1).values as string[]).slice(1);
  fill(ws, heads);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

describe('back-checks (回访复核)', () => {
  let drawn: Drawn[];

  test('a 10 % draw takes ⌈0.1 n⌉ of each surveyor’s final interviews', async () => {
    const r = await call<{ drawId: string; backchecks: Drawn[] }>('backcheck/draw', { share: 0.1, seed: 3 });
    drawn = r.backchecks;
    const perSurveyor = db.all<{ surveyor: string; n: number }>(
      "SELECT surveyor, count(*) AS n FROM interviews WHERE status = 'final' GROUP BY surveyor",
    );
    expect(drawn.length).toBe(perSurveyor.reduce((s, x) => s + Math.ceil(0.1 * x.n), 0));
    expect(new Set(drawn.map((d) => d.status))).toEqual(new Set(['pending']));
  });

  test('the call list shows where to go, never the answers, and asks the facts and three knowledge questions', async () => {
    const list = await call<{ dataBase64: string }>('backcheck/callList', {});
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(list.dataBase64, 'base64') as unknown as ArrayBuffer);
    const heads = (wb.getWorksheet('回访名单')!.getRow(1).values as string[]).slice(1);
    expect(heads.slice(0, 7)).toEqual(['回访编号', '问卷编号', '调查员', '区（县）', '村/社区', '住户', '访问日期']);
    expect(heads.filter((h) => /（(sex|age|education|residence|occupation)）$/.test(h))).toHaveLength(5);
    expect(heads.slice(-2)).toEqual(['回访结果', '回访员']);
    const row2 = (wb.getWorksheet('回访名单')!.getRow(2).values as unknown[]).slice(1);
    expect(row2.slice(7, -2).every((v) => v === '' || v === undefined || v === null)).toBe(true);
  });

  test('an answer the form does not accept is refused with the row and the question; nothing is recorded', async () => {
    const data = await filledCallList((ws, heads) => {
      ws.getRow(2).getCell(heads.findIndex((h) => h.endsWith('（sex）')) + 1).value = '未知';
      ws.getRow(2).getCell(heads.indexOf('回访结果') + 1).value = '完成';
    });
    await expect(call('backcheck/import', { fileName: '回访名单.xlsx', data })).rejects.toThrow(
      /第 2 行：回访答案“sex”：.*没有导入任何内容/,
    );
    const r = await call<{ backchecks: Drawn[] }>('backcheck/report');
    expect(r.backchecks.every((b) => b.status === 'pending')).toBe(true);
  });

  test('the filled list is compared with the interviews; a changed sex fails and flags the interview', async () => {
    const [same, changed, away] = drawn;
    const o1 = answersOf(same!.interviewId);
    const o2 = answersOf(changed!.interviewId);
    const data = await filledCallList((ws, heads) => {
      const col = (name: string) => heads.findIndex((h) => h.endsWith(`（${name}）`)) + 1;
      const rowOf = (id: string) => {
        for (let r = 2; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === id) return ws.getRow(r);
        throw new Error(id);
      };
      const r1 = rowOf(same!.backcheckId);
      r1.getCell(col('sex')).value = labelOf('sex', o1.sex!); // 男 / 女, as the dropdown writes it
      r1.getCell(col('age')).value = Number(o1.age) + 1; // a birthday since the interview
      r1.getCell(col('education')).value = labelOf('education', o1.education!);
      r1.getCell(heads.indexOf('回访结果') + 1).value = '完成';
      r1.getCell(heads.indexOf('回访员') + 1).value = '李督导';
      const r2 = rowOf(changed!.backcheckId);
      r2.getCell(col('sex')).value = labelOf('sex', o2.sex === 'male' ? 'female' : 'male');
      r2.getCell(col('age')).value = Number(o2.age);
      r2.getCell(heads.indexOf('回访结果') + 1).value = '完成';
      rowOf(away!.backcheckId).getCell(heads.indexOf('回访结果') + 1).value = '联系不上';
    });
    const imported = await call<{ recorded: number }>('backcheck/import', { fileName: '回访名单.xlsx', data });
    expect(imported.recorded).toBe(3);

    const report = await call<{
      comparisons: { interviewId: string; failed: boolean }[];
      stats: { byKind: { fact: { compared: number; different: number } } };
      backchecks: Drawn[];
    }>('backcheck/report');
    expect(report.comparisons.map((c) => [c.interviewId, c.failed])).toEqual(
      [
        [same!.interviewId, false],
        [changed!.interviewId, true],
      ].sort((a, b) => drawn.findIndex((d) => d.interviewId === a[0]) - drawn.findIndex((d) => d.interviewId === b[0])),
    );
    // facts compared: sex, age, education (first) + sex, age (second) = 5; one differs (the second's sex)
    expect(report.stats.byKind.fact).toEqual({ compared: 5, different: 1, rate: 1 / 5 });
    expect(report.backchecks.find((b) => b.backcheckId === away!.backcheckId)!.status).toBe('unreachable');

    const qc = await call<{ flags: { interviewId: string; check: string; reason: { zh: string } }[] }>('qc/run');
    const flag = qc.flags.find((f) => f.check === 'backcheck');
    expect(flag?.interviewId).toBe(changed!.interviewId);
    expect(flag?.reason.zh).toMatch(/^回访时“sex”为 (male|female)（原为 (male|female)）$/);
    // Every record has an audit row.
    const audit = db.get<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'backcheck.record'")!.n;
    expect(audit).toBe(3);
  });

  test('a call list from another database is refused whole', async () => {
    const data = await filledCallList((ws, heads) => {
      ws.getRow(2).getCell(1).value = '00000000-0000-4000-8000-000000000000';
      ws.getRow(2).getCell(heads.indexOf('回访结果') + 1).value = '联系不上';
    });
    await expect(call('backcheck/import', { fileName: '别处的回访名单.xlsx', data })).rejects.toThrow(
      /别处的回访名单\.xlsx 第 2 行的回访编号 .* 不在本数据库的回访样本中；没有导入任何内容/,
    );
  });
});
