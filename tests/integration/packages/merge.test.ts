import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { amend, content, exportPkg, importPkg, interview, newLaptop } from '../../helpers/field-laptops.ts';

function answerChecksum(db: ReturnType<typeof newLaptop>['db'], ids?: string[]): string {
  const rows = db.all<{ interview_id: string; field: string; value: string | null }>(
    'SELECT interview_id, field, value FROM answers ORDER BY interview_id, field',
  );
  const keep = ids ? new Set(ids) : undefined;
  const h = createHash('sha256');
  for (const r of rows) if (!keep || keep.has(r.interview_id)) h.update(`${r.interview_id}\t${r.field}\t${r.value}\n`);
  return h.digest('hex');
}

describe('an office merges two surveyors’ laptops', () => {
  test('nothing lost, nothing duplicated: counts and answer checksums match', async () => {
    const a = newLaptop('surveyor-a');
    const b = newLaptop('surveyor-b');
    const idsA = await interview(a.db, 'S01', 12, 1);
    const idsB = await interview(b.db, 'S02', 9, 2);
    const office = newLaptop('office');

    const sa = await importPkg(office.db, await exportPkg(a.db));
    const sb = await importPkg(office.db, await exportPkg(b.db));
    expect(sa).toMatchObject({ ok: true, result: { added: 12, conflicts: [] } });
    expect(sb).toMatchObject({ ok: true, result: { added: 9, conflicts: [] } });

    const n = (db: typeof office.db) => db.get<{ n: number }>('SELECT count(*) AS n FROM interviews')?.n;
    expect(n(office.db)).toBe(21);
    expect(answerChecksum(office.db, idsA)).toBe(answerChecksum(a.db));
    expect(answerChecksum(office.db, idsB)).toBe(answerChecksum(b.db));
    // The sample design travels too: design weights, regions and PSUs are what the estimates stand on.
    const design = (db: typeof office.db, ids: string[]) =>
      db
        .all<{ interview_id: string; design_weight: number; region_code: string; psu: string }>(
          'SELECT interview_id, design_weight, region_code, psu FROM interviews ORDER BY interview_id',
        )
        .filter((r) => ids.includes(r.interview_id));
    expect(design(office.db, idsA)).toEqual(design(a.db, idsA));
    expect(design(office.db, idsB)).toEqual(design(b.db, idsB));
    expect(design(office.db, idsA).every((r) => r.design_weight >= 100)).toBe(true);
    // Every audit row of the laptops arrived once.
    const audit = (db: typeof office.db) =>
      db.get<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE entity = 'interview'")?.n ?? 0;
    expect(audit(office.db)).toBe(audit(a.db) + audit(b.db));
    // The merge writes with foreign-key checks off (parents first): every reference holds, and checks are on again.
    expect(office.db.all('PRAGMA foreign_key_check')).toEqual([]);
    expect(office.db.get('PRAGMA foreign_keys')).toEqual({ foreign_keys: 1 });
  });

  test('importing a package twice changes nothing; a fresh export of the same interviews adds nothing', async () => {
    const a = newLaptop('surveyor-a');
    await interview(a.db, 'S01', 10);
    const office = newLaptop('office');
    const pkg = await exportPkg(a.db);
    await importPkg(office.db, pkg);
    const before = content(office.db);
    expect(await importPkg(office.db, pkg)).toMatchObject({ ok: true, result: { alreadyImported: true } });
    expect(await importPkg(office.db, await exportPkg(a.db))).toMatchObject({
      ok: true,
      result: { added: 0, identical: 10, superseded: 0, conflicts: [] },
    });
    expect(content(office.db)).toBe(before);
  });

  test('an interview corrected after finalization supersedes the office copy; the old one is not a conflict', async () => {
    const a = newLaptop('surveyor-a');
    const [id] = await interview(a.db, 'S01', 3);
    const office = newLaptop('office');
    const first = await exportPkg(a.db);
    await importPkg(office.db, first);

    await amend(a.db, id as string, { age: '61' }, 'respondent showed ID card: born 1965');
    const second = await exportPkg(a.db);
    expect(await importPkg(office.db, second)).toMatchObject({ ok: true, result: { superseded: 1, identical: 2 } });
    const row = office.db.get<{ value: string }>("SELECT value FROM answers WHERE interview_id = ? AND field = 'age'", [
      id as string,
    ]);
    expect(row?.value).toBe('61');
    expect(
      office.db.get<{ revision: number }>('SELECT revision FROM interviews WHERE interview_id = ?', [id as string]),
    ).toEqual({ revision: 2 });
    // The audit trail of the correction travelled with it.
    const amendRow = office.db.get<{ detail: string }>(
      "SELECT detail FROM audit_log WHERE action = 'interview.amend' AND entity_id = ?",
      [id as string],
    );
    expect(JSON.parse(amendRow?.detail ?? '{}')).toMatchObject({ reason: 'respondent showed ID card: born 1965' });

    // A late copy of the old revision (another USB stick) is recognised as older and changes nothing.
    const office2 = newLaptop('office2');
    await importPkg(office2.db, second);
    const before = content(office2.db);
    expect(await importPkg(office2.db, first)).toMatchObject({ ok: true, result: { older: 1, added: 0 } });
    expect(content(office2.db)).toBe(before);
  });

  test('the same interview edited differently on two laptops is a conflict: both versions kept, nothing overwritten', async () => {
    const a = newLaptop('surveyor-a');
    const [id] = await interview(a.db, 'S01', 1);
    const office = newLaptop('office');
    const base = await exportPkg(a.db);
    await importPkg(office.db, base);
    // The office corrects one answer, the surveyor (not knowing) corrects another.
    await amend(office.db, id as string, { k1: '3' }, 'office check');
    await amend(a.db, id as string, { sex: 'female' }, 'surveyor check');
    const r = await importPkg(office.db, await exportPkg(a.db));
    expect(r).toMatchObject({ ok: true, result: { conflicts: [id] } });
    const conflict = await import('../../../src/api/dispatch.ts').then((m) =>
      m.dispatch({ db: office.db }, 'package/conflicts', { interviewId: id }),
    );
    if (!conflict.ok) throw new Error(conflict.error.message);
    const { head, others } = conflict.result as unknown as {
      head: { answers: [string, string | null][] };
      others: { version: { answers: [string, string | null][] } }[];
    };
    const versions = [head.answers, ...others.map((o) => o.version.answers)].map((ans) =>
      Object.fromEntries(ans.map(([f, v]) => [f, v])),
    );
    expect(versions).toHaveLength(2);
    expect(versions.some((v) => v.k1 === '3')).toBe(true);
    expect(versions.some((v) => v.sex === 'female')).toBe(true);
  });
});
