// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm writes field references as ${name} in plain strings
// Each test is a defect found when real XLSForms were tried (issue 17, "Found when tried"): syntax pyxform 4.5
// accepts, and what it means there (pyxform's aliases.py, xls2json.py and its test suite are the reference).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allFields, type Field, type Form } from '../../../src/form/model.ts';
import { formatIssue } from '../../../src/form/xlsform/issues.ts';
import { readXlsForm } from '../../../src/form/xlsform/read.ts';
import { type SheetRows, workbook } from '../../fixtures/forms/workbook.ts';

async function read(sheets: Record<string, SheetRows>, fileName = 'form.xlsx') {
  const r = await readXlsForm(await workbook(sheets), fileName);
  return { ...r, lines: [...r.issues, ...r.warnings].map(formatIssue) };
}

async function accepted(sheets: Record<string, SheetRows>) {
  const r = await read(sheets);
  expect(r.issues.map(formatIssue)).toEqual([]);
  return { form: r.form as Form, warnings: r.warnings.map(formatIssue) };
}

const field = (form: Form, name: string): Field => {
  const f = allFields(form).find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name}`);
  return f;
};

const settings: SheetRows = [
  ['form_id', 'version'],
  ['f', '1'],
];

describe('logic written with pyxform aliases is kept, not dropped', () => {
  it('a "relevance" column (SurveyCTO, pyxform alias) is the relevant', async () => {
    const { form } = await accepted({
      survey: [
        ['type', 'name', 'label', 'relevance'],
        ['integer', 'age', 'Age'],
        ['text', 'job', 'Job', '${age} >= 16'],
      ],
      settings,
    });
    expect(field(form, 'job').relevant).toBe('${age} >= 16');
  });

  it('bind::relevant, bind::required, bind::constraint and bind::jr:constraintMsg are read as the plain columns', async () => {
    const { form } = await accepted({
      survey: [
        ['type', 'name', 'label', 'bind::relevant', 'bind::required', 'bind::constraint', 'bind::jr:constraintMsg'],
        ['integer', 'age', 'Age', '', 'true()', '. < 120', 'too old'],
        ['text', 'job', 'Job', '${age} >= 16'],
      ],
      settings,
    });
    expect(field(form, 'age')).toMatchObject({
      required: 'true()',
      constraint: '. < 120',
      constraintMessage: { '': 'too old' },
    });
    expect(field(form, 'job').relevant).toBe('${age} >= 16');
  });

  it('single-colon headers (bind:relevant, bind:constraint, label:English) when the sheet has no "::"', async () => {
    const { form } = await accepted({
      survey: [
        ['type', 'name', 'label:English', 'label:Français', 'bind:relevant', 'bind:constraint', 'jr:constraintMsg'],
        ['integer', 'age', 'Age', 'Âge', '', '. >= 0', 'not negative'],
        ['text', 'job', 'Job', 'Métier', '${age} >= 16'],
      ],
      settings,
    });
    expect(form.languages.map((l) => l.code)).toEqual(['English', 'Français']);
    expect(field(form, 'age').label).toEqual({ English: 'Age', Français: 'Âge' });
    expect(field(form, 'age').constraint).toBe('. >= 0');
    expect(field(form, 'age').constraintMessage).toEqual({ '': 'not negative' });
    expect(field(form, 'job').relevant).toBe('${age} >= 16');
  });

  it('a row with disabled = yes is left out, as pyxform does, and said', async () => {
    const r = await read({
      survey: [
        ['type', 'name', 'label', 'disabled'],
        ['integer', 'age', 'Age'],
        ['text', 'old_q', 'Old question', 'yes'],
        ['text', 'kept', 'Kept', 'no'],
      ],
      settings,
    });
    expect(r.issues).toEqual([]);
    expect(allFields(r.form!).map((f) => f.name)).toEqual(['age', 'kept']);
    expect(r.lines).toContainEqual(expect.stringMatching(/^form\.xlsx: survey!D3 \(disabled\): warning: row skipped/));
  });
});

describe('valid syntax that was refused', () => {
  it('no settings.version: one is made from the content checksum, the same for the same form, and said', async () => {
    const sheets = (label: string): Record<string, SheetRows> => ({
      survey: [
        ['type', 'name', 'label'],
        ['integer', 'age', label],
      ],
      settings: [['form_id'], ['f']],
    });
    const a = await accepted(sheets('Age'));
    const again = await accepted(sheets('Age'));
    const edited = await accepted(sheets('Age in years'));
    expect(a.form.version).toMatch(/^[0-9a-f]{12}$/);
    expect(again.form.version).toBe(a.form.version);
    expect(edited.form.version).not.toBe(a.form.version);
    expect(a.warnings).toEqual([expect.stringMatching(new RegExp(`no version: scilit uses "${a.form.version}"`))]);
    // No settings sheet at all: the form_id comes from the file name, as pyxform.
    const bare = await read({ survey: sheets('Age').survey! }, 'household_survey.xlsx');
    expect(bare.form?.formId).toBe('household_survey');
    expect(bare.form?.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it('"select one from LIST", "select1", "select all that apply from LIST" and "add select one prompt using"', async () => {
    const { form } = await accepted({
      survey: [
        ['type', 'name', 'label'],
        ['select one from yn', 'a', 'A'],
        ['select1 yn', 'b', 'B'],
        ['select all that apply from yn', 'c', 'C'],
        ['add select one prompt using yn', 'd', 'D'],
        ['Select_One  yn', 'e', 'E'],
      ],
      choices: [
        ['list_name', 'name', 'label'],
        ['yn', 'yes', 'Yes'],
        ['yn', 'no', 'No'],
      ],
      settings,
    });
    expect(allFields(form).map((f) => [f.name, f.type, f.listName])).toEqual([
      ['a', 'select_one', 'yn'],
      ['b', 'select_one', 'yn'],
      ['c', 'select_multiple', 'yn'],
      ['d', 'select_one', 'yn'],
      ['e', 'select_one', 'yn'],
    ]);
  });

  it('pyxform type aliases (string, int, qdate, get start time, imei, add note prompt)', async () => {
    const { form } = await accepted({
      survey: [
        ['type', 'name', 'label'],
        ['get start time', 'started'],
        ['imei', 'device'],
        ['string', 's', 'S'],
        ['int', 'i', 'I'],
        ['qdate', 'd', 'D'],
        ['add note prompt', 'n', 'N'],
      ],
      settings,
    });
    expect(allFields(form).map((f) => f.type)).toEqual(['start', 'deviceid', 'text', 'integer', 'date', 'note']);
  });

  it('default_language naming the language of the plain "label" column', async () => {
    const { form } = await accepted({
      survey: [
        ['type', 'name', 'label', 'label::Français (fr)', 'hint'],
        ['integer', 'age', 'Age', 'Âge', 'in years'],
      ],
      choices: [['list_name', 'name', 'label']],
      settings: [
        ['form_id', 'version', 'default_language'],
        ['f', '1', 'English (en)'],
      ],
    });
    expect(form.defaultLanguage).toBe('en');
    expect(form.languages.map((l) => l.code)).toEqual(['en', 'fr']);
    expect(field(form, 'age').label).toEqual({ en: 'Age', fr: 'Âge' });
    expect(field(form, 'age').hint).toEqual({ en: 'in years' });
  });

  it('a choices sheet with "value" for "name", list names with ":", and spaces in select_one choice names', async () => {
    const { form } = await accepted({
      survey: [
        ['type', 'name', 'label'],
        ['select_one yes:no', 'q', 'Q'],
      ],
      choices: [
        ['list_name', 'value', 'label'],
        ['yes:no', 'yes', 'Yes'],
        ['yes:no', 'not sure', 'Not sure'],
      ],
      settings,
    });
    expect(form.choices['yes:no']!.map((c) => c.name)).toEqual(['yes', 'not sure']);
  });

  it('unnamed notes get the name pyxform gives them; comment rows without a type are skipped with a warning', async () => {
    const { form, warnings } = await accepted({
      survey: [
        ['type', 'name', 'label', 'notes'],
        ['note', '', 'Welcome'],
        ['', '', '', 'comment for the team'],
        ['integer', 'age', 'Age'],
      ],
      settings,
    });
    expect(allFields(form).map((f) => f.name)).toEqual(['generated_note_name_2', 'age']);
    expect(warnings).toEqual([
      expect.stringMatching(/survey!D1 \(notes\): warning: column "notes" is not used by scilit/),
      expect.stringMatching(/survey!A3 \(type\): warning: row without type, name or label skipped/),
    ]);
  });

  it('a choice without a label is accepted with a warning (pyxform warns)', async () => {
    const { form, warnings } = await accepted({
      survey: [
        ['type', 'name', 'label'],
        ['select_one n', 'q', 'Q'],
      ],
      choices: [
        ['list_name', 'name', 'label'],
        ['n', '1', 'One'],
        ['n', '2'],
      ],
      settings,
    });
    expect(form.choices.n!.map((c) => c.name)).toEqual(['1', '2']);
    expect(warnings).toEqual([
      expect.stringMatching(/choices!C3 \(label\): warning: choice "2" of list "n" has no label/),
    ]);
  });

  it('sheet names in other letter case (SURVEY, Choices, Settings)', async () => {
    const { form } = await accepted({
      SURVEY: [
        ['type', 'name', 'label'],
        ['select_one yn', 'q', 'Q'],
      ],
      Choices: [
        ['list_name', 'name', 'label'],
        ['yn', 'yes', 'Yes'],
      ],
      Settings: [
        ['form_id', 'version'],
        ['upper', '2'],
      ],
    });
    expect(form).toMatchObject({ formId: 'upper', version: '2' });
  });

  it('"id_string" and "title" in settings, as pyxform names them', async () => {
    const { form } = await accepted({
      survey: [
        ['type', 'name', 'label'],
        ['text', 'a', 'A'],
      ],
      settings: [
        ['id_string', 'title', 'version'],
        ['my_form', 'My form', '3'],
      ],
    });
    expect(form).toMatchObject({ formId: 'my_form', version: '3', title: { '': 'My form' } });
  });

  it('allow_choice_duplicates = yes accepts a name twice in a list; without it the second is refused', async () => {
    const sheets = (allow: string): Record<string, SheetRows> => ({
      survey: [
        ['type', 'name', 'label'],
        ['select_one n', 'q', 'Q'],
      ],
      choices: [
        ['list_name', 'name', 'label'],
        ['n', 'a', 'A'],
        ['n', 'a', 'A again'],
      ],
      settings: [
        ['form_id', 'version', 'allow_choice_duplicates'],
        ['f', '1', allow],
      ],
    });
    expect((await accepted(sheets('yes'))).form.choices.n).toHaveLength(2);
    expect((await read(sheets('no'))).issues.map(formatIssue)).toEqual([
      expect.stringMatching(/choices!B3 \(name\): duplicate choice "a" in list "n"/),
    ]);
  });

  it('an extra column on the choices sheet is kept for choice filters, even with a header that is not a name', async () => {
    const { form, warnings } = await accepted({
      survey: [
        ['type', 'name', 'label'],
        ['select_one n', 'q', 'Q'],
      ],
      choices: [
        ['list_name', 'name', 'label', 'region', 'Notes for translators'],
        ['n', 'a', 'A', 'north', 'keep short'],
      ],
      settings,
    });
    expect(form.choices.n![0]!.properties).toEqual({ region: 'north' });
    expect(warnings).toEqual([
      expect.stringMatching(/choices!E1 \(Notes for translators\): warning: column .* not used by scilit/),
    ]);
  });

  it("a column scilit does not use is named in a warning: media, guidance hints, other tools' columns", async () => {
    const { warnings } = await accepted({
      survey: [
        ['type', 'name', 'label', 'media::image', 'guidance_hint', 'bind::odk:length', 'body::intent'],
        ['text', 'a', 'A', 'a.png', 'ask slowly', '0 10', 'org.app'],
      ],
      settings: [
        ['form_id', 'version', 'submission_url', 'style'],
        ['f', '1', 'https://example.org/submit', 'pages'],
      ],
    });
    expect(warnings.map((w) => w.replace(/^form\.xlsx: /, '').replace(/: warning: .*/, ''))).toEqual([
      'survey!D1 (media::image)',
      'survey!E1 (guidance_hint)',
      'survey!F1 (bind::odk:length)',
      'survey!G1 (body::intent)',
      'settings!C2 (submission_url)',
      'settings!D2 (style)',
    ]);
  });

  it('two headers meaning one column (relevant and relevance) are refused at the second', async () => {
    const r = await read({
      survey: [
        ['type', 'name', 'label', 'relevant', 'relevance'],
        ['text', 'a', 'A'],
      ],
      settings,
    });
    expect(r.issues.map(formatIssue)).toEqual([
      expect.stringMatching(/survey!E1 \(relevance\): column "relevance" means the same as column D "relevant"/),
    ]);
  });
});

describe('old Excel .xls forms', () => {
  it('reads an XLSForm saved as Excel 97-2003 (made by LibreOffice, scripts/fixtures/make-xls.py)', async () => {
    const bytes = new Uint8Array(readFileSync(join(import.meta.dirname, '../../fixtures/xls/xlsform.xls')));
    const { form, issues } = await readXlsForm(bytes, 'xlsform.xls');
    expect(issues).toEqual([]);
    expect(form).toMatchObject({ formId: 'xls_form', version: '2024050601', title: { '': '旧格式问卷' } });
    expect(field(form!, 'smoker')).toMatchObject({
      listName: 'yn',
      relevant: '${age} >= 18',
      label: { zh: '您吸烟吗？', en: 'Do you smoke?' },
    });
  });

  it('refuses a password-protected .xls, saying so', async () => {
    const bytes = new Uint8Array(readFileSync(join(import.meta.dirname, '../../fixtures/xls/password.xls')));
    const { form, issues } = await readXlsForm(bytes, 'password.xls');
    expect(form).toBeNull();
    expect(issues.map((i) => [i.message, i.zh])).toEqual([
      [expect.stringMatching(/password/), expect.stringMatching(/密码/)],
    ]);
  });
});
