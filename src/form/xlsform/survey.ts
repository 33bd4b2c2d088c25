import { isDynamicDefault } from '../defaults.ts';
import { isFieldName } from '../expr/index.ts';
import { type Field, type Group, type ItemScoring, type SurveyNode, UNASKED_TYPES } from '../model.ts';
import type { ExpressionSite, IssueList, Mutable } from './collect.ts';
import { ColumnMap, SCORING_COLUMNS } from './headers.ts';
import type { SheetRow, Table } from './sheet.ts';
import { parseType } from './types.ts';

export interface SurveyEntry {
  field: Mutable<Field>;
  row: SheetRow;
}

export interface SurveyResult {
  /** Lists select_one_external questions read from the external_choices sheet. */
  externalLists: Set<string>;
  /** Lists that or_other questions use: they get an "other" choice. */
  orOther: Set<string>;
  nodes: SurveyNode[];
  entries: SurveyEntry[];
  groupNames: Set<string>;
  sites: ExpressionSite[];
  columns: ColumnMap;
}

const YES = new Set(['yes', 'true', 'true()', '1', 'y']);
const NO = new Set(['no', 'false', 'false()', '0', 'n']);
const NEEDS_NO_LABEL: ReadonlySet<string> = UNASKED_TYPES;
// pyxform's or_other: an "other" choice, and a text question asked when it is chosen.
const OTHER_LABEL = 'Other';
const OTHER_QUESTION_LABEL = 'Specify other.';
// Columns of the survey sheet scilit reads; any other column with content is named in a warning.
const SURVEY_USED = new Set([
  'type',
  'name',
  'required',
  'relevant',
  'constraint',
  'calculation',
  'choice_filter',
  'default',
  'read_only',
  'appearance',
  'disabled',
  'parameters',
]);

type OpenGroup = { group: Mutable<Group> & { children: SurveyNode[] }; row: number; names: Map<string, number> };

/** Reads the `survey` sheet into nested fields and groups; expressions are collected for a later check. */
export function readSurvey(table: Table, issues: IssueList): SurveyResult {
  const sheet = table.sheet;
  const cols = new ColumnMap(table.columns);
  const typeCol = cols.plain.get('type');
  const nameCol = cols.plain.get('name');
  if (!typeCol) issues.add(sheet, 1, undefined, 'the survey sheet has no "type" column in row 1');
  for (const [name, column] of cols.scoring) {
    if (!(SCORING_COLUMNS as readonly string[]).includes(name)) {
      issues.add(sheet, 1, column, `unknown scoring column; use scoring::${SCORING_COLUMNS.join(', scoring::')}`);
    }
  }
  const result: SurveyResult = {
    nodes: [],
    entries: [],
    groupNames: new Set(),
    sites: [],
    columns: cols,
    externalLists: new Set(),
    orOther: new Set(),
  };
  for (const { column, first } of cols.duplicates) {
    issues.add(
      sheet,
      1,
      column,
      `column "${column.header}" means the same as column ${first.letter} "${first.header}": keep one`,
    );
  }
  warnUnusedColumns(table, cols, SURVEY_USED, issues);
  if (!typeCol) return result;

  // Question names are unique in the form (answers are stored by name); any name is unique among its siblings (pyxform).
  const seen = new Map<string, number>();
  const topNames = new Map<string, number>();
  const siblings = () => (stack.length ? stack[stack.length - 1]!.names : topNames);
  const stack: OpenGroup[] = [];
  const children = () => (stack.length ? stack[stack.length - 1]!.group.children : result.nodes);
  const site = (row: SheetRow, column: string, role: ExpressionSite['role'], owner: string, listName?: string) => {
    const col = cols.plain.get(column);
    const src = col ? row.cells.get(col.index) : undefined;
    if (!col || src === undefined) return undefined;
    const s: ExpressionSite = { sheet, row: row.row, column: col, src, role, owner };
    if (listName) s.listName = listName;
    result.sites.push(s);
    return src;
  };

  const disabledCol = cols.plain.get('disabled');
  for (const row of table.rows) {
    const typeText = row.cells.get(typeCol.index) ?? '';
    let name = nameCol ? (row.cells.get(nameCol.index) ?? '') : '';
    // pyxform: `disabled` = yes removes the row from the form.
    if (disabledCol && YES.has((row.cells.get(disabledCol.index) ?? '').toLowerCase())) {
      issues.warn(
        sheet,
        row.row,
        disabledCol,
        `row skipped: disabled is "yes" (as pyxform; prefer a relevant of false())`,
      );
      continue;
    }
    if (typeText === '') {
      if (name === '' && !cols.labels(row, 'label')) {
        issues.warn(sheet, row.row, typeCol, 'row without type, name or label skipped (a comment row, as pyxform)');
        continue;
      }
      issues.add(sheet, row.row, typeCol, `row has content but no type${name ? ` (name "${name}")` : ''}`);
      continue;
    }
    const t = parseType(typeText);
    if (t.kind === 'error') {
      issues.add(sheet, row.row, typeCol, t.message);
      continue;
    }
    if (t.kind === 'begin repeat' || t.kind === 'end repeat') {
      issues.add(
        sheet,
        row.row,
        typeCol,
        `"${typeText}": repeats are not supported yet; ask the repeated questions as separate fields`,
      );
      continue;
    }
    if (t.kind === 'end group') {
      if (!stack.pop()) issues.add(sheet, row.row, typeCol, '"end group" without a matching "begin group"');
      continue;
    }
    if (t.kind === 'field' && t.type === 'note' && name === '') name = `generated_note_name_${row.row}`; // as pyxform
    if (t.kind === 'field' && t.type === 'audit' && name === '') name = 'audit'; // pyxform names it so
    // Names: present, XML-safe, unique across the form (as ODK requires).
    let nameOk = true;
    if (name === '') {
      issues.add(
        sheet,
        row.row,
        nameCol ?? typeCol,
        `a ${t.kind === 'begin group' ? 'group' : 'question'} needs a name`,
      );
      nameOk = false;
    } else if (!isFieldName(name)) {
      issues.add(
        sheet,
        row.row,
        nameCol,
        `"${name}" is not a valid name: start with a letter or "_", then letters, digits, "_", "-" or "."`,
      );
      nameOk = false;
    } else if (siblings().has(name)) {
      issues.add(sheet, row.row, nameCol, `duplicate name "${name}" (first used in row ${siblings().get(name)})`);
      nameOk = false;
    } else if (t.kind === 'field' && seen.has(name)) {
      issues.add(
        sheet,
        row.row,
        nameCol,
        `duplicate name "${name}" (first used in row ${seen.get(name)}, in another group): scilit stores answers by question name, so question names must be unique in the form`,
      );
      nameOk = false;
    } else {
      siblings().set(name, row.row);
      if (t.kind === 'field') seen.set(name, row.row);
    }

    const label = cols.labels(row, 'label');
    if (t.kind === 'begin group') {
      const group: OpenGroup['group'] = {
        kind: 'group',
        name,
        label: label ?? {},
        children: [],
        source: { sheet, row: row.row },
      };
      const relevant = site(row, 'relevant', 'relevant', name);
      if (relevant !== undefined) group.relevant = relevant;
      const appearance = cols.get(row, 'appearance');
      if (appearance) group.appearance = appearance;
      children().push(group);
      stack.push({ group, row: row.row, names: new Map() });
      if (nameOk) result.groupNames.add(name);
      continue;
    }

    const field: Mutable<Field> = {
      kind: 'field',
      name,
      type: t.type,
      label: label ?? {},
      source: { sheet, row: row.row },
    };
    if (t.listName) field.listName = t.listName;
    if (t.external) result.externalLists.add(t.listName!);
    if (t.orOther) result.orOther.add(t.listName!);
    const parametersText = cols.get(row, 'parameters');
    if (parametersText) {
      const parameters = readParameters(parametersText);
      if (!parameters) {
        issues.add(
          sheet,
          row.row,
          cols.plain.get('parameters'),
          `parameters "${parametersText}": write them as name=value pairs, e.g. start=0 end=10 step=1`,
        );
      } else {
        field.parameters = parameters;
        const used = t.type === 'range' ? ['start', 'end', 'step'] : [];
        for (const k of Object.keys(parameters).filter((k) => !used.includes(k))) {
          issues.warn(
            sheet,
            row.row,
            cols.plain.get('parameters'),
            `parameter "${k}" is not used by scilit for a ${t.type} question`,
          );
        }
      }
    }
    if (t.type === 'range') checkRange(field, row, cols, issues, sheet);
    if (t.type === 'audit' || t.type === 'start-geopoint') {
      issues.warn(
        sheet,
        row.row,
        typeCol,
        `${t.type} is recorded empty: scilit does not record ${t.type === 'audit' ? 'an audit log' : 'the location at the start'} yet`,
      );
    }
    // pyxform: a question needs a label, a hint or media; the `label` appearances show none on purpose.
    const media = cols.mediaOf(row);
    const hasMedia = media !== undefined;
    if (media) field.media = media;
    const labelAppearance = /\b(label|list-nolabel)\b/.test(cols.get(row, 'appearance'));
    const calculated = cols.get(row, 'calculation') !== '';
    if (
      !label &&
      !cols.labels(row, 'hint') &&
      !hasMedia &&
      !labelAppearance &&
      !calculated &&
      !NEEDS_NO_LABEL.has(t.type)
    ) {
      const labelCol = cols.text.get('label')?.[0]?.column;
      issues.add(sheet, row.row, labelCol, `question "${name}" has no label`);
    }
    const hint = cols.labels(row, 'hint');
    if (hint) field.hint = hint;
    const requiredCol = cols.plain.get('required');
    const required = cols.get(row, 'required');
    if (required !== '') {
      const lower = required.toLowerCase();
      if (YES.has(lower)) field.required = 'true()';
      else if (!NO.has(lower)) field.required = site(row, 'required', 'required', name)!;
    }
    const requiredMessage = cols.labels(row, 'required_message');
    if (requiredMessage) field.requiredMessage = requiredMessage;
    const relevant = site(row, 'relevant', 'relevant', name);
    if (relevant !== undefined) field.relevant = relevant;
    const constraint = site(row, 'constraint', 'constraint', name);
    if (constraint !== undefined) field.constraint = constraint;
    const constraintMessage = cols.labels(row, 'constraint_message');
    if (constraintMessage) field.constraintMessage = constraintMessage;
    const calculation = site(row, 'calculation', 'calculation', name);
    if (calculation !== undefined) field.calculation = calculation;
    else if (t.type === 'calculate' && !cols.get(row, 'default')) {
      issues.add(sheet, row.row, cols.plain.get('calculation') ?? typeCol, `calculate "${name}" has no calculation`);
    }
    const choiceFilter = site(row, 'choice_filter', 'choice_filter', name, t.listName);
    if (choiceFilter !== undefined) {
      if (t.type === 'select_one' || t.type === 'select_multiple') field.choiceFilter = choiceFilter;
      else {
        result.sites.pop();
        issues.add(
          sheet,
          row.row,
          cols.plain.get('choice_filter'),
          'choice_filter is only for select_one/select_multiple',
        );
      }
    }
    const def = cols.get(row, 'default');
    if (def !== '') {
      field.default = excelDateDefault(t.type, def);
      // An expression (pyxform's "dynamic default") is checked like any other, and evaluated when the interview starts.
      if (isDynamicDefault(t.type, field.default)) site(row, 'default', 'default', name);
    }
    const readOnly = cols.get(row, 'read_only').toLowerCase();
    if (YES.has(readOnly)) field.readOnly = true;
    else if (readOnly !== '' && !NO.has(readOnly)) {
      issues.add(sheet, row.row, cols.plain.get('read_only'), `read_only must be "yes" or "no", not "${readOnly}"`);
    }
    const appearance = cols.get(row, 'appearance');
    if (appearance) field.appearance = appearance;
    if (requiredCol && field.required && t.type === 'calculate') {
      issues.add(sheet, row.row, requiredCol, 'a calculate field cannot be required');
    }
    const scoring = readItemScoring(row, cols, issues, sheet);
    if (scoring) field.scoring = scoring;
    children().push(field);
    result.entries.push({ field, row });
    if (t.orOther && nameOk) {
      // As pyxform: NAME_other, asked when "other" is chosen.
      const other: Mutable<Field> = {
        kind: 'field',
        name: `${name}_other`,
        type: 'text',
        label: { [Object.keys(field.label)[0] ?? '']: OTHER_QUESTION_LABEL },
        relevant: `selected(\${${name}}, 'other')`,
        source: { sheet, row: row.row },
      };
      if (seen.has(other.name)) {
        issues.add(
          sheet,
          row.row,
          nameCol,
          `or_other adds the question "${other.name}", which the form already has (row ${seen.get(other.name)})`,
        );
      } else {
        seen.set(other.name, row.row);
        children().push(other);
        result.entries.push({ field: other, row });
      }
    }
  }
  for (const open of stack) {
    issues.add(sheet, open.row, typeCol, `group "${open.group.name}" is never closed: add an "end group" row`);
  }
  if (result.entries.length === 0 && issues.items.length === 0) {
    issues.add(sheet, undefined, undefined, 'the survey sheet has no questions');
  }
  return result;
}

/** The `scoring::*` cells of a row; keys are checked against choices later. */
function readItemScoring(row: SheetRow, cols: ColumnMap, issues: IssueList, sheet: string): ItemScoring | undefined {
  const cell = (n: string) => {
    const c = cols.scoring.get(n);
    return c ? (row.cells.get(c.index) ?? '') : '';
  };
  const present = SCORING_COLUMNS.filter((n) => cell(n) !== '');
  if (present.length === 0) return undefined;
  let ok = true;
  const dimension = cell('dimension');
  if (dimension === '' || !isFieldName(dimension)) {
    issues.add(
      sheet,
      row.row,
      cols.scoring.get('dimension') ?? cols.scoring.get(present[0]!),
      dimension === ''
        ? 'a scored item needs scoring::dimension (knowledge, method, thinking or application)'
        : `"${dimension}" is not a valid dimension code`,
    );
    ok = false;
  }
  const pointsText = cell('points');
  const points = Number(pointsText);
  if (pointsText === '' || !Number.isFinite(points) || points <= 0) {
    issues.add(
      sheet,
      row.row,
      cols.scoring.get('points') ?? cols.scoring.get(present[0]!),
      pointsText === ''
        ? 'a scored item needs scoring::points'
        : `scoring::points must be a positive number, not "${pointsText}"`,
    );
    ok = false;
  }
  const key = cell('key').split(/\s+/).filter(Boolean);
  if (key.length === 0) {
    issues.add(
      sheet,
      row.row,
      cols.scoring.get('key') ?? cols.scoring.get(present[0]!),
      'a scored item needs scoring::key',
    );
    ok = false;
  }
  const veto = cell('veto').split(/\s+/).filter(Boolean);
  const toleranceText = cell('tolerance');
  const tolerance = Number(toleranceText);
  if (toleranceText !== '' && (!Number.isFinite(tolerance) || tolerance < 0)) {
    issues.add(
      sheet,
      row.row,
      cols.scoring.get('tolerance'),
      `scoring::tolerance must be a number ≥ 0, not "${toleranceText}"`,
    );
    ok = false;
  }
  if (!ok) return undefined;
  const s: Mutable<ItemScoring> = { dimension, points, key };
  if (veto.length) s.veto = veto;
  if (toleranceText !== '') s.tolerance = tolerance;
  return s;
}

/** Names every column with content that scilit does not read, once, at its header. */
export function warnUnusedColumns(table: Table, cols: ColumnMap, used: ReadonlySet<string>, issues: IssueList): void {
  const filled = (c: { index: number }) => table.rows.some((r) => r.cells.has(c.index));
  for (const { column, why } of cols.unused) {
    if (filled(column)) issues.warn(table.sheet, 1, column, `column "${column.header}" is not used by scilit: ${why}`);
  }
  for (const [name, column] of cols.plain) {
    if (!used.has(name) && filled(column)) {
      issues.warn(table.sheet, 1, column, `column "${column.header}" is not used by scilit`);
    }
  }
}

/** pyxform's parameters cell: `start=1 end=10 step=1` (spaces, commas or semicolons between pairs). */
export function readParameters(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const part of text.trim().split(/[\s,;]+(?=[^\s,;=]+\s*=)/)) {
    const m = /^([^\s=]+)\s*=\s*(.*?)[\s,;]*$/.exec(part.trim());
    if (!m) return undefined;
    out[m[1]!.toLowerCase()] = m[2]!;
  }
  return out;
}

/** range: start, end and step are numbers (defaults 1, 10, 1 as pyxform), step > 0 and divides the span. */
function checkRange(field: Mutable<Field>, row: SheetRow, cols: ColumnMap, issues: IssueList, sheet: string): void {
  const p = { start: '1', end: '10', step: '1', ...field.parameters };
  const [start, end, step] = [Number(p.start), Number(p.end), Number(p.step)];
  const col = cols.plain.get('parameters') ?? cols.plain.get('type');
  if (![start, end, step].every(Number.isFinite) || step <= 0) {
    issues.add(
      sheet,
      row.row,
      col,
      `range parameters must be numbers with step > 0 (start=${p.start} end=${p.end} step=${p.step})`,
    );
    return;
  }
  const n = Math.abs(end - start) / step;
  if (Math.abs(n - Math.round(n)) > 1e-9) {
    issues.add(sheet, row.row, col, `range: step ${p.step} does not divide the span from ${p.start} to ${p.end}`);
    return;
  }
  field.parameters = { start: p.start, end: p.end, step: p.step };
}

/**
 * A date or time typed into Excel is stored as a serial number (days since 1899-12-30, a time as a fraction of a
 * day); pyxform turns it back into ISO text, and so does scilit, for the default of a date, time or dateTime.
 */
function excelDateDefault(type: string, text: string): string {
  if (!/^\d+(\.\d+)?$/.test(text) || !['date', 'time', 'dateTime'].includes(type)) return text;
  const serial = Number(text);
  const ms = Math.round((serial - 25_569) * 86_400_000); // 25569 = days from 1899-12-30 to 1970-01-01
  const iso = new Date(type === 'time' ? Math.round((serial % 1) * 86_400_000) : ms).toISOString();
  if (type === 'date') return serial >= 1 ? iso.slice(0, 10) : text;
  if (type === 'time') return iso.slice(11, 19);
  return serial >= 1 ? iso.slice(0, 19) : text;
}
