/**
 * Result shapes of operations whose source modules reach Node-flavoured typings (the renderer's type check must
 * not pull them in). They mirror src/interchange/responses (ImportResult, ColumnMapping) and src/interchange/problem.
 */
import type { Labels } from '../../../src/form/model.ts';

export interface FileProblem {
  code: string;
  sheet?: string;
  row?: number;
  column?: string;
  value?: string;
  reason: Labels;
  severity: 'error' | 'warning';
}

/** How one column of the file was read: `target` describes the field it maps to (or why none). */
export interface ColumnMapping {
  column: string;
  target: string;
  how?: string;
  ok: boolean;
}

export interface ImportResult {
  status: 'imported' | 'dry_run' | 'refused' | 'already_imported' | 'nothing_new';
  batchId?: string;
  fileName: string;
  rowsTotal: number;
  added: number;
  skipped: number;
  conflicts: { row: number; interviewId: string; fields: string[] }[];
  errorCount: number;
  warningCount: number;
  problems: FileProblem[];
  mapping: ColumnMapping[];
  message: Labels;
  /** The problem list as .xlsx (base64), when asked for. */
  errorReport?: string;
}
