// A supervisor restricts the analysis to approved interviews (质量控制 → 设置): estimates then use exactly the
// approved interviews, and the report's method section says so; switched off, every final interview counts again.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, expect, test } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { dispatch } from '../../../src/api/dispatch.ts';
import type { SqlDriver } from '../../../src/store/driver.ts';
import { fieldedCity } from '../../helpers/fielded-city.ts';
import { tempDir } from '../../helpers/tmp.ts';

let db: SqlDriver;
async function call<T>(name: string, args: unknown = {}): Promise<T> {
  const r = await dispatch({ db }, name, args);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.result as T;
}
interface Estimates {
  estimates: { domain: Record<string, string>; estimate: number; n: number }[];
  design: { respondents: number };
}

beforeAll(async () => {
  db = openDatabase(join(tempDir(), 'office.sqlite'), { create: true });
  await fieldedCity(db, { respondents: 300, population: 30_000, seed: 7 });
}, 120_000);

/** Every text cell of the Excel report, joined. */
async function reportText(): Promise<string> {
  const r = await call<{ dataBase64: string }>('report/export', { weightingScheme: 'none', lonelyPsu: 'adjust' });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(r.dataBase64, 'base64') as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => out.push(String(c.value ?? '')))));
  return out.join('\n');
}

test('estimates use only approved interviews when asked, and the report says so', async () => {
  const all = await call<Estimates>('estimate/run', { lonelyPsu: 'adjust' });
  const finals = db.all<{ interview_id: string }>(
    "SELECT interview_id FROM interviews WHERE status = 'final' ORDER BY interview_key",
  );
  expect(all.design.respondents).toBe(finals.length);
  expect(await call('analysis/scope')).toEqual({ approvedOnly: false, approved: 0 });
  expect(await reportText()).not.toContain('仅含审核通过的问卷');

  // Every third interview approved; a few others have issues or stay merely received.
  const approved = finals.filter((_, i) => i % 3 === 0).map((f) => f.interview_id);
  for (const id of approved) await call('interview/review', { interviewId: id, state: 'approved', reviewer: '王督导' });
  await call('interview/review', { interviewId: finals[1]!.interview_id, state: 'has_issues', comment: '年龄存疑' });
  await call('interview/review', { interviewId: finals[2]!.interview_id, state: 'received' });
  // An approval later withdrawn (has issues) does not count.
  await call('interview/review', { interviewId: approved[0]!, state: 'has_issues', comment: '回访不符' });
  const counted = approved.slice(1);

  expect(await call('analysis/setScope', { approvedOnly: true })).toEqual({
    approvedOnly: true,
    approved: counted.length,
  });
  const scoped = await call<Estimates>('estimate/run', { lonelyPsu: 'adjust' });
  expect(scoped.design.respondents).toBe(counted.length);
  // Unweighted overall share, by hand from the stored scores of the approved interviews.
  const marks = counted.map(
    (id) => db.get<{ literate: number }>('SELECT literate FROM scores WHERE interview_id = ?', [id])!.literate,
  );
  const share = marks.reduce((a, b) => a + b, 0) / marks.length;
  const overall = scoped.estimates.find((e) => Object.keys(e.domain).length === 0)!;
  expect(overall.n).toBe(counted.length);
  expect(overall.estimate).toBeCloseTo(share, 12);
  expect(await reportText()).toContain('仅含审核通过的问卷');

  await call('analysis/setScope', { approvedOnly: false });
  expect((await call<Estimates>('estimate/run', { lonelyPsu: 'adjust' })).design.respondents).toBe(finals.length);
}, 120_000);
