import { join } from 'node:path';
import { expect, test } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { dispatch } from '../../../src/api/dispatch.ts';
import { putForm } from '../../../src/store/forms.ts';
import { tempDir } from '../../helpers/tmp.ts';

async function call(ctx: Parameters<typeof dispatch>[0], name: string, args: unknown) {
  const r = await dispatch(ctx, name, args);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.result as never;
}

test('an office sees its fieldwork at a glance and pages through the interviews', async () => {
  const db = openDatabase(join(tempDir(), 'overview.sqlite'), { create: true });
  const ctx = { db };
  putForm(db, { formId: 'csl', version: '2025.1', title: '公民科学素质', definition: '{}', definitionChecksum: 'a' });
  // Fieldwork: surveyor S1 did 3 interviews in district 110101, S2 did 2 in 110102, S3 one in 110101.
  const plan: [string, string][] = [
    ['S1', '110101'],
    ['S1', '110101'],
    ['S1', '110101'],
    ['S2', '110102'],
    ['S2', '110102'],
    ['S3', '110101'],
  ];
  const ids: string[] = [];
  for (const [surveyor, regionCode] of plan) {
    const iv = await call(ctx, 'interview/start', {
      formId: 'csl',
      formVersion: '2025.1',
      surveyor,
      regionCode,
      household: `HH-${ids.length + 1}`,
    });
    ids.push((iv as { interview_id: string }).interview_id);
  }
  await call(ctx, 'interview/saveAnswer', { interviewId: ids[0], field: 'age', value: '34' });
  await call(ctx, 'interview/saveAnswer', { interviewId: ids[0], field: 'sex', value: 'female' });
  await call(ctx, 'interview/finalize', { interviewId: ids[0] });
  await call(ctx, 'interview/finalize', { interviewId: ids[3] });
  await call(ctx, 'interview/saveAnswer', { interviewId: ids[5], field: 'age', value: '20' });
  await call(ctx, 'interview/saveAnswer', { interviewId: ids[5], field: 'age', value: '21' });
  await call(ctx, 'interview/void', { interviewId: ids[5], reason: '受访者中途拒访', actor: 'office' });

  const home = (await call(ctx, 'overview/home', {})) as {
    forms: { form_id: string; interviews: number }[];
    interviews: Record<string, number>;
    bySurveyor: Record<string, unknown>[];
    byRegion: Record<string, unknown>[];
    lastImports: unknown[];
  };
  expect(home.forms).toMatchObject([{ form_id: 'csl', interviews: 6 }]);
  expect(home.interviews).toEqual({ total: 6, draft: 3, final: 2, void: 1 });
  expect(home.bySurveyor).toEqual([
    { surveyor: 'S1', total: 3, draft: 2, final: 1, void: 0 },
    { surveyor: 'S2', total: 2, draft: 1, final: 1, void: 0 },
    { surveyor: 'S3', total: 1, draft: 0, final: 0, void: 1 },
  ]);
  expect(home.byRegion).toEqual([
    { region: '110101', total: 4, draft: 2, final: 1, void: 1 },
    { region: '110102', total: 2, draft: 1, final: 1, void: 0 },
  ]);
  expect(home.lastImports).toEqual([]);

  type Page = {
    total?: number;
    rows: { interview_id: string; household: string; answered: number }[];
    next: { at: string; rid: number } | null;
  };
  // Three drafts, two to a page: the second page continues after the first (keyset), with nothing after it.
  const drafts = (await call(ctx, 'interviews/page', { status: 'draft', limit: 2, withTotal: true })) as Page;
  expect(drafts.total).toBe(3);
  expect(drafts.rows).toHaveLength(2);
  const rest = (await call(ctx, 'interviews/page', { status: 'draft', limit: 2, after: drafts.next })) as Page;
  expect(rest.rows).toHaveLength(1);
  expect(rest.next).toBeNull();
  expect(new Set([...drafts.rows, ...rest.rows].map((r) => r.household))).toEqual(new Set(['HH-2', 'HH-3', 'HH-5']));

  const s1 = (await call(ctx, 'interviews/page', { surveyor: 'S1', sort: 'started', descending: false })) as Page;
  expect(s1.rows.map((r) => r.household)).toEqual(['HH-1', 'HH-2', 'HH-3']);
  expect(s1.rows[0]?.answered).toBe(2);
  const searched = (await call(ctx, 'interviews/page', { search: 'HH-4', withTotal: true })) as Page;
  expect(searched).toMatchObject({ total: 1, rows: [{ interview_id: ids[3] }] });
  const wildcard = (await call(ctx, 'interviews/page', { search: '%', withTotal: true })) as Page;
  expect(wildcard.total).toBe(0);
  const today = new Date().toISOString().slice(0, 10);
  expect(((await call(ctx, 'interviews/page', { from: today, to: today, withTotal: true })) as Page).total).toBe(6);
  expect(((await call(ctx, 'interviews/page', { to: '2000-01-01', withTotal: true })) as Page).total).toBe(0);

  const bad = await dispatch(ctx, 'interviews/page', { sort: 'interview_id; DROP TABLE interviews' });
  expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
  // The offset-paged list is gone: one list, keyset-paged, serves every screen.
  expect(await dispatch(ctx, 'interviews/list', {})).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });

  const audit = (await call(ctx, 'interviews/audit', { interviewId: ids[5] })) as {
    action: string;
    detail: unknown;
  }[];
  expect(audit.map((a) => a.action)).toEqual(['interview.start', 'answer.change', 'interview.void']);
  expect(audit[1]?.detail).toEqual({ field: 'age', from: '20', to: '21' });
  expect(audit[2]?.detail).toMatchObject({ reason: '受访者中途拒访', previousStatus: 'draft' });
  db.close();
});
