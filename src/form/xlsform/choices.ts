import { isFieldName } from '../expr/index.ts';
import type { Choice } from '../model.ts';
import type { IssueList, Mutable } from './collect.ts';
import { ColumnMap } from './headers.ts';
import type { Table } from './sheet.ts';

// Columns of the choices sheet that are neither the choice nor a filter property.
const NOT_PROPERTIES = new Set(['list_name', 'name']);
// A list name as pyxform takes it: an XML name, `:` allowed (`yes:no`).
const LIST_NAME = /^[\p{L}_][\p{L}\p{N}_.:-]*$/u;

export interface ChoicesResult {
  choices: Record<string, Choice[]>;
  /** The filter columns each list uses (a choice_filter may read them as bare names). */
  propertyColumns: Set<string>;
  /** Row of each list's first choice, for messages. */
  listRows: Map<string, number>;
  /** Where each choice was written, for checks made once the questions are known. */
  rows: Map<Choice, { row: number; list: string }>;
  sheet: string;
  columns: ColumnMap;
}

export function readChoices(table: Table | undefined, issues: IssueList, allowDuplicates = false): ChoicesResult {
  const cols = new ColumnMap(table?.columns ?? []);
  const result: ChoicesResult = {
    choices: {},
    propertyColumns: new Set(),
    listRows: new Map(),
    columns: cols,
    rows: new Map(),
    sheet: table?.sheet ?? 'choices',
  };
  if (!table) return result;
  const sheet = table.sheet;
  for (const { column, first } of cols.duplicates) {
    issues.add(
      sheet,
      1,
      column,
      `column "${column.header}" means the same as column ${first.letter} "${first.header}": keep one`,
    );
  }
  for (const { column, why } of cols.unused) {
    if (table.rows.some((r) => r.cells.has(column.index))) {
      issues.warn(sheet, 1, column, `column "${column.header}" is not used by scilit: ${why}`);
    }
  }
  const listCol = cols.plain.get('list_name');
  const nameCol = cols.plain.get('name');
  if (!listCol || !nameCol) {
    issues.add(sheet, 1, undefined, 'the choices sheet needs "list_name" and "name" columns in row 1');
    return result;
  }
  const properties = [...cols.plain].filter(([name]) => !NOT_PROPERTIES.has(name)).map(([, c]) => c);
  for (const p of properties) {
    if (isFieldName(p.header)) result.propertyColumns.add(p.header);
    else if (table.rows.some((r) => r.cells.has(p.index))) {
      issues.warn(
        sheet,
        1,
        p,
        `column "${p.header}" is not used by scilit (a choice_filter can only name columns written as names)`,
      );
    }
  }
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const list = row.cells.get(listCol.index) ?? '';
    const name = row.cells.get(nameCol.index) ?? '';
    if (list === '') {
      issues.add(sheet, row.row, listCol, `choice${name ? ` "${name}"` : ''} has no list_name`);
      continue;
    }
    if (!LIST_NAME.test(list)) {
      issues.add(sheet, row.row, listCol, `"${list}" is not a valid list name (no spaces; letters, digits, "_")`);
      continue;
    }
    if (name === '') {
      issues.add(sheet, row.row, nameCol, `a choice of list "${list}" has no name`);
      continue;
    }
    const key = `${list}\u0000${name}`;
    if (seen.has(key) && !allowDuplicates) {
      issues.add(
        sheet,
        row.row,
        nameCol,
        `duplicate choice "${name}" in list "${list}" (first in row ${seen.get(key)})`,
      );
      continue;
    }
    seen.set(key, row.row);
    const label = cols.labels(row, 'label');
    if (!label) {
      issues.warn(
        sheet,
        row.row,
        cols.text.get('label')?.[0]?.column,
        `choice "${name}" of list "${list}" has no label: its name is shown`,
      );
    }
    const choice: Mutable<Choice> = { name, label: label ?? {} };
    const media = cols.mediaOf(row);
    if (media) choice.media = media;
    const props: Record<string, string> = {};
    for (const p of properties) {
      const v = row.cells.get(p.index);
      if (v !== undefined && result.propertyColumns.has(p.header)) props[p.header] = v;
    }
    if (Object.keys(props).length) choice.properties = props;
    const arr = result.choices[list] ?? [];
    if (arr.length === 0) result.listRows.set(list, row.row);
    arr.push(choice);
    result.rows.set(choice, { row: row.row, list });
    result.choices[list] = arr;
  }
  return result;
}
