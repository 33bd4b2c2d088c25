import { sha256Hex } from '../../util/hash.ts';
import { canonicalFormJson } from '../canonical.ts';
import { isFieldName } from '../expr/index.ts';
import type { Form, Labels, Language, SurveyNode } from '../model.ts';
import { readChoices } from './choices.ts';
import { IssueList } from './collect.ts';
import { readGroups, readLevels } from './extensions.ts';
import { ColumnMap, parseLanguage } from './headers.ts';
import type { FormIssue } from './issues.ts';
import { loadWorkbook } from './load.ts';
import type { Table } from './sheet.ts';
import { readSurvey } from './survey.ts';
import {
  checkChoiceNames,
  checkCycles,
  checkEvaluationBounds,
  checkExpressions,
  checkFieldsAgainstChoices,
} from './validate.ts';

export type { FormIssue } from './issues.ts';

const SHEETS = ['survey', 'choices', 'external_choices', 'settings', 'scoring', 'groups'] as const;
// pyxform's other sheets: read by ODK tools for things a laptop interview does not do.
const OTHER_TOOLS: Record<string, string> = {
  osm: 'OpenStreetMap tags are not collected by scilit',
  entities: 'ODK entities (data shared between forms on a server) are not used by scilit',
};

// settings columns scilit honours; the others pyxform knows are named in a warning.
const SETTINGS_USED = new Set([
  'form_title',
  'form_id',
  'version',
  'default_language',
  'allow_choice_duplicates',
  'instance_name',
]);
const YES = new Set(['yes', 'true', 'true()', '1', 'y']);

export interface ReadResult {
  /** Null when there is any issue. */
  form: Form | null;
  issues: FormIssue[];
  /** What scilit accepts but does not use as written: shown, never blocking. */
  warnings: FormIssue[];
}

/**
 * Reads an XLSForm workbook (.xlsx or .xls), as pyxform reads it. Every problem of the file is reported at once,
 * each with its sheet, row and column; `form` is null when there is any.
 */
export async function readXlsForm(bytes: Uint8Array, fileName?: string): Promise<ReadResult> {
  const issues = new IssueList(fileName);
  const loaded = await loadWorkbook(bytes);
  if ('error' in loaded) {
    issues.add('', undefined, undefined, loaded.error.en);
    if (loaded.error.zh) issues.items[0]!.zh = loaded.error.zh;
    return { form: null, issues: issues.items, warnings: [] };
  }
  // Sheet names in any case, as pyxform (`SURVEY`, `Choices`).
  const tables = new Map<string, Table>();
  for (const { name, table } of loaded.sheets) {
    const key = name.trim().toLowerCase();
    const known = (SHEETS as readonly string[]).includes(key);
    if (known && tables.has(key)) {
      issues.add(name, undefined, undefined, `two sheets are named "${key}" (letter case aside): keep one`);
    } else if (known) tables.set(key, { ...table, sheet: name });
    else if (table.rows.length > 0 || table.columns.length > 0) {
      issues.warn(
        name,
        undefined,
        undefined,
        `sheet "${name}" is not used by scilit${OTHER_TOOLS[key] ? `: ${OTHER_TOOLS[key]}` : ''}`,
      );
    }
  }
  let surveyTable = tables.get('survey');
  if (!surveyTable && loaded.sheets.length === 1) {
    // A workbook of one sheet is the survey, whatever its name (pyxform reads it so).
    const only = loaded.sheets[0]!;
    surveyTable = only.table;
    issues.warnings.splice(0, issues.warnings.length);
    issues.warn(only.name, undefined, undefined, `the only sheet, "${only.name}", is read as the survey sheet`);
  }
  if (!surveyTable) {
    issues.add('survey', undefined, undefined, 'the workbook has no "survey" sheet');
    return { form: null, issues: issues.items, warnings: issues.warnings };
  }
  const settingsTable = tables.get('settings');
  const settingsCols = new ColumnMap(settingsTable?.columns ?? []);
  const settingsRow = settingsTable?.rows[0];
  const setting = (n: string) => (settingsRow ? settingsCols.get(settingsRow, n) : '');
  const allowDuplicates = YES.has(setting('allow_choice_duplicates').toLowerCase());

  const survey = readSurvey(surveyTable, issues);
  const choices = readChoices(tables.get('choices'), issues, allowDuplicates);
  // select_one_external lists: on a laptop the whole list is at hand, so they are asked as select_one.
  const external = readChoices(tables.get('external_choices'), issues, allowDuplicates);
  for (const [list, items] of Object.entries(external.choices)) {
    if (choices.choices[list]) {
      issues.add(
        external.sheet,
        external.listRows.get(list),
        external.columns.plain.get('list_name'),
        `list "${list}" is also on the choices sheet: keep one`,
      );
    } else choices.choices[list] = items;
  }
  for (const list of survey.orOther) {
    const items = choices.choices[list];
    if (items && !items.some((c) => c.name === 'other')) {
      const languages = new Set(items.flatMap((c) => Object.keys(c.label)));
      const label = Object.fromEntries([...(languages.size ? languages : [''])].map((l) => [l, 'Other']));
      choices.choices[list] = [...items, { name: 'other', label }];
    }
  }
  const { levels, columns: levelColumns } = readLevels(tables.get('scoring'), issues);
  const { groups, columns: groupColumns } = readGroups(tables.get('groups'), issues, survey.sites);

  const fieldNames = new Set(survey.entries.map((e) => e.field.name));
  checkFieldsAgainstChoices(survey.entries, choices.choices, survey.columns, issues);
  checkChoiceNames(survey.entries, choices, issues);
  checkExpressions(survey.sites, fieldNames, survey.groupNames, choices.choices, issues);
  const order = checkCycles(survey.entries, survey.columns, issues);
  if (issues.items.length === 0) checkEvaluationBounds(survey.entries, order, survey.columns, issues);

  const languages: Language[] = [];
  for (const cols of [survey.columns, choices.columns, external.columns, levelColumns, groupColumns]) {
    for (const l of cols.languages) if (!languages.some((x) => x.code === l.code)) languages.push(l);
  }
  const plainText = [survey.columns, choices.columns, external.columns, levelColumns, groupColumns].some((c) =>
    [...c.text.values()].some((list) => list.some((x) => x.lang === null)),
  );
  const settings = readSettings(settingsTable, settingsCols, languages, plainText, fileName, issues);
  if (issues.items.length > 0 || !settings) {
    return { form: null, issues: sorted(issues.items), warnings: sorted(issues.warnings) };
  }
  let form: Form = {
    formId: settings.formId,
    version: settings.version,
    title: settings.title,
    defaultLanguage: settings.defaultLanguage,
    languages,
    survey: survey.nodes,
    choices: choices.choices,
    levels,
    groups,
  };
  if (settings.instanceName) form = { ...form, instanceName: settings.instanceName };
  if (settings.plainIs) form = relabelPlain(form, settings.plainIs);
  if (form.version === '') {
    // As ODK Central does for a form without one, but from the content: the same form always gets the same version,
    // and any edit a new one (a stored form_id + version never changes).
    const version = (await sha256Hex(canonicalFormJson(form))).slice(0, 12);
    form = { ...form, version };
    issues.warn(
      settingsTable?.sheet ?? 'settings',
      settingsRow?.row,
      settingsCols.plain.get('version'),
      `the form has no version: scilit uses "${version}", made from the form's content (an edited form gets another)`,
    );
  }
  return { form, issues: [], warnings: sorted(issues.warnings) };
}

interface Settings {
  formId: string;
  version: string;
  title: Labels;
  defaultLanguage: string;
  instanceName?: string;
  /** default_language names the language of the plain `label` columns: their texts move to this language. */
  plainIs?: Language;
}

function readSettings(
  table: Table | undefined,
  cols: ColumnMap,
  languages: Language[],
  plainText: boolean,
  fileName: string | undefined,
  issues: IssueList,
): Settings | undefined {
  const row = table?.rows[0];
  const get = (n: string) => (row ? cols.get(row, n) : '');
  const sheet = table?.sheet ?? 'settings';
  if (table) {
    for (const [name, column] of cols.plain) {
      if (!SETTINGS_USED.has(name) && row?.cells.has(column.index)) {
        issues.warn(sheet, row.row, column, `setting "${column.header}" is not used by scilit`);
      }
    }
    for (const { column, why } of cols.unused) {
      if (row?.cells.has(column.index)) issues.warn(sheet, row.row, column, `not used by scilit: ${why}`);
    }
    for (const extra of table.rows.slice(1)) {
      issues.warn(sheet, extra.row, undefined, 'only the first row of the settings sheet is read');
    }
  }
  let ok = true;
  let formId = get('form_id');
  if (formId === '') {
    const stem = (fileName ?? '')
      .replace(/^.*[\\/]/, '')
      .replace(/\.xlsx?$/i, '')
      .replace(/[^\p{L}\p{N}_.-]+/gu, '_');
    formId = isFieldName(stem) ? stem : '';
    if (formId === '') {
      issues.add(
        sheet,
        row?.row ?? 2,
        cols.plain.get('form_id'),
        'form_id is required (settings sheet, column form_id)',
      );
      ok = false;
    }
  } else if (!isFieldName(formId)) {
    issues.add(
      sheet,
      row!.row,
      cols.plain.get('form_id'),
      `form_id "${formId}" may only use letters, digits, "_", "-", "."`,
    );
    ok = false;
  }
  const version = get('version');
  if (/\s/.test(version)) {
    issues.add(sheet, row!.row, cols.plain.get('version'), `version "${version}" must not contain spaces`);
    ok = false;
  }
  let defaultLanguage = languages[0]?.code ?? '';
  let plainIs: Language | undefined;
  const dl = get('default_language');
  if (dl !== '') {
    const parsed = parseLanguage(dl);
    const match = languages.find((l) => l.code === parsed.code || l.name === dl || l.code === dl);
    if (match) defaultLanguage = match.code;
    else if (plainText) {
      // pyxform: text columns without a language are in the default language.
      plainIs = parsed;
      languages.unshift(parsed);
      defaultLanguage = parsed.code;
    } else {
      issues.add(
        sheet,
        row!.row,
        cols.plain.get('default_language'),
        `default_language "${dl}" is not one of the label languages (${languages.map((l) => l.code).join(', ') || 'none'})`,
      );
      ok = false;
    }
  }
  const titleText = get('form_title');
  const s: Settings = { formId, version, title: { '': titleText || formId }, defaultLanguage };
  const instanceName = get('instance_name');
  if (instanceName) s.instanceName = instanceName;
  if (plainIs) s.plainIs = plainIs;
  return ok ? s : undefined;
}

/** Moves every text kept under '' (a column without a language) to `lang`, unless that language has its own. */
function relabelPlain(form: Form, lang: Language): Form {
  const move = <T extends Labels | undefined>(l: T): T => {
    if (!l || l[''] === undefined) return l;
    const { '': plain, ...rest } = l;
    return { [lang.code]: plain, ...rest } as T;
  };
  const node = (n: SurveyNode): SurveyNode => {
    if (n.kind === 'group') return { ...n, label: move(n.label), children: n.children.map(node) };
    const f = { ...n, label: move(n.label) };
    if (n.hint) f.hint = move(n.hint);
    if (n.requiredMessage) f.requiredMessage = move(n.requiredMessage);
    if (n.constraintMessage) f.constraintMessage = move(n.constraintMessage);
    return f;
  };
  return {
    ...form,
    survey: form.survey.map(node),
    choices: Object.fromEntries(
      Object.entries(form.choices).map(([k, cs]) => [k, cs.map((c) => ({ ...c, label: move(c.label) }))]),
    ),
    levels: form.levels.map((l) => ({ ...l, label: move(l.label) })),
    groups: form.groups.map((g) => ({ ...g, label: move(g.label) })),
  };
}

/** Sheet by sheet in workbook order, then by row, so a person can walk down the list. */
function sorted(items: FormIssue[]): FormIssue[] {
  const sheetRank = (s: string) => {
    const i = (SHEETS as readonly string[]).indexOf(s.trim().toLowerCase());
    return i < 0 ? -1 : i;
  };
  return items
    .map((item, i) => ({ item, i }))
    .sort(
      (a, b) => sheetRank(a.item.sheet) - sheetRank(b.item.sheet) || (a.item.row ?? 0) - (b.item.row ?? 0) || a.i - b.i,
    )
    .map((x) => x.item);
}
