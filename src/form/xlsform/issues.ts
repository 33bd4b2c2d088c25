/** A problem found in a questionnaire workbook, located as a person would look for it in Excel. */
export interface FormIssue {
  file?: string;
  sheet: string;
  /** 1-based worksheet row. */
  row?: number;
  /** Column letter, e.g. `D`. */
  column?: string;
  /** The column's header, e.g. `relevant`. */
  header?: string;
  message: string;
  /** The message in Simplified Chinese, when the catalogue (issues-zh.ts) has it. */
  zh?: string;
  /** A warning does not stop the import: it says what scilit did with something it does not use as written. */
  severity?: 'warning';
}

/** `survey!D7 (relevant): message` — the way every scilit surface prints an issue. */
export function formatIssue(i: FormIssue): string {
  const cell = i.row !== undefined ? `${i.column ?? ''}${i.row}` : (i.column ?? '');
  const where = `${i.file ? `${i.file}: ` : ''}${i.sheet || 'workbook'}${cell ? `!${cell}` : ''}`;
  return `${where}${i.header ? ` (${i.header})` : ''}: ${i.severity === 'warning' ? 'warning: ' : ''}${i.message}`;
}

/** The same in Chinese: `survey!D7（relevant）：…`. */
export function formatIssueZh(i: FormIssue): string {
  const cell = i.row !== undefined ? `${i.column ?? ''}${i.row}` : (i.column ?? '');
  const where = `${i.file ? `${i.file}：` : ''}${i.sheet || '工作簿'}${cell ? `!${cell}` : ''}`;
  return `${where}${i.header ? `（${i.header}）` : ''}：${i.severity === 'warning' ? '提示：' : ''}${i.zh ?? i.message}`;
}

/** 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = '';
  let k = n;
  while (k > 0) {
    const r = (k - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    k = Math.floor((k - 1) / 26);
  }
  return s;
}
