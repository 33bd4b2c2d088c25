// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm writes field references as ${name} in plain strings
// The question types of issue 17 item 2 that a laptop can collect, read as pyxform reads them and checked as ODK
// Collect checks their answers.
import { describe, expect, it } from 'vitest';
import { canonicalFormJson } from '../../../src/form/canonical.ts';
import { allFields, type Form } from '../../../src/form/model.ts';
import { FormRuntime } from '../../../src/form/runtime.ts';
import { formatIssue } from '../../../src/form/xlsform/issues.ts';
import { readXlsForm } from '../../../src/form/xlsform/read.ts';
import { writeXlsForm } from '../../../src/form/xlsform/write.ts';
import { type SheetRows, workbook } from '../../fixtures/forms/workbook.ts';

const settings: SheetRows = [
  ['form_id', 'version'],
  ['types', '1'],
];

async function read(sheets: Record<string, SheetRows>) {
  const r = await readXlsForm(await workbook(sheets), 'types.xlsx');
  return { ...r, lines: r.issues.map(formatIssue), warned: r.warnings.map(formatIssue) };
}

describe('question types', () => {
  it('time, dateTime, geo, barcode, range, acknowledge, hidden and the phone metadata are accepted', async () => {
    const r = await read({
      survey: [
        ['type', 'name', 'label', 'parameters'],
        ['time', 't', 'Time'],
        ['datetime', 'dt', 'When'],
        ['geopoint', 'gp', 'Where'],
        ['geotrace', 'gt', 'Path'],
        ['geoshape', 'gs', 'Plot'],
        ['barcode', 'bc', 'Code'],
        ['range', 'r', 'Score', 'start=0 end=10 step=0.5'],
        ['acknowledge', 'ack', 'I agree'],
        ['trigger', 'trg', 'Tap'],
        ['hidden', 'h'],
        ['phonenumber', 'phone'],
        ['simserial', 'sim'],
        ['subscriberid', 'sub'],
        ['email', 'mail'],
      ],
      settings,
    });
    expect(r.lines).toEqual([]);
    expect(allFields(r.form!).map((f) => f.type)).toEqual([
      'time',
      'dateTime',
      'geopoint',
      'geotrace',
      'geoshape',
      'barcode',
      'range',
      'acknowledge',
      'trigger',
      'hidden',
      'phonenumber',
      'simserial',
      'subscriberid',
      'email',
    ]);
    const rt = new FormRuntime(r.form!);
    // Only the questions a person answers are screens; metadata and hidden values are recorded, not asked.
    expect(rt.screens().map((s) => s.id)).toEqual(['t', 'dt', 'gp', 'gt', 'gs', 'bc', 'r', 'ack', 'trg']);
    const bad = (name: string, value: string) => rt.validateAnswer(name, value, {})?.message.en;
    expect(bad('t', '09:30')).toBeUndefined();
    expect(bad('t', '25:00')).toMatch(/not a time/);
    expect(bad('dt', '2025-06-15T09:30:00.000+08:00')).toBeUndefined();
    expect(bad('dt', '2025-02-30T09:30')).toMatch(/not a date and time/);
    expect(bad('gp', '31.2304 121.4737 4.0 10')).toBeUndefined();
    expect(bad('gp', '121.4737 31.2304 4 10')).toMatch(/not a location/); // longitude first: latitude 121 is off the globe
    expect(bad('gp', '95 121')).toMatch(/not a location/);
    expect(bad('gt', '31.1 121.1; 31.2 121.2')).toBeUndefined();
    expect(bad('gt', '31.1 121.1')).toMatch(/at least 2 points/);
    expect(bad('gs', '31.1 121.1; 31.2 121.2; 31.2 121.1; 31.1 121.1')).toBeUndefined();
    expect(bad('gs', '31.1 121.1; 31.2 121.2; 31.2 121.1; 31.3 121.1')).toMatch(/end where it starts/);
    expect(bad('r', '7.5')).toBeUndefined();
    expect(bad('r', '7.25')).toMatch(/not one of 0 to 10 by 0.5/);
    expect(bad('r', '11')).toMatch(/not one of/);
    expect(bad('ack', 'OK')).toBeUndefined();
    expect(bad('ack', 'yes')).toMatch(/"OK"/);
  });

  it('range parameters are checked (pyxform defaults start=1 end=10 step=1)', async () => {
    const r = await read({
      survey: [
        ['type', 'name', 'label', 'parameters'],
        ['range', 'a', 'A'],
        ['range', 'b', 'B', 'start=0 end=10 step=3'],
        ['range', 'c', 'C', 'start=x'],
        ['text', 'd', 'D', 'rows=5'],
      ],
      settings,
    });
    expect(r.lines).toEqual([
      expect.stringMatching(/survey!D3 \(parameters\): range: step 3 does not divide the span from 0 to 10/),
      expect.stringMatching(/survey!D4 \(parameters\): range parameters must be numbers/),
    ]);
    expect(r.warned).toEqual([
      expect.stringMatching(/survey!D5 \(parameters\): warning: parameter "rows" is not used/),
    ]);
  });

  it('or_other adds an "other" choice and a NAME_other question asked when it is chosen (as pyxform)', async () => {
    const r = await read({
      survey: [
        ['type', 'name', 'label::English (en)', 'label::中文 (zh)'],
        ['select_one job or_other', 'job', 'Job', '职业'],
      ],
      choices: [
        ['list_name', 'name', 'label::English (en)', 'label::中文 (zh)'],
        ['job', 'farmer', 'Farmer', '农民'],
      ],
      settings,
    });
    expect(r.lines).toEqual([]);
    const form = r.form as Form;
    expect(form.choices.job!.map((c) => c.name)).toEqual(['farmer', 'other']);
    const other = allFields(form).find((f) => f.name === 'job_other')!;
    expect(other).toMatchObject({ type: 'text', relevant: "selected(${job}, 'other')" });
    const rt = new FormRuntime(form);
    expect(rt.isRelevant('job_other', { job: 'farmer' })).toBe(false);
    expect(rt.isRelevant('job_other', { job: 'other' })).toBe(true);
  });

  it('select_one_external reads its list from the external_choices sheet', async () => {
    const r = await read({
      survey: [
        ['type', 'name', 'label'],
        ['select_one_external village', 'v', 'Village'],
      ],
      external_choices: [
        ['list_name', 'name', 'label'],
        ['village', 'v1', 'Upper'],
        ['village', 'v2', 'Lower'],
      ],
      settings,
    });
    expect(r.lines).toEqual([]);
    expect(allFields(r.form!)[0]).toMatchObject({ type: 'select_one', listName: 'village' });
    expect(r.form!.choices.village!.map((c) => c.name)).toEqual(['v1', 'v2']);
  });

  it('types whose answer is a file are refused by name and reason; audit is recorded empty with a warning', async () => {
    const r = await read({
      survey: [
        ['type', 'name', 'label'],
        ['image', 'photo', 'Photo'],
        ['select_one_from_file villages.csv', 'v', 'Village'],
        ['audit', 'audit'],
      ],
      settings,
    });
    expect(r.lines).toEqual([
      expect.stringMatching(/survey!A2 \(type\): type "image": photos and other attached files/),
      expect.stringMatching(
        /survey!A3 \(type\): type "select_one_from_file villages.csv": choices from a CSV or XML file/,
      ),
    ]);
    expect(r.warned).toEqual([expect.stringMatching(/survey!A4 \(type\): warning: audit is recorded empty/)]);
  });
});

it('every new type, or_other, an external list and range parameters survive export and re-import unchanged', async () => {
  const r = await read({
    survey: [
      ['type', 'name', 'label', 'parameters', 'calculation'],
      ['start', 'started'],
      ['time', 't', 'Time'],
      ['dateTime', 'dt', 'When'],
      ['geoshape', 'gs', 'Plot'],
      ['range', 'r', 'Score', 'start=0 end=10 step=0.5'],
      ['select_multiple job or_other', 'job', 'Job'],
      ['select_one_external village', 'v', 'Village'],
      ['calculate', 'pop', '', '', "instance('village')/root/item[name = ${v}]/label"],
      ['email', 'mail'],
    ],
    choices: [
      ['list_name', 'name', 'label'],
      ['job', 'farmer', 'Farmer'],
    ],
    external_choices: [
      ['list_name', 'name', 'label'],
      ['village', 'v1', 'Upper'],
    ],
    settings,
  });
  expect(r.lines).toEqual([]);
  const again = await readXlsForm(await writeXlsForm(r.form!), 'again.xlsx');
  expect(again.issues.map(formatIssue)).toEqual([]);
  expect(canonicalFormJson(again.form!)).toBe(canonicalFormJson(r.form!));
});
