// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm writes field references as ${name} in plain strings
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { dispatch } from '../../../src/api/dispatch.ts';
import { bytesToBase64 } from '../../../src/form/base64.ts';
import { readXlsForm } from '../../../src/form/xlsform/read.ts';
import type { SqlDriver } from '../../../src/store/driver.ts';
import { listForms } from '../../../src/store/forms.ts';
import { baseSheets, setCell } from '../../fixtures/forms/base-form.ts';
import { type SheetRows, workbook } from '../../fixtures/forms/workbook.ts';
import { tempDir } from '../../helpers/tmp.ts';

type Sheets = Record<string, SheetRows>;
interface Case {
  name: string;
  plant: (s: Sheets) => void;
  expect: { sheet: string; row?: number; column?: string; message: RegExp };
}
const set = (sheet: string, row: number, column: string, value: string | number | null) => (s: Sheets) =>
  setCell(s, sheet, row, column, value);

// Each malformed form is the valid base form with one planted error, and the place a person must fix it.
const CASES: Case[] = [
  {
    name: 'misspelt type',
    plant: set('survey', 3, 'A', 'integr'),
    expect: { sheet: 'survey', row: 3, column: 'A', message: /unknown type "integr".*did you mean "integer"/ },
  },
  {
    name: 'ODK type scilit does not ask',
    plant: set('survey', 3, 'A', 'video'),
    expect: { sheet: 'survey', row: 3, column: 'A', message: /video.*cannot be asked by scilit yet/ },
  },
  {
    name: 'begin repeat refused clearly',
    plant: set('survey', 2, 'A', 'begin repeat'),
    expect: { sheet: 'survey', row: 2, column: 'A', message: /repeats are not supported/ },
  },
  {
    name: 'select_one without a list',
    plant: set('survey', 4, 'A', 'select_one'),
    expect: { sheet: 'survey', row: 4, column: 'A', message: /needs a choice list name/ },
  },
  {
    name: 'undefined choice list',
    plant: set('survey', 4, 'A', 'select_one gender'),
    expect: { sheet: 'survey', row: 4, column: 'A', message: /list "gender" is not defined/ },
  },
  {
    name: 'or_other on a question without choices',
    plant: set('survey', 3, 'A', 'rank sex or_other'),
    expect: { sheet: 'survey', row: 3, column: 'A', message: /or_other is only for select_one and select_multiple/ },
  },
  {
    name: 'choices from a file',
    plant: set('survey', 4, 'A', 'select_one_from_file sex.csv'),
    expect: { sheet: 'survey', row: 4, column: 'A', message: /choices from a CSV or XML file/ },
  },
  {
    name: 'duplicate name',
    plant: set('survey', 4, 'B', 'age'),
    expect: { sheet: 'survey', row: 4, column: 'B', message: /duplicate name "age" \(first used in row 3\)/ },
  },
  {
    name: 'name with a space',
    plant: set('survey', 3, 'B', 'my age'),
    expect: { sheet: 'survey', row: 3, column: 'B', message: /"my age" is not a valid name/ },
  },
  {
    name: 'name starting with a digit',
    plant: set('survey', 3, 'B', '1age'),
    expect: { sheet: 'survey', row: 3, column: 'B', message: /not a valid name/ },
  },
  {
    name: 'question without a name',
    plant: set('survey', 4, 'B', null),
    expect: { sheet: 'survey', row: 4, column: 'B', message: /needs a name/ },
  },
  {
    name: 'question without a label',
    plant: (s) => {
      setCell(s, 'survey', 4, 'C', null);
      setCell(s, 'survey', 4, 'D', null);
    },
    expect: { sheet: 'survey', row: 4, column: 'C', message: /"sex" has no label/ },
  },
  {
    name: 'row without a type',
    plant: set('survey', 4, 'A', null),
    expect: { sheet: 'survey', row: 4, column: 'A', message: /no type/ },
  },
  {
    name: 'end group without begin',
    plant: set('survey', 11, 'A', 'end group'),
    expect: { sheet: 'survey', row: 11, column: 'A', message: /without a matching "begin group"/ },
  },
  {
    name: 'group never closed',
    plant: set('survey', 5, 'A', 'note'),
    expect: { sheet: 'survey', row: 2, column: 'A', message: /group "g1" is never closed/ },
  },
  {
    name: 'relevant ends early',
    plant: set('survey', 8, 'E', '${age} >'),
    expect: { sheet: 'survey', row: 8, column: 'E', message: /relevant does not parse.*at character 9/ },
  },
  {
    name: 'relevant names an unknown field',
    plant: set('survey', 8, 'E', '${agee} > 20'),
    expect: { sheet: 'survey', row: 8, column: 'E', message: /\$\{agee\} is not a field/ },
  },
  {
    name: 'relevant with a full-width operator',
    plant: set('survey', 8, 'E', '${age} ＞ 20'),
    expect: { sheet: 'survey', row: 8, column: 'E', message: /unexpected character "＞" at character 8/ },
  },
  {
    name: 'relevant with && instead of and',
    plant: set('survey', 8, 'E', '${age} > 20 && ${age} < 60'),
    expect: { sheet: 'survey', row: 8, column: 'E', message: /use "and"/ },
  },
  {
    name: 'relevant uses "."',
    plant: set('survey', 8, 'E', '. > 3'),
    expect: { sheet: 'survey', row: 8, column: 'E', message: /only be used in a constraint/ },
  },
  {
    name: 'relevant uses a bare name',
    plant: set('survey', 8, 'E', 'age > 3'),
    expect: { sheet: 'survey', row: 8, column: 'E', message: /"age" is not a value/ },
  },
  {
    name: 'relevant reads a group',
    plant: set('survey', 8, 'E', "${g1} = 'x'"),
    expect: { sheet: 'survey', row: 8, column: 'E', message: /is a group/ },
  },
  {
    name: 'group relevant unknown field',
    plant: set('survey', 2, 'E', '${nobody} = 1'),
    expect: { sheet: 'survey', row: 2, column: 'E', message: /\$\{nobody\} is not a field/ },
  },
  {
    name: 'constraint ends early',
    plant: set('survey', 3, 'F', '. >= '),
    expect: { sheet: 'survey', row: 3, column: 'F', message: /constraint does not parse/ },
  },
  {
    name: 'constraint unknown function',
    plant: set('survey', 3, 'F', 'between(., 18, 69)'),
    expect: { sheet: 'survey', row: 3, column: 'F', message: /unknown function between\(\)/ },
  },
  {
    name: 'constraint unclosed text',
    plant: set('survey', 3, 'F', "regex(., '^[0-9]+$)"),
    expect: { sheet: 'survey', row: 3, column: 'F', message: /not closed/ },
  },
  {
    name: 'function with wrong arity',
    plant: set('survey', 6, 'G', 'if(${age} > 1, 2)'),
    expect: { sheet: 'survey', row: 6, column: 'G', message: /if\(\) takes 3 arguments, not 2/ },
  },
  {
    name: 'calculation reads itself',
    plant: set('survey', 6, 'G', '${band} + 1'),
    expect: { sheet: 'survey', row: 6, column: 'G', message: /calculation cycle: \$\{band\} → \$\{band\}/ },
  },
  {
    name: 'two calculations read each other',
    plant: (s) => {
      setCell(s, 'survey', 6, 'G', '${c2} + 1');
      s.survey!.push(['calculate', 'c2', '', '', '', '', '${band} * 2']);
    },
    expect: { sheet: 'survey', row: 6, column: 'G', message: /calculation cycle: .*\$\{band\}.*\$\{c2\}/ },
  },
  {
    name: 'calculate without calculation',
    plant: set('survey', 6, 'G', null),
    expect: { sheet: 'survey', row: 6, column: 'G', message: /has no calculation/ },
  },
  {
    name: 'required expression broken',
    plant: set('survey', 3, 'H', '${sex} = '),
    expect: { sheet: 'survey', row: 3, column: 'H', message: /required does not parse/ },
  },
  {
    name: 'choice_filter on a number question',
    plant: set('survey', 3, 'I', 'prov = 1'),
    expect: { sheet: 'survey', row: 3, column: 'I', message: /only for select_one\/select_multiple/ },
  },
  {
    name: 'scoring key not a choice',
    plant: set('survey', 7, 'L', 'yes'),
    expect: { sheet: 'survey', row: 7, column: 'L', message: /scoring::key "yes" is not a choice of list "tf"/ },
  },
  {
    name: 'select_one with two keys',
    plant: set('survey', 7, 'L', 'true false'),
    expect: { sheet: 'survey', row: 7, column: 'L', message: /exactly one correct choice/ },
  },
  {
    name: 'select_multiple key with an unknown choice',
    plant: set('survey', 8, 'L', 'apple kiwi'),
    expect: { sheet: 'survey', row: 8, column: 'L', message: /"kiwi" is not a choice of list "fruit"/ },
  },
  {
    name: 'points not a number',
    plant: set('survey', 7, 'K', 'two'),
    expect: { sheet: 'survey', row: 7, column: 'K', message: /positive number, not "two"/ },
  },
  {
    name: 'points missing',
    plant: set('survey', 7, 'K', null),
    expect: { sheet: 'survey', row: 7, column: 'K', message: /needs scoring::points/ },
  },
  {
    name: 'dimension missing',
    plant: set('survey', 7, 'J', null),
    expect: { sheet: 'survey', row: 7, column: 'J', message: /needs scoring::dimension/ },
  },
  {
    name: 'key missing',
    plant: set('survey', 7, 'L', null),
    expect: { sheet: 'survey', row: 7, column: 'L', message: /needs scoring::key/ },
  },
  {
    name: 'scoring on a text question',
    plant: (s) => {
      setCell(s, 'survey', 7, 'A', 'text');
    },
    expect: { sheet: 'survey', row: 7, column: 'J', message: /can be scored, not text/ },
  },
  {
    name: 'unknown scoring column',
    plant: set('survey', 1, 'M', 'scoring::weight'),
    expect: { sheet: 'survey', row: 1, column: 'M', message: /unknown scoring column/ },
  },
  {
    name: 'veto not a choice',
    plant: (s) => {
      setCell(s, 'survey', 1, 'M', 'scoring::veto');
      setCell(s, 'survey', 7, 'M', 'maybe');
    },
    expect: { sheet: 'survey', row: 7, column: 'M', message: /scoring::veto "maybe"/ },
  },
  {
    name: 'default not a whole number',
    plant: (s) => {
      setCell(s, 'survey', 1, 'M', 'default');
      setCell(s, 'survey', 3, 'M', 'abc');
    },
    expect: { sheet: 'survey', row: 3, column: 'M', message: /default "abc" is not a whole number/ },
  },
  {
    name: 'read_only neither yes nor no',
    plant: (s) => {
      setCell(s, 'survey', 1, 'M', 'read_only');
      setCell(s, 'survey', 3, 'M', 'maybe');
    },
    expect: { sheet: 'survey', row: 3, column: 'M', message: /read_only must be "yes" or "no"/ },
  },
  {
    name: 'choice without list_name',
    plant: set('choices', 3, 'A', null),
    expect: { sheet: 'choices', row: 3, column: 'A', message: /"female" has no list_name/ },
  },
  {
    name: 'choice without name',
    plant: set('choices', 3, 'B', null),
    expect: { sheet: 'choices', row: 3, column: 'B', message: /has no name/ },
  },
  {
    name: 'duplicate choice in a list',
    plant: set('choices', 3, 'B', 'male'),
    expect: {
      sheet: 'choices',
      row: 3,
      column: 'B',
      message: /duplicate choice "male" in list "sex" \(first in row 2\)/,
    },
  },
  {
    name: 'choice name with a space in a list a select_multiple uses',
    plant: set('choices', 9, 'B', 'sweet potato'),
    expect: {
      sheet: 'choices',
      row: 9,
      column: 'B',
      message: /contains a space, and list "fruit" is used by a select_multiple/,
    },
  },
  {
    name: 'form_id with a space',
    plant: set('settings', 2, 'B', 'test form'),
    expect: { sheet: 'settings', row: 2, column: 'B', message: /form_id "test form"/ },
  },
  {
    name: 'default_language not a label language',
    plant: set('settings', 2, 'D', 'Deutsch (de)'),
    expect: { sheet: 'settings', row: 2, column: 'D', message: /default_language "Deutsch \(de\)"/ },
  },
  {
    name: 'level min_score not a number',
    plant: set('scoring', 2, 'B', 'seventy'),
    expect: { sheet: 'scoring', row: 2, column: 'B', message: /min_score must be a number/ },
  },
  {
    name: 'level comparison unknown',
    plant: set('scoring', 2, 'C', '=<'),
    expect: { sheet: 'scoring', row: 2, column: 'C', message: /comparison must be ">=" or ">"/ },
  },
  {
    name: 'duplicate level',
    plant: set('scoring', 3, 'A', 'pass'),
    expect: { sheet: 'scoring', row: 3, column: 'A', message: /duplicate level "pass"/ },
  },
  {
    name: 'group rule names an unknown field',
    plant: set('groups', 2, 'C', '${agee} >= 30'),
    expect: { sheet: 'groups', row: 2, column: 'C', message: /\$\{agee\} is not a field/ },
  },
  {
    name: 'group rule does not parse',
    plant: set('groups', 2, 'C', '${age} >= '),
    expect: { sheet: 'groups', row: 2, column: 'C', message: /rule does not parse/ },
  },
  {
    name: 'group without rule',
    plant: set('groups', 2, 'C', null),
    expect: { sheet: 'groups', row: 2, column: 'C', message: /needs a rule/ },
  },
];

let dir: string;
let db: SqlDriver;
beforeAll(() => {
  dir = tempDir('scilit-malformed-');
  db = openDatabase(join(dir, 'forms.db'), { create: true });
});
afterAll(() => db.close());

describe('malformed questionnaires are refused with the place to fix them', () => {
  it('the base form is valid (so each case fails for its planted error only)', async () => {
    const { form, issues } = await readXlsForm(await workbook(baseSheets()), 'base.xlsx');
    expect(issues).toEqual([]);
    expect(form?.formId).toBe('test_form');
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const sheets = baseSheets();
    c.plant(sheets);
    const bytes = await workbook(sheets);
    // Through the API, as the app and the CLI import: refused, every issue listed as sheet!CELL (header): message.
    const r = await dispatch({ db }, 'form/import', { fileName: 'planted.xlsx', data: bytesToBase64(bytes) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_form');
    expect(r.error.message).toMatch(/^planted\.xlsx: \d+ problems?, nothing was stored:\n/);
    const where = `${c.expect.sheet}${c.expect.row !== undefined ? `!${c.expect.column}${c.expect.row}` : ''}`;
    const lines = r.error.message.split('\n').slice(1);
    const hit = lines.find((l) => l.startsWith(`${where} `) || l.startsWith(`${where}:`));
    expect(hit, `issues were:\n${lines.join('\n')}`).toBeDefined();
    expect(hit!).toMatch(c.expect.message);
    expect(listForms(db)).toEqual([]);
  });

  it(`has at least 40 cases (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it('reports every planted error of one file together, in sheet and row order', async () => {
    const sheets = baseSheets();
    setCell(sheets, 'survey', 3, 'A', 'integr');
    setCell(sheets, 'survey', 8, 'E', '${agee} > 20');
    setCell(sheets, 'survey', 6, 'G', '${band} + 1');
    setCell(sheets, 'choices', 3, 'B', 'male');
    setCell(sheets, 'settings', 2, 'B', 'bad id');
    setCell(sheets, 'groups', 2, 'C', '${age} >=');
    const { form, issues } = await readXlsForm(await workbook(sheets), 'many.xlsx');
    expect(form).toBeNull();
    expect(issues.map((i) => `${i.sheet}!${i.column}${i.row}`)).toEqual([
      'survey!A3',
      'survey!G6',
      'survey!E8',
      'choices!B3',
      'settings!B2',
      'groups!C2',
    ]);
  });

  it('a file that is not a workbook is one clear issue', async () => {
    const { form, issues } = await readXlsForm(new TextEncoder().encode('type,name\ntext,a\n'), 'form.csv');
    expect(form).toBeNull();
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/not an Excel workbook \(\.xlsx or \.xls\)/);
  });
});
