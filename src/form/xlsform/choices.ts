import { isFieldName } from '../expr/index.ts';
import type { Choice } from '../model.ts';
import type { IssueList, Mutable } from './collect.ts';
import { ColumnMap } from './headers.ts';
import type { Table } from './sheet.ts';

// Columns of the choices sheet that are neither the choice nor a filter property.
const NOT_PROPERTIES = new Set(['list_name', 'list name', 'name', 'image', 'audio', 'video', 'media']);

export interface ChoicesResult {
  choices: Record<string, Choice[]>;
  /** The filter columns each list uses (a choice_filter may read them as bare names). */
  propertyColumns: Set<string>;
  /** Row of each list's first choice, for messages. */
  listRows: Map<string, number>;
  columns: ColumnMap;
}

export function readChoices(table: Table | undefined, issues: IssueList): ChoicesResult {
  const cols = new ColumnMap(table?.columns ?? []);
  const result: ChoicesResult = { choices: {}, propertyColumns: new Set(), listRows: new Map(), columns: cols };
  if (!table) return result;
  const sheet = table.sheet;
  const listCol = cols.plain.get('list_name') ?? cols.plain.get('list name');
  const nameCol = cols.plain.get('name');
  if (!listCol || !nameCol) {
    issues.add(sheet, 1, undefined, 'the choices sheet needs "list_name" and "name" columns in row 1');
    return result;
  }
  const properties = table.columns.filter((c) => {
    const k = cols.plain.get(c.header.trim().toLowerCase());
    return k === c && !NOT_PROPERTIES.has(c.header.trim().toLowerCase());
  });
  for (const p of properties) {
    if (!isFieldName(p.header)) {
      issues.add(sheet, 1, p, `column "${p.header}" cannot be used in a choice_filter: use letters, digits and "_"`);
    } else result.propertyColumns.add(p.header);
  }
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const list = row.cells.get(listCol.index) ?? '';
    const name = row.cells.get(nameCol.index) ?? '';
    if (list === '') {
      issues.add(sheet, row.row, listCol, `choice${name ? ` "${name}"` : ''} has no list_name`);
      continue;
    }
    if (!isFieldName(list)) {
      issues.add(sheet, row.row, listCol, `"${list}" is not a valid list name (no spaces; letters, digits, "_")`);
      continue;
    }
    if (name === '') {
      issues.add(sheet, row.row, nameCol, `a choice of list "${list}" has no name`);
      continue;
    }
    if (/\s/.test(name)) {
      issues.add(
        sheet,
        row.row,
        nameCol,
        `choice name "${name}" contains a space (select_multiple answers are space-separated)`,
      );
      continue;
    }
    const key = `${list}\u0000${name}`;
    if (seen.has(key)) {
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
    if (!label)
      issues.add(
        sheet,
        row.row,
        cols.text.get('label')?.[0]?.column,
        `choice "${name}" of list "${list}" has no label`,
      );
    const choice: Mutable<Choice> = { name, label: label ?? {} };
    const props: Record<string, string> = {};
    for (const p of properties) {
      const v = row.cells.get(p.index);
      if (v !== undefined && result.propertyColumns.has(p.header)) props[p.header] = v;
    }
    if (Object.keys(props).length) choice.properties = props;
    const arr = result.choices[list] ?? [];
    if (arr.length === 0) result.listRows.set(list, row.row);
    arr.push(choice);
    result.choices[list] = arr;
  }
  return result;
}
