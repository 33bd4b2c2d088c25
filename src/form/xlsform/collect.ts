import type { FormIssue } from './issues.ts';
import { issueZh } from './issues-zh.ts';
import type { Column } from './sheet.ts';

/** Gathers every issue of a file, so that a person fixes them all in one pass. */
export class IssueList {
  readonly items: FormIssue[] = [];
  readonly warnings: FormIssue[] = [];
  constructor(readonly file?: string) {}

  add(sheet: string, row: number | undefined, column: Column | undefined, message: string): void {
    this.items.push(this.make(sheet, row, column, message));
  }

  /** Something the form says that scilit accepts but does not use as written (or at all). */
  warn(sheet: string, row: number | undefined, column: Column | undefined, message: string): void {
    this.warnings.push({ ...this.make(sheet, row, column, message), severity: 'warning' });
  }

  private make(sheet: string, row: number | undefined, column: Column | undefined, message: string): FormIssue {
    const issue: FormIssue = { sheet, message };
    const zh = issueZh(message);
    if (zh) issue.zh = zh;
    if (this.file) issue.file = this.file;
    if (row !== undefined) issue.row = row;
    if (column) {
      issue.column = column.letter;
      issue.header = column.header;
    }
    return issue;
  }
}

/** An expression cell waiting to be checked once every field and list is known. */
export interface ExpressionSite {
  sheet: string;
  row: number;
  column: Column;
  src: string;
  role: 'relevant' | 'constraint' | 'required' | 'calculation' | 'choice_filter' | 'rule' | 'default';
  /** For a choice_filter: the list whose columns bare names may read. */
  listName?: string;
  /** The field or group the expression belongs to. */
  owner?: string;
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
