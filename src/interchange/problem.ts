/**
 * A problem found in an office's file, said so that a clerk can fix it: where (sheet, row, column), what value,
 * and why, in Chinese and English. `code` is stable for tests and the UI.
 */
import type { Labels } from '../form/model.ts';

export interface FileProblem {
  code: string;
  /** Sheet name for workbooks; absent for CSV. */
  sheet?: string;
  /** 1-based row number as the spreadsheet program shows it; absent for problems of the whole file. */
  row?: number;
  /** Column header (and letter for workbooks), e.g. `age (C)`. */
  column?: string;
  value?: string;
  reason: Labels;
  /** A warning does not stop the import (e.g. a formula's cached value was used). */
  severity: 'error' | 'warning';
}

/** Thrown when the file cannot be read at all; carries the problems (the CLI and UI show them as they are). */
export class FileUnreadableError extends Error {
  readonly userFacing = true;
  constructor(
    readonly code: string,
    readonly reason: Labels,
  ) {
    super([reason.zh, reason.en].filter(Boolean).join('\n') || code);
    this.name = 'FileUnreadableError';
  }
}

export function unreadable(code: string, zh: string, en: string): FileUnreadableError {
  return new FileUnreadableError(code, { zh, en });
}

/** Spreadsheet column letters for a 0-based index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function problemText(p: FileProblem, lang: string): string {
  const where = [
    p.sheet ? (lang === 'zh' ? `工作表“${p.sheet}”` : `sheet "${p.sheet}"`) : '',
    p.row !== undefined ? (lang === 'zh' ? `第 ${p.row} 行` : `row ${p.row}`) : '',
    p.column ? (lang === 'zh' ? `列 ${p.column}` : `column ${p.column}`) : '',
  ]
    .filter(Boolean)
    .join(lang === 'zh' ? '，' : ', ');
  const value = p.value !== undefined ? (lang === 'zh' ? `（值：“${p.value}”）` : ` (value "${p.value}")`) : '';
  const reason = p.reason[lang] ?? p.reason.en ?? p.reason.zh ?? p.code;
  return `${where ? `${where}${lang === 'zh' ? '：' : ': '}` : ''}${reason}${value}`;
}
