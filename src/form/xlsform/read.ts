import ExcelJS from 'exceljs';
import { FileUnreadableError } from '../../interchange/problem.ts';
import { boundedWorkbook } from '../../interchange/xlsx/bounded.ts';
import { isOle2 } from '../../interchange/xlsx/ole2.ts';
import { isZip } from '../../interchange/xlsx/zip.ts';
import { isFieldName } from '../expr/index.ts';
import type { Form, Labels, Language } from '../model.ts';
import { readChoices } from './choices.ts';
import { IssueList } from './collect.ts';
import { readGroups, readLevels } from './extensions.ts';
import { ColumnMap, parseLanguage } from './headers.ts';
import type { FormIssue } from './issues.ts';
import { readTable, type Table } from './sheet.ts';
import { readSurvey } from './survey.ts';
import { checkCycles, checkExpressions, checkFieldsAgainstChoices } from './validate.ts';

export type { FormIssue } from './issues.ts';

const SHEETS = ['survey', 'choices', 'settings', 'scoring', 'groups'] as const;

/**
 * Reads an XLSForm workbook. Every problem of the file is reported at once, each with its sheet, row and column;
 * `form` is null when there is any.
 */
export async function readXlsForm(
  bytes: Uint8Array,
  fileName?: string,
): Promise<{ form: Form | null; issues: FormIssue[] }> {
  const issues = new IssueList(fileName);
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs inflates whole parts: it gets the workbook re-stored from a bounded inflation (zip bombs).
    if (isZip(bytes) || isOle2(bytes)) bytes = boundedWorkbook(bytes, fileName);
  } catch (e) {
    if (!(e instanceof FileUnreadableError)) throw e;
    issues.add('', undefined, undefined, e.message);
    return { form: null, issues: issues.items };
  }
  try {
    // exceljs' types say Buffer; it reads any Uint8Array (JSZip underneath).
    await wb.xlsx.load(bytes as unknown as Parameters<typeof wb.xlsx.load>[0]);
  } catch (e) {
    issues.add('', undefined, undefined, `not an Excel .xlsx workbook (${(e as Error).message})`);
    return { form: null, issues: issues.items };
  }
  const tables = new Map<string, Table>();
  for (const ws of wb.worksheets) {
    const exact = SHEETS.find((s) => s === ws.name);
    if (exact) tables.set(exact, readTable(ws));
    else {
      const near = SHEETS.find((s) => s === ws.name.trim().toLowerCase());
      if (near && !wb.worksheets.some((w) => w.name === near)) {
        issues.add(ws.name, undefined, undefined, `rename the sheet "${ws.name}" to exactly "${near}"`);
      }
    }
  }
  const surveyTable = tables.get('survey');
  if (!surveyTable) {
    if (!issues.items.length) issues.add('survey', undefined, undefined, 'the workbook has no "survey" sheet');
    return { form: null, issues: issues.items };
  }

  const survey = readSurvey(surveyTable, issues);
  const choices = readChoices(tables.get('choices'), issues);
  const { levels, columns: levelColumns } = readLevels(tables.get('scoring'), issues);
  const { groups, columns: groupColumns } = readGroups(tables.get('groups'), issues, survey.sites);

  const fieldNames = new Set(survey.entries.map((e) => e.field.name));
  checkFieldsAgainstChoices(survey.entries, choices.choices, survey.columns, issues);
  checkExpressions(survey.sites, fieldNames, survey.groupNames, choices.choices, issues);
  checkCycles(survey.entries, survey.columns, issues);

  const languages: Language[] = [];
  for (const cols of [survey.columns, choices.columns, levelColumns, groupColumns]) {
    for (const l of cols.languages) if (!languages.some((x) => x.code === l.code)) languages.push(l);
  }
  const settings = readSettings(tables.get('settings'), languages, fileName, issues);
  if (issues.items.length > 0 || !settings) return { form: null, issues: sorted(issues.items) };
  const form: Form = {
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
  return { form, issues: [] };
}

function readSettings(
  table: Table | undefined,
  languages: readonly Language[],
  fileName: string | undefined,
  issues: IssueList,
): { formId: string; version: string; title: Labels; defaultLanguage: string } | undefined {
  const cols = new ColumnMap(table?.columns ?? []);
  const row = table?.rows[0];
  const get = (n: string) => (row ? cols.get(row, n) : '');
  const sheet = 'settings';
  let ok = true;
  let formId = get('form_id');
  if (formId === '') {
    const stem = (fileName ?? '')
      .replace(/^.*[\\/]/, '')
      .replace(/\.xlsx$/i, '')
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
  if (version === '') {
    issues.add(
      sheet,
      row?.row ?? 2,
      cols.plain.get('version'),
      'version is required: a published form_id + version never changes, so every edit needs a new version',
    );
    ok = false;
  } else if (/\s/.test(version)) {
    issues.add(sheet, row!.row, cols.plain.get('version'), `version "${version}" must not contain spaces`);
    ok = false;
  }
  let defaultLanguage = languages[0]?.code ?? '';
  const dl = get('default_language');
  if (dl !== '') {
    const parsed = parseLanguage(dl);
    const match = languages.find((l) => l.code === parsed.code || l.name === dl || l.code === dl);
    if (match) defaultLanguage = match.code;
    else {
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
  const title: Labels = { '': titleText || formId };
  return ok ? { formId, version, title, defaultLanguage } : undefined;
}

/** Sheet by sheet in workbook order, then by row, so a person can walk down the list. */
function sorted(items: FormIssue[]): FormIssue[] {
  const sheetRank = (s: string) => {
    const i = (SHEETS as readonly string[]).indexOf(s);
    return i < 0 ? -1 : i;
  };
  return items
    .map((item, i) => ({ item, i }))
    .sort(
      (a, b) => sheetRank(a.item.sheet) - sheetRank(b.item.sheet) || (a.item.row ?? 0) - (b.item.row ?? 0) || a.i - b.i,
    )
    .map((x) => x.item);
}
