import { isFieldName } from '../expr/index.ts';
import type { LevelRule, PopulationGroup } from '../model.ts';
import type { ExpressionSite, IssueList, Mutable } from './collect.ts';
import { ColumnMap } from './headers.ts';
import type { Table } from './sheet.ts';

/** The `scoring` sheet: levels with their lower bounds (methodology.md §1.1). */
export function readLevels(table: Table | undefined, issues: IssueList): { levels: LevelRule[]; columns: ColumnMap } {
  const cols = new ColumnMap(table?.columns ?? []);
  const levels: LevelRule[] = [];
  if (!table) return { levels, columns: cols };
  const sheet = table.sheet;
  const levelCol = cols.plain.get('level');
  const minCol = cols.plain.get('min_score');
  if (!levelCol || !minCol) {
    issues.add(sheet, 1, undefined, 'the scoring sheet needs "level" and "min_score" columns in row 1');
    return { levels, columns: cols };
  }
  const cmpCol = cols.plain.get('comparison');
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const level = row.cells.get(levelCol.index) ?? '';
    const minText = row.cells.get(minCol.index) ?? '';
    const cmp = cmpCol ? (row.cells.get(cmpCol.index) ?? '>=') : '>=';
    let ok = true;
    if (level === '' || !isFieldName(level)) {
      issues.add(
        sheet,
        row.row,
        levelCol,
        level === '' ? 'a level needs a code' : `"${level}" is not a valid level code`,
      );
      ok = false;
    } else if (seen.has(level)) {
      issues.add(sheet, row.row, levelCol, `duplicate level "${level}" (first in row ${seen.get(level)})`);
      ok = false;
    } else seen.set(level, row.row);
    const min = Number(minText);
    if (minText === '' || !Number.isFinite(min)) {
      issues.add(sheet, row.row, minCol, `min_score must be a number, not "${minText}"`);
      ok = false;
    }
    const comparison = cmp === '≥' ? '>=' : cmp;
    if (comparison !== '>=' && comparison !== '>') {
      issues.add(sheet, row.row, cmpCol, `comparison must be ">=" or ">", not "${cmp}"`);
      ok = false;
    }
    if (ok)
      levels.push({
        level,
        minScore: min,
        comparison: comparison as '>=' | '>',
        label: cols.labels(row, 'label') ?? {},
      });
  }
  return { levels, columns: cols };
}

/** The `groups` sheet: key populations as rules over the form's fields. */
export function readGroups(
  table: Table | undefined,
  issues: IssueList,
  sites: ExpressionSite[],
): { groups: PopulationGroup[]; columns: ColumnMap } {
  const cols = new ColumnMap(table?.columns ?? []);
  const groups: PopulationGroup[] = [];
  if (!table) return { groups, columns: cols };
  const sheet = table.sheet;
  const nameCol = cols.plain.get('name');
  const ruleCol = cols.plain.get('rule');
  if (!nameCol || !ruleCol) {
    issues.add(sheet, 1, undefined, 'the groups sheet needs "name" and "rule" columns in row 1');
    return { groups, columns: cols };
  }
  const noteCol = cols.plain.get('note');
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const name = row.cells.get(nameCol.index) ?? '';
    const rule = row.cells.get(ruleCol.index) ?? '';
    let ok = true;
    if (name === '' || !isFieldName(name)) {
      issues.add(sheet, row.row, nameCol, name === '' ? 'a group needs a name' : `"${name}" is not a valid group name`);
      ok = false;
    } else if (seen.has(name)) {
      issues.add(sheet, row.row, nameCol, `duplicate group "${name}" (first in row ${seen.get(name)})`);
      ok = false;
    } else seen.set(name, row.row);
    if (rule === '') {
      issues.add(sheet, row.row, ruleCol, `group "${name}" needs a rule, e.g. \${age} >= 60`);
      ok = false;
    } else sites.push({ sheet, row: row.row, column: ruleCol, src: rule, role: 'rule', owner: name });
    if (!ok) continue;
    const g: Mutable<PopulationGroup> = { name, label: cols.labels(row, 'label') ?? {}, rule };
    const note = noteCol ? row.cells.get(noteCol.index) : undefined;
    if (note) g.note = note;
    groups.push(g);
  }
  return { groups, columns: cols };
}
