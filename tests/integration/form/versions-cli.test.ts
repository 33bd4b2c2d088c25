// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm writes field references as ${name} in plain strings
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { allFields } from '../../../src/form/model.ts';
import { getForm, listForms } from '../../../src/store/forms.ts';
import { baseSheets, setCell } from '../../fixtures/forms/base-form.ts';
import { workbook } from '../../fixtures/forms/workbook.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';

async function writeForm(dir: string, file: string, edit: (s: ReturnType<typeof baseSheets>) => void = () => {}) {
  const sheets = baseSheets();
  edit(sheets);
  const path = join(dir, file);
  writeFileSync(path, await workbook(sheets));
  return path;
}

describe('form versions and the form commands', () => {
  it('a changed form under the same version is refused; a new version is stored beside the old', async () => {
    const dir = tempDir('scilit-versions-');
    const db = join(dir, 'survey.db');
    await runCli('init', '--db', db);
    const v1 = await writeForm(dir, 'v1.xlsx');
    const v1changed = await writeForm(dir, 'v1-changed.xlsx', (s) => setCell(s, 'survey', 3, 'C', 'Age in years'));
    const v2 = await writeForm(dir, 'v2.xlsx', (s) => {
      setCell(s, 'survey', 3, 'C', 'Age in years');
      setCell(s, 'settings', 2, 'C', '2');
    });

    expect((await runCli('form', 'import', v1, '--db', db)).code).toBe(0);
    const refused = await runCli('form', 'import', v1changed, '--db', db);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/form test_form version 1 is already stored with different content.*new version/);
    const added = await runCli('form', 'import', v2, '--db', db);
    expect(added.code).toBe(0);
    expect(added.out).toMatch(/imported: form test_form version 2/);

    const list = await runCli('form', 'list', '--db', db);
    expect(list.out.split('\n').filter((l) => l.startsWith('test_form'))).toHaveLength(2);
    const conn = openDatabase(db);
    try {
      expect(listForms(conn).map((r) => r.version)).toEqual(['1', '2']);
      const ageLabel = (v?: string) =>
        allFields(getForm(conn, 'test_form', v)!).find((f) => f.name === 'age')!.label.en;
      expect(ageLabel('1')).toBe('Age');
      expect(ageLabel('2')).toBe('Age in years');
      expect(getForm(conn, 'test_form')!.version).toBe('2');
    } finally {
      conn.close();
    }
    const old = join(dir, 'old.xlsx');
    expect((await runCli('form', 'export', 'test_form', '--version', '1', '--db', db, '--out', old)).code).toBe(0);
    expect((await runCli('form', 'check', old)).out).toMatch(/form test_form version 1/);
    const missing = await runCli('form', 'export', 'nope', '--db', db, '--out', join(dir, 'x.xlsx'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/form nope is not in this database/);
  });

  it('`form check` prints every problem with its place and exits 1; nothing is stored by import', async () => {
    const dir = tempDir('scilit-check-');
    const bad = await writeForm(dir, 'bad.xlsx', (s) => {
      setCell(s, 'survey', 4, 'A', 'select_one gender');
      setCell(s, 'survey', 8, 'E', '${age} >> 20');
      setCell(s, 'choices', 9, 'B', 'sweet potato');
    });
    const r = await runCli('form', 'check', bad);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toEqual([
      'bad.xlsx: survey!A4 (type): choice list "gender" is not defined in the choices sheet',
      expect.stringMatching(
        /^bad\.xlsx: survey!E8 \(relevant\): relevant does not parse: expected a value but found ">" at character 9/,
      ),
      'bad.xlsx: choices!B9 (name): choice name "sweet potato" contains a space, and list "fruit" is used by a select_multiple (its answers are space-separated)',
      `3 problems in ${bad}`,
    ]);
    const db = join(dir, 'survey.db');
    await runCli('init', '--db', db);
    const imported = await runCli('form', 'import', bad, '--db', db);
    expect(imported.code).toBe(1);
    expect(imported.err).toMatch(/3 problems, nothing was stored/);
    expect((await runCli('form', 'list', '--db', db)).out).toBe('no forms stored');
  });
});
