// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm writes field references as ${name} in plain strings
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { bundledFormSource } from '../../../src/form/bundled/civic-science-literacy.ts';
import { canonicalFormJson } from '../../../src/form/canonical.ts';
import { compileExpression } from '../../../src/form/expr/index.ts';
import { allFields, type Labels } from '../../../src/form/model.ts';
import { FormRuntime } from '../../../src/form/runtime.ts';
import { readXlsForm } from '../../../src/form/xlsform/read.ts';
import { BUNDLED_FORM_PATH, ensureBundledForm, loadBundledForm } from '../../../src/node/bundled-form.ts';
import { getForm, listForms } from '../../../src/store/forms.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';

describe('the bundled civic science literacy questionnaire', () => {
  it('the committed workbook reads to exactly the readable source (run `npm run form:bundle` after editing it)', async () => {
    const { form, issues } = await readXlsForm(new Uint8Array(readFileSync(BUNDLED_FORM_PATH)), 'bundled.xlsx');
    expect(issues).toEqual([]);
    expect(canonicalFormJson(form!)).toBe(canonicalFormJson(bundledFormSource()));
  });

  it('passes `form check`, and import → export → check gives the same form', async () => {
    const dir = tempDir('scilit-bundled-');
    const db = join(dir, 'survey.db');
    const out = join(dir, 'exported.xlsx');
    expect((await runCli('form', 'check', BUNDLED_FORM_PATH)).code).toBe(0);
    expect((await runCli('init', '--db', db)).code).toBe(0);
    const imported = await runCli('form', 'import', BUNDLED_FORM_PATH, '--db', db);
    expect(imported.out).toMatch(
      /imported: form civic_science_literacy version 2025\.1 .*30 scored items \(100 points\)/,
    );
    expect((await runCli('form', 'export', 'civic_science_literacy', '--db', db, '--out', out)).code).toBe(0);
    const checked = await runCli('form', 'check', out);
    expect(checked.code).toBe(0);
    expect(checked.out).toContain('form civic_science_literacy version 2025.1');
    const back = await readXlsForm(new Uint8Array(readFileSync(out)));
    expect(canonicalFormJson(back.form!)).toBe(canonicalFormJson(await loadBundledForm()));
  });

  it('uses the agreed vocabulary (notes/common.md)', async () => {
    const form = await loadBundledForm();
    expect([form.formId, form.version, form.defaultLanguage]).toEqual(['civic_science_literacy', '2025.1', 'zh']);
    expect(form.languages).toEqual([
      { code: 'zh', name: '中文' },
      { code: 'en', name: 'English' },
    ]);
    const names = (list: string) => form.choices[list]!.map((c) => c.name);
    expect(names('sex')).toEqual(['male', 'female']);
    expect(names('residence')).toEqual(['urban', 'rural']);
    expect(names('education')).toEqual(['none', 'primary', 'junior', 'senior', 'college', 'university']);
    expect(names('occupation')).toEqual([
      'farmer',
      'worker',
      'official',
      'student',
      'professional',
      'service',
      'retired',
      'unemployed',
      'other',
    ]);
    expect(form.choices.occupation!.find((c) => c.name === 'official')!.label.zh).toBe('党政机关、公务员和干部');
    expect(form.choices.education!.find((c) => c.name === 'senior')!.label.zh).toBe('高中/中专/技校');
    const f = new Map(allFields(form).map((x) => [x.name, x]));
    expect(f.get('age')!.type).toBe('integer');
    expect(f.get('age_group')!.type).toBe('calculate');
    expect(f.get('region')!.type).toBe('text');
    for (const n of ['sex', 'education', 'occupation', 'residence']) expect(f.get(n)!.listName).toBe(n);
    expect(form.groups.map((g) => g.name)).toEqual(['youth', 'farmer', 'worker', 'elderly', 'official']);
    expect(form.groups.find((g) => g.name === 'elderly')!.rule).toBe('${age} >= 60');
    expect(form.levels.map((l) => [l.level, l.minScore, l.comparison])).toEqual([
      ['advanced', 85, '>='],
      ['literate', 70, '>='],
      ['basic', 55, '>='],
      ['low', 0, '>='],
    ]);
  });

  it('is a 100-point test: knowledge 40, method 20, thinking 20, application 20, every item with "don\'t know"', async () => {
    const form = await loadBundledForm();
    const items = allFields(form).filter((x) => x.scoring);
    expect(items.length).toBeGreaterThanOrEqual(25);
    expect(items.length).toBeLessThanOrEqual(35);
    const byDimension: Record<string, number> = {};
    for (const i of items)
      byDimension[i.scoring!.dimension] = (byDimension[i.scoring!.dimension] ?? 0) + i.scoring!.points;
    expect(byDimension).toEqual({ knowledge: 40, method: 20, thinking: 20, application: 20 });
    const trueFalse = items.filter((i) => i.listName === 'true_false');
    const single = items.filter((i) => i.type === 'select_one' && i.listName !== 'true_false');
    const multiple = items.filter((i) => i.type === 'select_multiple');
    expect(trueFalse.length).toBeGreaterThanOrEqual(5);
    expect(single.length).toBeGreaterThanOrEqual(5);
    expect(multiple.length).toBeGreaterThanOrEqual(4);
    for (const i of items) {
      const choices = form.choices[i.listName!]!.map((c) => c.name);
      expect(choices, i.name).toContain('dont_know');
      expect(i.scoring!.key, i.name).not.toContain('dont_know');
      for (const k of i.scoring!.key) expect(choices, i.name).toContain(k);
      if (i.type === 'select_multiple') expect(i.scoring!.key.length, i.name).toBeGreaterThanOrEqual(2);
    }
    expect(form.choices.true_false!.find((c) => c.name === 'dont_know')!.label).toEqual({
      zh: '不知道',
      en: "Don't know",
    });
  });

  it('has Chinese and English on every label, hint, message, choice, level and group', async () => {
    const form = await loadBundledForm();
    const missing: string[] = [];
    const check = (what: string, l: Labels | undefined) => {
      if (l && !(l.zh?.trim() && l.en?.trim())) missing.push(what);
    };
    const walk = (nodes: typeof form.survey) => {
      for (const n of nodes) {
        if (n.kind === 'group') {
          check(n.name, n.label);
          walk(n.children);
        } else {
          if (n.type !== 'calculate') check(n.name, n.label);
          check(`${n.name} hint`, n.hint);
          check(`${n.name} required_message`, n.requiredMessage);
          check(`${n.name} constraint_message`, n.constraintMessage);
        }
      }
    };
    walk(form.survey);
    for (const [list, cs] of Object.entries(form.choices)) for (const c of cs) check(`${list}/${c.name}`, c.label);
    for (const l of form.levels) check(l.level, l.label);
    for (const g of form.groups) {
      check(g.name, g.label);
      if (!g.note || g.note.length < 40) missing.push(`${g.name} note (the boundary's reason)`);
    }
    expect(missing).toEqual([]);
  });

  it('age_group gives the census 2020 five-year band of every surveyed age', async () => {
    // The bands as the census margins file names them.
    const census = readFileSync('/work/shared/data/census2020/age_sex_18_69.csv', 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]!);
    const rt = new FormRuntime(await loadBundledForm());
    const seen = new Set<string>();
    for (let age = 18; age <= 69; age++) {
      const band = rt.calculate({ age: String(age) }).age_group!;
      const [lo, hi] = band.split('-').map(Number);
      expect(census, `age ${age}`).toContain(band);
      expect(age >= lo! && age <= hi!, `age ${age} in ${band}`).toBe(true);
      seen.add(band);
    }
    expect([...seen]).toEqual(census);
    expect(rt.calculate({ age: null }).age_group).toBeNull();
  });

  it('checks demographics as a surveyor enters them', async () => {
    const rt = new FormRuntime(await loadBundledForm());
    expect(rt.validateAnswer('age', '17', {})?.code).toBe('constraint');
    expect(rt.validateAnswer('age', '70', {})?.code).toBe('constraint');
    expect(rt.validateAnswer('age', '18', {})).toBeNull();
    expect(rt.validateAnswer('age', '69', {})).toBeNull();
    expect(rt.validateAnswer('age', '4O', {})?.code).toBe('type');
    expect(rt.validateAnswer('region', '31010', {})?.code).toBe('constraint');
    expect(rt.validateAnswer('region', '310105', {})).toBeNull();
    expect(rt.isRelevant('occupation_other', { occupation: 'other' })).toBe(true);
    expect(rt.isRelevant('occupation_other', { occupation: 'farmer' })).toBe(false);
    expect(rt.validateAnswer('k11_renewable', 'solar dont_know', {})?.code).toBe('constraint');
    expect(rt.validateAnswer('k11_renewable', 'solar wind hydro', {})).toBeNull();
    expect(rt.validateAnswer('k01_orbit', null, {})?.code).toBe('required');
    expect(rt.screens()).toHaveLength(allFields(await loadBundledForm()).length - 1); // all but the calculation
  });

  it('puts respondents in the five key populations by its rules', async () => {
    const form = await loadBundledForm();
    const inGroups = (answers: Record<string, string>) =>
      form.groups
        .filter((g) => compileExpression(g.rule)({ value: (n) => answers[n] ?? null }) === true)
        .map((g) => g.name);
    expect(inGroups({ age: '66', occupation: 'farmer' })).toEqual(['farmer', 'elderly']);
    expect(inGroups({ age: '22', occupation: 'worker' })).toEqual(['youth', 'worker']);
    expect(inGroups({ age: '45', occupation: 'student' })).toEqual(['youth']);
    expect(inGroups({ age: '30', occupation: 'official' })).toEqual(['official']);
    expect(inGroups({ age: '59', occupation: 'service' })).toEqual([]);
  });

  it('ensureBundledForm stores it once and getForm gives it back', async () => {
    const db = openDatabase(join(tempDir('scilit-ensure-'), 'a.db'), { create: true });
    try {
      expect(await ensureBundledForm(db)).toEqual({ formId: 'civic_science_literacy', version: '2025.1' });
      expect(await ensureBundledForm(db)).toEqual({ formId: 'civic_science_literacy', version: '2025.1' });
      expect(listForms(db)).toHaveLength(1);
      expect(canonicalFormJson(getForm(db, 'civic_science_literacy')!)).toBe(
        canonicalFormJson(await loadBundledForm()),
      );
    } finally {
      db.close();
    }
  });
});
