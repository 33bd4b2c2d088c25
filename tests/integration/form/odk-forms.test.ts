// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm writes field references as ${name} in plain strings
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { dispatch } from '../../../src/api/dispatch.ts';
import { base64ToBytes, bytesToBase64 } from '../../../src/form/base64.ts';
import { canonicalFormJson } from '../../../src/form/canonical.ts';
import { allFields, type Form } from '../../../src/form/model.ts';
import { FormRuntime } from '../../../src/form/runtime.ts';
import { readXlsForm } from '../../../src/form/xlsform/read.ts';
import { writeXlsForm } from '../../../src/form/xlsform/write.ts';
import type { SqlDriver } from '../../../src/store/driver.ts';
import { ODK_FORMS } from '../../fixtures/forms/odk-forms.ts';
import { workbook } from '../../fixtures/forms/workbook.ts';
import { tempDir } from '../../helpers/tmp.ts';

const forms: Record<string, Form> = {};
const files: Record<string, Uint8Array> = {};
let db: SqlDriver;

beforeAll(async () => {
  db = openDatabase(join(tempDir('scilit-odk-'), 'forms.db'), { create: true });
  for (const [name, sheets] of Object.entries(ODK_FORMS)) {
    files[name] = await workbook(sheets);
    const { form, issues } = await readXlsForm(files[name], `${name}.xlsx`);
    expect(issues, name).toEqual([]);
    forms[name] = form!;
  }
});
afterAll(() => db.close());

const rt = (name: string) => new FormRuntime(forms[name]!, { today: '2025-06-15' });

describe('six ODK/Kobo-style questionnaires', () => {
  it('import, export and re-import give the same form; a second import is "unchanged"', async () => {
    expect(Object.keys(ODK_FORMS)).toHaveLength(6);
    for (const [name, bytes] of Object.entries(files)) {
      const imported = await dispatch({ db }, 'form/import', {
        fileName: `${name}.xlsx`,
        data: bytesToBase64(bytes),
      });
      expect(imported.ok && imported.result.status, name).toBe('added');
      const form = forms[name]!;
      const exported = await dispatch({ db }, 'form/export', { formId: form.formId });
      if (!exported.ok) throw new Error(exported.error.message);
      const back = await readXlsForm(base64ToBytes(exported.result.data)!, exported.result.fileName);
      expect(back.issues, name).toEqual([]);
      expect(canonicalFormJson(back.form!), name).toBe(canonicalFormJson(form));
      const again = await dispatch({ db }, 'form/import', {
        fileName: exported.result.fileName,
        data: exported.result.data,
      });
      expect(again.ok && again.result.status, name).toBe('unchanged');
      const got = await dispatch({ db }, 'form/get', { formId: form.formId, version: form.version });
      expect(got.ok && canonicalFormJson(got.result), name).toBe(canonicalFormJson(form));
    }
    const list = await dispatch({ db }, 'form/list', {});
    expect(list.ok && list.result.map((r) => r.formId).sort()).toEqual([
      'cascade',
      'health_check',
      'household_2024',
      'nested_logic',
      'quiz',
      'visit_log',
    ]);
  });

  it('writes only XLSForm sheets and columns plus the scoring extension', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeXlsForm(forms.quiz!)) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['survey', 'choices', 'settings', 'scoring', 'groups']);
    const header = (wb.getWorksheet('survey')!.getRow(1).values as unknown[]).filter(Boolean);
    expect(header).toEqual([
      'type',
      'name',
      'label::English (en)',
      'label::中文 (zh)',
      'constraint',
      'scoring::dimension',
      'scoring::points',
      'scoring::key',
      'scoring::veto',
      'scoring::tolerance',
    ]);
  });

  it('household (English/French, field-list group, select_multiple, skip logic)', () => {
    const f = forms.household!;
    expect(f.languages).toEqual([
      { name: 'English', code: 'en' },
      { name: 'Français', code: 'fr' },
    ]);
    expect(f.defaultLanguage).toBe('en');
    const r = rt('household');
    expect(r.screens().map((s) => s.id)).toEqual(['hh', 'water_src', 'water_other', 'has_radio', 'radio_hours']);
    expect(r.screens()[0]!.fields.map((x) => x.name)).toEqual(['hh_size', 'children']);
    expect(r.validateAnswer('hh_size', null, {})?.code).toBe('required');
    expect(r.validateAnswer('hh_size', 'three', {})?.code).toBe('type');
    expect(r.validateAnswer('hh_size', '31', {})?.message.en).toBe('Between 1 and 30');
    expect(r.validateAnswer('children', '5', { hh_size: '4' })?.code).toBe('constraint');
    expect(r.validateAnswer('children', '4', { hh_size: '4' })).toBeNull();
    expect(r.isRelevant('water_other', { water_src: 'well other' })).toBe(true);
    expect(r.isRelevant('water_other', { water_src: 'well' })).toBe(false);
    expect(r.validateAnswer('water_src', 'well lake', {})?.code).toBe('choice');
    expect(r.validateAnswer('radio_hours', '200', { has_radio: 'no' })).toBeNull(); // skipped: anything goes
    expect(r.validateAnswer('radio_hours', '200', { has_radio: 'yes' })?.code).toBe('constraint');
  });

  it('health_check (one plain label, calculations in order, date constraint)', () => {
    const f = forms.health_check!;
    expect(f.languages).toEqual([]);
    expect(allFields(f).find((x) => x.name === 'person')!.label).toEqual({ '': 'Name' });
    const r = rt('health_check');
    // 70 / 1.75² = 22.857… → 22.9, "normal"; 50 / 1.70² = 17.301… → 17.3, "under".
    expect(r.calculate({ weight: '70', height: '175' })).toEqual({ bmi: '22.9', bmi_class: 'normal' });
    expect(r.calculate({ weight: '50', height: '170' })).toEqual({ bmi: '17.3', bmi_class: 'under' });
    expect(r.calculate({ weight: '90', height: '' })).toEqual({ bmi: null, bmi_class: null });
    expect(r.isRelevant('pregnant', { sex: 'f', age: '30' })).toBe(true);
    expect(r.isRelevant('pregnant', { sex: 'f', age: '55' })).toBe(false);
    expect(r.isRelevant('pregnant', { sex: 'm', age: '30' })).toBe(false);
    expect(r.validateAnswer('visit', '2030-01-01', {})?.code).toBe('constraint');
    expect(r.validateAnswer('visit', '2025-06-15', {})).toBeNull();
    expect(r.validateAnswer('visit', '2025-13-01', {})?.code).toBe('type');
    expect(r.validateAnswer('weight', '0', {})?.code).toBe('constraint');
    expect(r.validateAnswer('weight', '61.5', {})).toBeNull();
    expect(r.screens().map((s) => s.id)).not.toContain('bmi');
  });

  it('cascade (choice filters over choice columns)', () => {
    const r = rt('cascade');
    expect(forms.cascade!.defaultLanguage).toBe('zh');
    expect(r.choicesFor('city', { province: 'zj' }).map((c) => c.name)).toEqual(['hz', 'nb']);
    expect(r.choicesFor('city', { province: 'js' }).map((c) => c.name)).toEqual(['nj']);
    expect(r.choicesFor('city', {}).map((c) => c.name)).toEqual([]);
    expect(r.choicesFor('district', { province: 'zj', city: 'hz' }).map((c) => c.label.zh)).toEqual([
      '西湖区',
      '上城区',
    ]);
    expect(r.validateAnswer('city', 'nj', { province: 'zj' })?.code).toBe('choice');
    expect(r.validateAnswer('city', 'nb', { province: 'zj' })).toBeNull();
  });

  it('quiz (scoring columns, scoring and groups sheets)', () => {
    const f = forms.quiz!;
    const byName = new Map(allFields(f).map((x) => [x.name, x]));
    expect(byName.get('q_planets')!.scoring).toEqual({ dimension: 'knowledge', points: 5, key: ['mars', 'venus'] });
    expect(byName.get('q_legs')!.scoring).toEqual({ dimension: 'method', points: 5, key: ['8'], tolerance: 0 });
    expect(byName.get('q_astro')!.scoring).toEqual({
      dimension: 'thinking',
      points: 5,
      key: ['false'],
      veto: ['true'],
    });
    expect(f.levels).toEqual([
      { level: 'pass', minScore: 10, comparison: '>', label: { en: 'Pass', zh: '及格' } },
      { level: 'fail', minScore: 0, comparison: '>=', label: { en: 'Fail', zh: '不及格' } },
    ]);
    expect(f.groups.map((g) => g.rule)).toEqual(['${age} >= 60', "${occupation} = 'farmer'"]);
    const r = rt('quiz');
    expect(r.validateAnswer('q_planets', 'mars dk', {})?.code).toBe('constraint');
    expect(r.validateAnswer('q_planets', 'mars venus', {})).toBeNull();
    expect(r.validateAnswer('q_planets', 'pluto', {})?.code).toBe('choice');
  });

  it('visit_log (metadata, field-list, required messages, defaults, read-only)', () => {
    const f = forms.visit_log!;
    const byName = new Map(allFields(f).map((x) => [x.name, x]));
    expect(byName.get('visit_date')!.required).toBe('true()'); // an Excel TRUE cell
    expect(byName.get('visitors')!.default).toBe('1');
    expect(byName.get('remarks')!.readOnly).toBe(true);
    expect(byName.get('purpose')!.appearance).toBe('minimal');
    const r = rt('visit_log');
    expect(r.screens().map((s) => s.id)).toEqual(['visit', 'remarks', 'done']);
    expect(r.validateAnswer('visitors', '', {})).toEqual({
      code: 'required',
      message: { en: 'Enter the number of visitors', zh: '请填写来访人数' },
    });
  });

  it('nested_logic (nested group relevance, count-selected, regex, coalesce, concat)', () => {
    const r = rt('nested_logic');
    expect(r.isRelevant('app_name', { media: 'internet tv' })).toBe(true);
    expect(r.isRelevant('app_name', { media: 'internet' })).toBe(false); // inner group needs two media
    expect(r.isRelevant('online_hours', { media: 'internet' })).toBe(true);
    expect(r.isRelevant('online_hours', { media: 'tv radio' })).toBe(false);
    expect(r.calculate({ media: 'tv radio internet' })).toEqual({ n_media: '3', greeting: 'Hello, friend' });
    expect(r.calculate({ nickname: 'Li' }).greeting).toBe('Hello, Li');
    expect(r.validateAnswer('phone', '13812345678', {})).toBeNull();
    expect(r.validateAnswer('phone', '12345', {})?.code).toBe('constraint');
    expect(r.validateAnswer('media', 'none tv', {})?.code).toBe('constraint');
    expect(r.validateAnswer('app_name', 'x'.repeat(21), { media: 'internet tv' })?.code).toBe('constraint');
  });
});
