/**
 * The Interviews screen's list: an office pages through its interviews a screenful at a time (keyset pages that
 * never skip or repeat a row, even where many share one time stamp), filters and searches them, and opens a final
 * interview to see its stored score. Expected rows come from a model the test keeps of what it did.
 */
import { join } from 'node:path';
import { afterEach, expect, test, vi } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { dispatch } from '../../../src/api/dispatch.ts';
import { allFields } from '../../../src/form/model.ts';
import { ensureBundledForm, loadBundledForm } from '../../../src/node/bundled-form.ts';
import { putForm } from '../../../src/store/forms.ts';
import { tempDir } from '../../helpers/tmp.ts';

async function call<T>(ctx: Parameters<typeof dispatch>[0], name: string, args: unknown): Promise<T> {
  const r = await dispatch(ctx, name, args);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.result as T;
}

interface Row {
  interview_id: string;
  household: string;
  status: string;
  answered: number;
}
interface Page {
  rows: Row[];
  next: unknown;
  total?: number;
}

afterEach(() => {
  vi.useRealTimers();
});

test('an office pages, filters and searches 530 interviews without a row skipped or repeated', async () => {
  const db = openDatabase(join(tempDir(), 'list.sqlite'), { create: true });
  const ctx = { db };
  putForm(db, { formId: 'csl', version: '2025.1', title: '公民科学素质', definition: '{}', definitionChecksum: 'a' });
  vi.useFakeTimers({ toFake: ['Date'] });
  // 530 interviews over 10 days; five start in the same millisecond each time (ties the keyset must break).
  const model: {
    id: string;
    household: string;
    surveyor: string;
    region: string;
    day: number;
    status: string;
    seq: number;
  }[] = [];
  for (let i = 0; i < 530; i++) {
    const day = i % 10;
    vi.setSystemTime(new Date(Date.UTC(2025, 5, 1 + day, 8, 0, 0, Math.floor(i / 5))));
    const household = `HH-${String(i).padStart(4, '0')}`;
    const surveyor = `S${i % 3}`;
    const region = `11010${i % 4}`;
    const iv = await call<{ interview_id: string }>(ctx, 'interview/start', {
      formId: 'csl',
      formVersion: '2025.1',
      surveyor,
      regionCode: region,
      household,
    });
    await call(ctx, 'interview/saveAnswer', { interviewId: iv.interview_id, field: 'age', value: '40' });
    let status = 'draft';
    if (i % 3 === 0) {
      await call(ctx, 'interview/finalize', { interviewId: iv.interview_id });
      status = 'final';
    } else if (i % 11 === 0) {
      await call(ctx, 'interview/void', { interviewId: iv.interview_id, reason: '重复入户' });
      status = 'void';
    }
    model.push({ id: iv.interview_id, household, surveyor, region, day, status, seq: i });
  }
  vi.useRealTimers();
  // Newest first: the later day, then the later time in it, then the later insert.
  const newestFirst = [...model].sort(
    (a, b) => b.day - a.day || Math.floor(b.seq / 5) - Math.floor(a.seq / 5) || b.seq - a.seq,
  );

  const all = async (args: Record<string, unknown>) => {
    const ids: string[] = [];
    let page = await call<Page>(ctx, 'interviews/page', { ...args, limit: 37, withTotal: true });
    const total = page.total;
    for (;;) {
      ids.push(...page.rows.map((r) => r.interview_id));
      if (!page.next) break;
      page = await call<Page>(ctx, 'interviews/page', { ...args, limit: 37, after: page.next });
    }
    return { ids, total };
  };

  const everything = await all({});
  expect(everything.total).toBe(530);
  expect(everything.ids).toEqual(newestFirst.map((m) => m.id));

  const oldest = await all({ sort: 'started', descending: false });
  expect(oldest.ids).toEqual([...newestFirst].reverse().map((m) => m.id));

  const drafts110102 = await all({ status: 'draft', region: '110102' });
  const want = newestFirst.filter((m) => m.status === 'draft' && m.region === '110102');
  expect(drafts110102.ids).toEqual(want.map((m) => m.id));
  expect(drafts110102.total).toBe(want.length);

  const s1DaysTwoToFour = await all({ surveyor: 'S1', from: '2025-06-03', to: '2025-06-05' });
  expect(s1DaysTwoToFour.ids).toEqual(
    newestFirst.filter((m) => m.surveyor === 'S1' && m.day >= 2 && m.day <= 4).map((m) => m.id),
  );

  // A household prefix in any letter case; an interview id by its first characters (as the list shows them).
  const hh012 = await all({ search: 'hh-012' });
  expect(hh012.ids.sort()).toEqual(
    model
      .filter((m) => m.household.startsWith('HH-012'))
      .map((m) => m.id)
      .sort(),
  );
  expect(hh012.total).toBe(10);
  const target = model[321]!;
  const byId = await all({ search: target.id.slice(0, 8).toUpperCase() });
  expect(byId.ids).toContain(target.id);
  expect(byId.ids.every((id) => id.startsWith(target.id.slice(0, 8)))).toBe(true);
  const nothing = await all({ search: '%' });
  expect(nothing).toEqual({ ids: [], total: 0 });

  const first = await call<Page>(ctx, 'interviews/page', { limit: 3 });
  expect(first.rows.map((r) => r.answered)).toEqual([1, 1, 1]);
  const facets = await call<{ surveyors: string[]; regions: string[] }>(ctx, 'interviews/facets', {});
  expect(facets).toEqual({ surveyors: ['S0', 'S1', 'S2'], regions: ['110100', '110101', '110102', '110103'] });
  db.close();
});

test('a final interview opened from the list shows the score stored for it; a draft has none yet', async () => {
  const db = openDatabase(join(tempDir(), 'score.sqlite'), { create: true });
  const ctx = { db };
  await ensureBundledForm(db);
  const form = await loadBundledForm();
  // Every item right except k01, k02, k03 (knowledge, 3 points each), m01 (method, 3) and t01 (thinking, 3):
  // 100 − 15 = 85, advanced; knowledge 40 − 9 = 31, method 17, thinking 17, application 20.
  const missed = new Set(['k01_orbit', 'k02_light_sound', 'k03_antibiotics', 'm01_drug_trial', 't01_conclusions']);
  const answers: Record<string, string> = { age: '34', sex: 'female', education: 'college', residence: 'urban' };
  for (const f of allFields(form)) {
    if (!f.scoring) continue;
    const wrong = form.choices[f.listName!]!.map((c) => c.name).find(
      (c) => !f.scoring!.key.includes(c) && c !== 'dont_know',
    );
    answers[f.name] = missed.has(f.name) ? wrong! : f.scoring.key.join(' ');
  }
  const start = { formId: form.formId, formVersion: form.version, surveyor: 'S01', regionCode: '110101' };
  const done = await call<{ interview_id: string }>(ctx, 'interview/start', { ...start, household: 'H-1' });
  for (const [field, value] of Object.entries(answers)) {
    await call(ctx, 'interview/saveAnswer', { interviewId: done.interview_id, field, value });
  }
  await call(ctx, 'interview/finalize', { interviewId: done.interview_id });
  const draft = await call<{ interview_id: string }>(ctx, 'interview/start', { ...start, household: 'H-2' });
  await call(ctx, 'score/run', {});

  const score = await call<{
    status: string;
    scores: { total: number; maxTotal: number; level: string; literate: boolean; dimensions: Record<string, number> }[];
    dimensionMax: Record<string, number>;
  }>(ctx, 'interview/score', { interviewId: done.interview_id });
  expect(score.status).toBe('final');
  expect(score.scores).toHaveLength(1);
  expect(score.scores[0]).toMatchObject({ total: 85, maxTotal: 100, level: 'advanced', literate: true });
  expect(score.scores[0]!.dimensions).toEqual({ knowledge: 31, method: 17, thinking: 17, application: 20 });
  expect(score.dimensionMax).toEqual({ knowledge: 40, method: 20, thinking: 20, application: 20 });

  const none = await call<{ status: string; scores: unknown[] }>(ctx, 'interview/score', {
    interviewId: draft.interview_id,
  });
  expect(none).toMatchObject({ status: 'draft', scores: [] });
  const missing = await dispatch(ctx, 'interview/score', { interviewId: 'no-such-interview' });
  expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
  db.close();
});
