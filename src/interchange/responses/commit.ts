/**
 * Stores a checked import: all rows or nothing (written in slices, see src/store/staged-batch.ts). A file already imported, or rows whose id is
 * stored with the same answers, add nothing and say so; the same id with different answers is a conflict listed
 * for review and never overwritten.
 */
import type { Labels } from '../../form/model.ts';
import type { SqlDriver } from '../../store/driver.ts';
import { StoreError } from '../../store/errors.ts';
import { answersOf, contentHashCounts, findBatchByChecksum, interviewKey } from '../../store/imports.ts';
import type { FileProblem } from '../problem.ts';
import type { PreparedImport, PreparedRow } from './prepare.ts';
import { ImportCancelled, SEP } from './shared.ts';
import { streamingWriter } from './stream.ts';

export interface ImportConflict {
  row: number;
  interviewId: string;
  /** Fields whose stored answer differs from the file's, or `form` when the id belongs to another form. */
  fields: string[];
}

export interface ImportResult {
  status: 'imported' | 'dry_run' | 'refused' | 'already_imported' | 'nothing_new';
  batchId?: string;
  fileName: string;
  format: 'xlsx' | 'csv';
  sheet?: string;
  encoding?: string;
  rowsTotal: number;
  added: number;
  /** Rows already stored with the same answers. */
  skipped: number;
  conflicts: ImportConflict[];
  errorCount: number;
  warningCount: number;
  problems: FileProblem[];
  mapping: PreparedImport['mapping'];
  message: Labels;
}

export interface CommitOptions {
  dryRun?: boolean;
  progress?: (fraction: number, message?: string) => void;
  cancel?: { readonly cancelled: boolean };
}

function unpack(p: PlanHead, row: PreparedRow): [string, string][] {
  const values = row.packed.split(SEP);
  const out: [string, string][] = [];
  for (let i = 0; i < p.fieldOrder.length; i++) if (values[i]) out.push([p.fieldOrder[i]!, values[i]!]);
  return out;
}

export type PlannedRow = { row: PreparedRow; action: 'add' | 'skip' | 'conflict'; fields?: string[] };

/** What the rows of one form have in common for planning. */
interface PlanHead {
  formId: string;
  formVersion: string;
  fieldOrder: string[];
}

/** Add, skip (stored with the same answers) or conflict (its id is stored with other answers, or another form). */
export function planRow(
  db: SqlDriver,
  p: PlanHead,
  row: PreparedRow,
  hashes: { map?: Map<string, string[]> },
): PlannedRow {
  if (row.id) {
    const key = interviewKey(db, row.id);
    if (!key) return { row, action: 'add' };
    if (key.form_id !== p.formId || key.form_version !== p.formVersion) {
      return { row, action: 'conflict', fields: ['form'] };
    }
    if (key.content_hash === row.contentHash) return { row, action: 'skip' };
    const stored = answersOf(db, row.id);
    const mine = Object.fromEntries(unpack(p, row));
    const differing = [...new Set([...Object.keys(stored), ...Object.keys(mine)])]
      .filter((f) => (stored[f] ?? '') !== (mine[f] ?? ''))
      .sort();
    return differing.length ? { row, action: 'conflict', fields: differing } : { row, action: 'skip' };
  }
  hashes.map ??= contentHashCounts(db, p.formId, p.formVersion);
  const same = hashes.map.get(row.contentHash);
  if (same?.length) {
    same.pop();
    return { row, action: 'skip' };
  }
  return { row, action: 'add' };
}

function plan(db: SqlDriver, p: PreparedImport): PlannedRow[] {
  const hashes: { map?: Map<string, string[]> } = {};
  return p.rows.map((row) => planRow(db, p, row, hashes));
}

/** The result of an import that got as far as planning: refused, dry run, nothing new, or imported. */
export function importResultOf(
  p: PreparedImport,
  counts: { added: number; skipped: number; conflicts: ImportConflict[] },
  dryRun = false,
): ImportResult {
  const warningCount = p.problems.filter((x) => x.severity === 'warning').length;
  const base = {
    fileName: p.fileName,
    format: p.format,
    sheet: p.sheet,
    encoding: p.encoding,
    rowsTotal: p.rowsTotal,
    errorCount: p.errorCount,
    warningCount,
    problems: p.problems,
    mapping: p.mapping,
  };
  if (p.errorCount > 0) {
    return {
      ...base,
      status: 'refused',
      added: 0,
      skipped: 0,
      conflicts: [],
      message: {
        zh: `发现 ${p.errorCount} 个问题，全部数据都没有导入。请按问题清单修改文件后重新导入。`,
        en: `${p.errorCount} problems found; nothing was imported. Fix the file as listed and import it again.`,
      },
    };
  }
  const { added, skipped, conflicts } = counts;
  const summary = {
    zh: `共 ${p.rowsTotal} 行：新增 ${added} 份问卷，${skipped} 份已存在且答案相同（跳过），${conflicts.length} 份编号已存在但答案不同（未覆盖，待核对）。`,
    en: `${p.rowsTotal} rows: ${added} interviews added, ${skipped} already stored with the same answers (skipped), ${conflicts.length} with a stored id but different answers (not overwritten; review them).`,
  };
  if (dryRun) {
    return {
      ...base,
      status: 'dry_run',
      added,
      skipped,
      conflicts,
      message: { zh: `试导入，未保存。${summary.zh}`, en: `Dry run, nothing stored. ${summary.en}` },
    };
  }
  if (added === 0) {
    return {
      ...base,
      status: 'nothing_new',
      added,
      skipped,
      conflicts,
      message: { zh: `没有新增数据。${summary.zh}`, en: `Nothing new. ${summary.en}` },
    };
  }
  return { ...base, status: 'imported', added, skipped, conflicts, message: summary };
}

export function commitResponses(db: SqlDriver, p: PreparedImport, opts: CommitOptions = {}): ImportResult {
  if (p.errorCount > 0) return importResultOf(p, { added: 0, skipped: 0, conflicts: [] });
  if (!db.get('SELECT 1 FROM forms WHERE form_id = ? AND version = ?', [p.formId, p.formVersion])) {
    throw new StoreError('not_found', `form ${p.formId} version ${p.formVersion} is not in this database.`);
  }
  const previous = findBatchByChecksum(db, 'responses', p.fileChecksum, p.formId);
  if (previous) return alreadyImported(p, previous);
  const plans = plan(db, p);
  const added = plans.filter((x) => x.action === 'add').length;
  const skipped = plans.filter((x) => x.action === 'skip').length;
  const conflicts: ImportConflict[] = plans.flatMap((x) =>
    x.action === 'conflict' ? [{ row: x.row.row, interviewId: x.row.id!, fields: x.fields ?? [] }] : [],
  );
  const result = importResultOf(p, { added, skipped, conflicts }, opts.dryRun);
  if (result.status !== 'imported') return result;
  if (opts.cancel?.cancelled) throw new ImportCancelled();
  // Stored in slices as the store thread does (src/store/staged-batch.ts): all or nothing, and a surveyor's save
  // never waits behind the import.
  const writer = streamingWriter(db, {
    formId: p.formId,
    formVersion: p.formVersion,
    fieldOrder: p.fieldOrder,
    fileName: p.fileName,
    fileChecksum: p.fileChecksum,
  });
  for (let k = 0; k < p.rows.length; k += 2000) {
    if (opts.cancel?.cancelled) {
      writer.abort();
      throw new ImportCancelled();
    }
    writer.add(p.rows.slice(k, k + 2000));
    opts.progress?.(
      0.9 + (0.1 * Math.min(p.rows.length, k + 2000)) / p.rows.length,
      `${Math.min(p.rows.length, k + 2000)} rows stored`,
    );
  }
  const stored = writer.finish(p, opts.cancel?.cancelled);
  opts.progress?.(1, 'done');
  return { ...result, batchId: stored.batchId };
}

/** The file itself was imported before (same checksum): nothing is added. */
export function alreadyImported(p: PreparedImport, previous: { batch_id: string; imported_at: string }): ImportResult {
  const at = previous.imported_at.slice(0, 16).replace('T', ' ');
  return {
    ...importResultOf(p, { added: 0, skipped: p.rows.length, conflicts: [] }),
    status: 'already_imported',
    batchId: previous.batch_id,
    added: 0,
    skipped: p.rows.length,
    conflicts: [],
    message: {
      zh: `这个文件已在 ${at} 导入过（批次 ${previous.batch_id}），本次没有新增任何数据。`,
      en: `This file was already imported on ${at} (batch ${previous.batch_id}); nothing was added.`,
    },
  };
}
