import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../../db/sqlite.ts';
import { dispatch } from '../../src/api/dispatch.ts';
import { ensureBundledForm } from '../../src/node/bundled-form.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { tempDir } from '../helpers/tmp.ts';
import { type App, openApp } from './harness.ts';

/**
 * Story 5: two surveyors worked offline on their own laptops. The office makes its key pair in the app, receives
 * one plain package, one encrypted to its public key and one damaged copy, and imports all three at once: two
 * merge, the damaged one is refused by name. The same files again change nothing. Later the office corrects an
 * interview while the surveyor corrects the same interview differently: the next package brings a conflict that
 * the office reviews side by side. Finally the office exports its own data, encrypted, from the same screen.
 */

const FORM = { formId: 'civic_science_literacy', formVersion: '2025.1' };

interface Laptop {
  db: SqlDriver;
  finals: string[];
}

async function call<T>(db: SqlDriver, name: string, args: unknown): Promise<T> {
  const r = await dispatch({ db }, name, args);
  if (!r.ok) throw new Error(`${name}: ${r.error.code}: ${r.error.message}`);
  return r.result as T;
}

/** A surveyor's laptop: its own database with the bundled questionnaire and `finals` completed interviews. */
async function laptop(surveyor: string, region: string, finals: number, drafts: number, age0: number): Promise<Laptop> {
  const db = openDatabase(join(tempDir(`scilit-e2e-laptop-${surveyor}-`), 'laptop.sqlite'), { create: true });
  await ensureBundledForm(db);
  const ids: string[] = [];
  for (let i = 0; i < finals + drafts; i++) {
    const iv = await call<{ interview_id: string }>(db, 'interview/start', {
      ...FORM,
      surveyor,
      device: `${surveyor}-laptop`,
      regionCode: region,
      psu: `${region}-C0${(i % 2) + 1}`,
      household: `H-${100 + i}`,
    });
    const answers: Record<string, string> = {
      age: String(age0 + i),
      sex: i % 2 ? 'male' : 'female',
      education: 'junior',
      occupation: i % 3 ? 'farmer' : 'worker',
      residence: 'rural',
      k01_orbit: 'true',
    };
    for (const [field, value] of Object.entries(answers)) {
      await call(db, 'interview/saveAnswer', { interviewId: iv.interview_id, field, value });
    }
    if (i < finals) {
      await call(db, 'interview/finalize', { interviewId: iv.interview_id });
      ids.push(iv.interview_id);
    }
  }
  return { db, finals: ids };
}

async function exportFrom(db: SqlDriver, file: string, publicKeyPem?: string): Promise<Buffer> {
  const r = await call<{ dataBase64: string }>(db, 'package/export', { publicKeyPem });
  const bytes = Buffer.from(r.dataBase64, 'base64');
  writeFileSync(file, bytes);
  return bytes;
}

interface ResultRow {
  file: string;
  outcome: string;
  counts: Record<string, number>;
  error?: string;
  message?: string;
}

let app: App;
let a: Laptop;
let b: Laptop;
beforeAll(async () => {
  app = await openApp('packages', { bundledForm: true });
  a = await laptop('S01', '310105', 5, 0, 30);
  b = await laptop('S02', '310106', 4, 1, 50);
});
afterAll(async () => {
  a?.db.close();
  b?.db.close();
  await app?.close();
});

describe('an office merges field packages from two laptops', () => {
  test('keys, three packages at once (one encrypted, one damaged), the same again, a conflict reviewed, an export', async () => {
    const { page } = app;
    const section = (name: string) => `[data-section="${name}"]`;
    // Read through locators, not page functions: the e2e files are type-checked without the DOM's typings.
    const resultRows = async (): Promise<ResultRow[]> => {
      const rows: ResultRow[] = [];
      for (const tr of await page.locator('[data-section="import-results"] tr[data-file]').all()) {
        const counts: Record<string, number> = {};
        for (const c of await tr.locator('[data-count]').all()) {
          counts[(await c.getAttribute('data-count')) ?? ''] = Number(await c.textContent());
        }
        const error = tr.locator('[data-error]');
        const refused = (await error.count()) > 0;
        rows.push({
          file: (await tr.getAttribute('data-file')) ?? '',
          outcome: (await tr.getAttribute('data-outcome')) ?? '',
          counts,
          error: refused ? ((await error.getAttribute('data-error')) ?? undefined) : undefined,
          message: refused ? ((await tr.locator('[data-message]').textContent()) ?? undefined) : undefined,
        });
      }
      return rows;
    };
    const officeTotal = async () =>
      (await app.api<{ total: number }>('interviews/page', { withTotal: true, limit: 1 })).total;
    const officeIds = async () =>
      (await app.api<{ rows: { interview_id: string }[] }>('interviews/page', { limit: 1000 })).rows
        .map((r) => r.interview_id)
        .sort();

    await page.getByRole('menuitem', { name: '外业数据包' }).click();
    await page.waitForSelector('[data-screen="packages"] [data-section="export"]');
    await app.shot('export-empty');

    // The office makes its key pair and downloads both files.
    await page.click('[data-tab="keys"]');
    await page.click('[data-action="generate-keys"]');
    await page.waitForSelector(section('keys-ready'));
    await app.shot('keys-generated');
    const save = async (action: string, name: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-action="${action}"]`)]);
      expect(download.suggestedFilename()).toBe(name);
      const path = join(app.dir, name);
      await download.saveAs(path);
      return path;
    };
    const publicPath = await save('download-public', 'office-public.pem');
    const privatePath = await save('download-private', 'office-private.pem');
    const publicPem = readFileSync(publicPath, 'utf8');
    expect(publicPem).toContain('-----BEGIN PUBLIC KEY-----');
    expect(readFileSync(privatePath, 'utf8')).toContain('-----BEGIN PRIVATE KEY-----');

    // Surveyor A sends a plain package, surveyor B one encrypted to the office key; a third file is a damaged
    // copy of A's (the USB stick was pulled out while copying).
    const fileA = join(app.dir, '张三-笔记本A.scilitpkg');
    const fileB = join(app.dir, '李四-笔记本B-加密.scilitpkg');
    const fileBad = join(app.dir, '王五-U盘损坏.scilitpkg');
    const bytesA = await exportFrom(a.db, fileA);
    await exportFrom(b.db, fileB, publicPem);
    writeFileSync(fileBad, bytesA.subarray(0, Math.floor(bytesA.length / 2)));

    await page.click('[data-tab="import"]');
    await page.setInputFiles('[data-input="packages"] input[type="file"]', [fileA, fileB, fileBad]);
    await page.setInputFiles('[data-input="private-key"] input[type="file"]', privatePath);
    await page.waitForSelector('[data-action="import"]:has-text("3")');
    await app.shot('import-chosen');
    await page.click('[data-action="import"]');
    await page.waitForSelector('[data-section="import-results"] tr[data-file]');
    await app.shot('import-results');

    const first = await resultRows();
    expect(first.map((r) => [r.file, r.outcome])).toEqual([
      ['张三-笔记本A.scilitpkg', 'merged'],
      ['李四-笔记本B-加密.scilitpkg', 'merged'],
      ['王五-U盘损坏.scilitpkg', 'refused'],
    ]);
    // B's draft stays on the laptop: packages carry final and void interviews unless drafts are asked for.
    expect(first[0]?.counts).toMatchObject({ interviews: 5, added: 5, identical: 0, conflicts: 0 });
    expect(first[1]?.counts).toMatchObject({ interviews: 4, added: 4, identical: 0, conflicts: 0 });
    expect(first[2]?.error).toBe('damaged');
    expect(first[2]?.message).toContain('王五-U盘损坏.scilitpkg');
    expect(await page.getAttribute('[data-summary-added]', 'data-summary-added')).toBe('9');
    // The office database holds exactly the two laptops' final interviews.
    expect(await officeTotal()).toBe(9);
    expect(await officeIds()).toEqual([...a.finals, ...b.finals].sort());

    // The same three files again: the two packages are recognised, nothing is added.
    await page.click('[data-action="import"]');
    await page.waitForSelector('[data-section="import-results"] tr[data-outcome="already"]');
    const again = await resultRows();
    expect(again.map((r) => r.outcome)).toEqual(['already', 'already', 'refused']);
    expect(again.map((r) => r.counts.added)).toEqual([0, 0, undefined]);
    expect(await page.getAttribute('[data-summary-added]', 'data-summary-added')).toBe('0');
    await app.shot('import-again-already-imported');
    expect(await officeTotal()).toBe(9);

    // The office corrects one of A's interviews after a phone call; surveyor A, not knowing, corrects another
    // answer of the same interview. Neither version was edited from the other: a conflict.
    const disputed = a.finals[0] as string;
    await app.api('interview/amend', {
      interviewId: disputed,
      changes: { education: 'senior' },
      reason: '电话回访：受访者为高中学历',
    });
    await call(a.db, 'interview/amend', { interviewId: disputed, changes: { age: '31' }, reason: '核对身份证' });
    const fileA2 = join(app.dir, '张三-笔记本A-第二批.scilitpkg');
    await exportFrom(a.db, fileA2);

    await page.click('[data-action="clear-files"]');
    await page.setInputFiles('[data-input="packages"] input[type="file"]', fileA2);
    await page.click('[data-action="import"]');
    await page.waitForSelector('[data-section="import-results"] tr[data-outcome="conflicts"]');
    await app.shot('import-conflict');
    const third = await resultRows();
    expect(third).toHaveLength(1);
    expect(third[0]?.counts).toMatchObject({ interviews: 5, added: 0, identical: 4, conflicts: 1 });
    expect(await officeTotal()).toBe(9);

    // The conflict list agrees with the API; the side-by-side view highlights exactly the differing answers.
    const listed = await app.api<{ conflicts: { interview_id: string; versions: number }[] }>('package/conflicts', {});
    expect(listed.conflicts.map((c) => c.interview_id)).toEqual([disputed]);
    await page.click('[data-tab="conflicts"]');
    await page.waitForSelector(`[data-section="conflicts"] tr[data-interview="${disputed}"]`);
    expect(
      await page.textContent(`[data-section="conflicts"] tr[data-interview="${disputed}"] [data-count="versions"]`),
    ).toBe(String(listed.conflicts[0]?.versions));
    await app.shot('conflicts-list');
    await page.click(`tr[data-interview="${disputed}"] [data-action="open-conflict"]`);
    await page.waitForSelector('[data-section="conflict-compare"] tr[data-row="answer:age"]');
    await app.shot('conflict-side-by-side');

    const detail = await app.api<{
      head: Record<string, unknown> & { answers: [string, string | null][] };
      others: { version: Record<string, unknown> & { answers: [string, string | null][] } }[];
    }>('package/conflicts', { interviewId: disputed });
    const versions = [detail.head, ...detail.others.map((o) => o.version)];
    const answer = (v: (typeof versions)[number], f: string) => v.answers.find((x) => x[0] === f)?.[1];
    // Both versions are kept, neither overwritten: the office's (senior, 30) and the surveyor's (junior, 31).
    expect(versions.map((v) => [answer(v, 'education'), answer(v, 'age')]).sort()).toEqual([
      ['junior', '31'],
      ['senior', '30'],
    ]);
    const highlighted: string[] = [];
    for (const tr of await page.locator('[data-section="conflict-compare"] tr[data-differs="true"]').all()) {
      highlighted.push((await tr.getAttribute('data-row')) ?? '');
    }
    expect(highlighted.filter((r) => r.startsWith('answer:')).sort()).toEqual(['answer:age', 'answer:education']);
    const meta = ['surveyor', 'device', 'region_code', 'psu', 'household', 'status', 'started_at', 'revision'];
    const metaDiffers = meta.filter((m) => new Set(versions.map((v) => JSON.stringify(v[m]))).size > 1);
    expect(highlighted.filter((r) => r.startsWith('meta:') && meta.includes(r.slice(5)))).toEqual(
      metaDiffers.map((m) => `meta:${m}`),
    );
    // Each column shows its version's answer (the head, picked by a fixed rule, first).
    for (const [i, v] of versions.entries()) {
      const cell = await page.textContent(
        `[data-section="conflict-compare"] tr[data-row="answer:age"] [data-version="${i}"]`,
      );
      expect(cell).toContain(answer(v, 'age'));
    }
    // Choices read as the questionnaire words them (senior = 高中/中专/技校, junior = 初中).
    for (const [i, v] of versions.entries()) {
      expect(
        await page.textContent(
          `[data-section="conflict-compare"] tr[data-row="answer:education"] [data-version="${i}"]`,
        ),
      ).toContain(answer(v, 'education') === 'senior' ? '高中/中专/技校 (senior)' : '初中 (junior)');
    }

    // Both corrections, with their reasons, are in the interview's audit trail under the comparison.
    const audit = await app.api<{ action: string }[]>('interviews/audit', { interviewId: disputed });
    const amendRows = '[data-section="conflict-audit"] tr[data-action-name="interview.amend"]';
    await page.waitForSelector(amendRows);
    expect(await page.locator('[data-section="conflict-audit"] tr[data-action-name]').count()).toBe(audit.length);
    expect(await page.locator(amendRows).count()).toBe(2);
    const reasons = (await page.locator(amendRows).allTextContents()).join('\n');
    expect(reasons).toContain('电话回访：受访者为高中学历');
    expect(reasons).toContain('核对身份证');
    // The action is named in Chinese, not by its code.
    expect(reasons).toContain('更正（新版本）');
    expect(reasons).not.toContain('interview.amend');

    await page.click('[data-action="only-diffs"]');
    await page.waitForSelector('[data-section="conflict-compare"] tr[data-differs="false"]', { state: 'detached' });
    await app.shot('conflict-differences-only');

    // The same review in English.
    await page.getByText('English', { exact: true }).click();
    await page.waitForSelector('[data-tab="conflicts"]:has-text("Conflicts to review")');
    await app.shot('conflict-english');
    await page.getByText('中文', { exact: true }).click();
    await page.waitForSelector('[data-tab="conflicts"]:has-text("待核对的冲突")');

    // The office forwards its own data, encrypted, from the export tab; the file opens only with the private key.
    await page.click('[data-tab="export"]');
    await page.fill('[data-input="device"]', 'office-pc');
    await page.setInputFiles('[data-input="public-key"] input[type="file"]', publicPath);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="export"]')]);
    await page.waitForSelector(section('exported'));
    await app.shot('exported');
    expect(download.suggestedFilename()).toMatch(/^scilit-office-pc-.*\.scilitpkg$/);
    const exportedPath = join(app.dir, download.suggestedFilename());
    await download.saveAs(exportedPath);
    const finals = (await app.api<{ total: number }>('interviews/page', { withTotal: true, status: 'final', limit: 1 }))
      .total;
    expect(Number(await page.textContent('[data-manifest="interviews"]'))).toBe(finals);
    expect(await page.getAttribute('[data-manifest="encrypted"]', 'data-value')).toBe('true');

    const elsewhere = openDatabase(join(tempDir('scilit-e2e-province-'), 'province.sqlite'), { create: true });
    try {
      const data = readFileSync(exportedPath).toString('base64');
      const locked = await dispatch({ db: elsewhere }, 'package/import', { dataBase64: data });
      expect(locked.ok ? 'imported' : locked.error.code).toBe('encrypted');
      const opened = await call<{ added: number }>(elsewhere, 'package/import', {
        dataBase64: data,
        privateKeyPem: readFileSync(privatePath, 'utf8'),
      });
      expect(opened.added).toBe(finals);
    } finally {
      elsewhere.close();
    }

    // Only what changed since a date: nothing changed after 2099-01-01, so the package is empty and says so.
    await page.click('[data-section="export"] .ant-picker');
    await page.fill('[data-section="export"] .ant-picker input', '2099-01-01');
    await page.keyboard.press('Enter');
    const [empty] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="export"]')]);
    await page.waitForSelector('[data-section="exported"] [data-manifest="interviews"]:text-is("0")');
    expect(empty.suggestedFilename()).toMatch(/\.scilitpkg$/);
    await app.shot('exported-since-empty');
  });
});
