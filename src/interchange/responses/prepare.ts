/**
 * Reads an office's response file against a form and checks every row, storing nothing: the result is the
 * column mapping, every problem (row, column, value, reason) and the rows ready to store. Rows are kept
 * compactly (one joined string each) so that 100,000 rows × 60 columns fit well under 500 MB.
 */

import { allFields, type Field, type Form, type SurveyNode } from '../../form/model.ts';
import { packFieldsOf } from '../../store/answer-packs.ts';
import { sha256Hex } from '../../util/hash.ts';
import { columnLetter, type FileProblem, FileUnreadableError, unreadable } from '../problem.ts';
import { sha256HexSync } from '../sha256.ts';
import { openTable, type TableCell, type TableRow } from '../table.ts';
import { type ColumnMapping, describeTarget, type InterviewMeta, mapColumns } from './mapping.ts';
import { type FormRules, formRules, type RowAnswers } from './rules.ts';
import { ImportCancelled, SEP } from './shared.ts';
import { type ChoiceLookup, choiceFlag, choiceLookups, fieldValue, halfWidth, type ValueResult } from './values.ts';

export interface PreparedRow {
  /** Row number in the file. */
  row: number;
  /** From instanceID/_uuid/KEY; null → a fresh UUID at commit. */
  id: string | null;
  /** Answers in `fieldOrder`, joined by U+001F; '' and null are both "no answer" (stored as absent). */
  packed: string;
  meta: Partial<Record<InterviewMeta, string>>;
  /** sha256 of the canonical answers: decides "already imported". */
  contentHash: string;
  /**
   * When rows are handed on as they are read (`onRows`): the non-empty answers as one JSON object in field-name
   * order, ready for the store (importedInterviewWriter), so the storing thread does not build it.
   */
  answers?: string;
}

export interface PreparedImport {
  fileName: string;
  fileChecksum: string;
  format: 'xlsx' | 'csv';
  sheet?: string;
  encoding?: string;
  formId: string;
  formVersion: string;
  mapping: { column: string; target: string; how?: string; ok: boolean }[];
  /** Stored answer fields, in order of `PreparedRow.packed`. */
  fieldOrder: string[];
  problems: FileProblem[];
  errorCount: number;
  rows: PreparedRow[];
  rowsTotal: number;
}

export interface PrepareOptions {
  fileName: string;
  /** Import anyway when some columns match no question (they are listed and left out). */
  skipUnknownColumns?: boolean;
  rules?: FormRules;
  progress?: (fraction: number, message?: string) => void;
  cancel?: { readonly cancelled: boolean };
  /** Stop listing problems after this many (the count stays exact). */
  maxProblems?: number;
  /** Receives the checked rows batch by batch (then not kept in the result's `rows`); awaited to keep pace. */
  onRows?: (rows: PreparedRow[]) => Promise<void> | void;
  /** sha256 of the bytes when the caller already has it. */
  fileChecksum?: string;
}

/**
 * The fields an import stores (notes have no answer), in the order of `PreparedRow.packed`: the answer packs' own
 * field list, so that a row's joined answers become its pack without reordering.
 */
export function storedFieldOrder(form: Form): string[] {
  return packFieldsOf(form);
}

export { ImportCancelled, SEP };

/** Shared by every row without surveyor/device/… columns (most files): one object instead of one per row. */
const NO_META: PreparedRow['meta'] = Object.freeze({});

/** The canonical text hashed for "same answers": sorted field=value lines, empty answers left out. */
export function answersDigestInput(answers: Readonly<Record<string, string | null>>): string {
  return Object.keys(answers)
    .filter((k) => answers[k] !== null && answers[k] !== undefined && answers[k] !== '')
    .sort()
    .map((k) => `${k}=${answers[k]}`)
    .join('\n');
}

function headerScore(form: Form) {
  return (rows: TableRow[]) => {
    let best = 0;
    for (const r of rows) {
      const m = mapColumns(
        form,
        r.cells.map((c) => c?.text ?? ''),
      );
      best = Math.max(best, m.filter((x) => x.target.kind === 'field' || x.target.kind === 'choice').length);
    }
    return best;
  };
}

const isBlankRow = (r: TableRow) => !r.cells.some((c) => c && halfWidth(c.text).trim() !== '');

export async function prepareResponses(bytes: Uint8Array, form: Form, opts: PrepareOptions): Promise<PreparedImport> {
  const fileChecksum = opts.fileChecksum ?? (await sha256Hex(bytes));
  const table = openTable(bytes, opts.fileName, { scoreSheet: headerScore(form) });
  const rules = opts.rules ?? formRules(form);
  const maxProblems = opts.maxProblems ?? 5000;
  const problems: FileProblem[] = [...table.problems];
  let errorCount = 0;
  const sheet = table.sheet;
  const add = (p: Omit<FileProblem, 'severity' | 'sheet'> & { severity?: FileProblem['severity'] }) => {
    const severity = p.severity ?? 'error';
    if (severity === 'error') errorCount++;
    if (problems.length < maxProblems) problems.push({ ...p, severity, ...(sheet ? { sheet } : {}) });
  };

  const fields = allFields(form);
  const stored = fields.filter((f) => f.type !== 'note');
  const fieldOrder = stored.map((f) => f.name);
  const position = new Map(fieldOrder.map((n, i) => [n, i]));
  const lookups = choiceLookups(form);
  const lookupOf = (f: Field): ChoiceLookup | undefined => (f.listName ? lookups.get(f.listName) : undefined);

  let mapping: ColumnMapping[] | undefined;
  let headerRow = 0;
  let labelRowChecked = false;
  const rows: PreparedRow[] = [];
  const idRows = new Map<string, number>();
  let rowsTotal = 0;
  let formulaCells = 0;
  let firstFormula = '';
  let rowPlan: RowPlan | undefined;
  const headless = new Set<number>();
  const sortedPositions = fieldOrder.map((_, i) => i).sort((a, b) => (fieldOrder[a]! < fieldOrder[b]! ? -1 : 1));
  const handOn = opts.onRows !== undefined;
  const keyJson = fieldOrder.map((n) => JSON.stringify(n));

  const gen = table.batches();
  let step = gen.next();
  let batchNo = 0;
  while (!step.done) {
    for (const r of step.value) {
      if (!mapping) {
        if (isBlankRow(r)) continue;
        headerRow = r.row;
        mapping = mapColumns(
          form,
          Array.from(r.cells, (c) => (c ? halfWidth(c.text) : '')),
        );
        reportMapping(mapping, headerRow, add, opts.skipUnknownColumns ?? false);
        continue;
      }
      if (!labelRowChecked) {
        labelRowChecked = true;
        // A template (or a Kobo "labels" export) has the questions' labels under the names: skip that row.
        if (isLabelRow(mapping, r)) continue;
      }
      if (isBlankRow(r)) continue;
      rowsTotal++;
      const prepared = prepareRow(r);
      if (prepared) rows.push(prepared);
    }
    if (opts.onRows && rows.length) {
      const handed = rows.splice(0);
      const taken = opts.onRows(handed);
      if (taken) await taken;
    }
    batchNo++;
    if (batchNo % 5 === 0) {
      opts.progress?.(0.05 + 0.85 * (1 - 1 / (1 + rowsTotal / 20_000)), `${rowsTotal} rows read`);
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      if (opts.cancel?.cancelled) throw new ImportCancelled();
    }
    step = gen.next();
  }
  const tail = step.value;

  if (!mapping) {
    throw unreadable(
      'no_data',
      '文件里没有任何内容（连表头都没有）。',
      'The file has no content at all (not even a header row).',
    );
  }
  for (const ref of tail.merges) {
    add({
      code: 'merged_cells',
      column: ref,
      reason: {
        zh: `有合并单元格 ${ref}：合并后只有第一个格子有值，其余行会变成空白。请取消合并，并在每一行填上各自的值。`,
        en: `Merged cells ${ref}: only the first cell keeps the value and the other rows become blank. Unmerge them and fill each row.`,
      },
    });
  }
  if (formulaCells) {
    add({
      code: 'formula_cells',
      severity: 'warning',
      reason: {
        zh: `有 ${formulaCells} 个单元格是公式（如 ${firstFormula}），导入的是 Excel 上次算出的结果。`,
        en: `${formulaCells} cells hold formulas (e.g. ${firstFormula}); the values Excel last computed were imported.`,
      },
    });
  }
  if (rowsTotal === 0) {
    add({
      code: 'header_only',
      row: headerRow,
      reason: {
        zh: '文件只有表头，没有任何受访者的数据行。',
        en: 'The file has a header row but no respondent rows.',
      },
    });
  }
  opts.progress?.(0.9, 'checked');
  return {
    fileName: opts.fileName,
    fileChecksum,
    format: table.format,
    sheet: table.sheet,
    encoding: table.encoding,
    formId: form.formId,
    formVersion: form.version,
    mapping: mapping.map((m) => ({
      column: m.column,
      target: describeTarget(m, 'en'),
      how: m.how,
      ok: !['unknown', 'ambiguous', 'duplicate', 'no_header'].includes(m.target.kind),
    })),
    fieldOrder,
    problems,
    errorCount,
    rows,
    rowsTotal,
  };

  function prepareRow(r: TableRow): PreparedRow | undefined {
    rowPlan ??= buildPlan(mapping!);
    const plan = rowPlan;
    const values: (string | null)[] = new Array(stored.length).fill(null);
    const failed: boolean[] = [];
    let ok = true;
    let id: string | null = null;
    let meta: PreparedRow['meta'] | undefined;
    for (const m of mapping!) {
      const cell = r.cells[m.index];
      if (!cell) continue;
      if (cell.formula) {
        formulaCells++;
        if (!firstFormula) firstFormula = `${columnLetter(m.index)}${r.row}`;
      }
      const t = m.target;
      if (t.kind === 'field') {
        const pos = plan.positionOf[m.index]!;
        const res = checkedValue(plan.memo[m.index]!, t.field, cell);
        if (res.ok) values[pos] = res.value;
        else {
          ok = false;
          failed[pos] = true;
          add({ code: res.code, row: r.row, column: m.column, value: cell.text.slice(0, 200), reason: res.reason });
        }
      } else if (t.kind === 'id') {
        if (cell.text.trim())
          id = halfWidth(cell.text)
            .trim()
            .replace(/^uuid:/i, '');
      } else if (t.kind === 'meta') {
        if (cell.text.trim()) {
          meta ??= {};
          meta[t.key] = cell.text.trim();
        }
      } else if (t.kind === 'no_header' && cell.text.trim() && !headless.has(m.index)) {
        headless.add(m.index);
        ok = false;
        add({
          code: 'column_without_header',
          row: r.row,
          column: m.column,
          value: cell.text.slice(0, 200),
          reason: {
            zh: '这一列有数据但没有表头，无法知道是哪道题。请在第一行补上题目名称，或删除这一列',
            en: 'this column has data but no header, so its question is unknown. Add the question name in the header row, or delete the column',
          },
        });
      }
    }
    for (let k = mapping!.length; k < r.cells.length; k++) {
      const cell = r.cells[k];
      if (cell?.text.trim() && !headless.has(k)) {
        headless.add(k);
        ok = false;
        add({
          code: 'column_without_header',
          row: r.row,
          column: columnLetter(k),
          value: cell.text.slice(0, 200),
          reason: {
            zh: '这一列有数据但没有表头，无法知道是哪道题。请在第一行补上题目名称，或删除这一列',
            en: 'this column has data but no header, so its question is unknown. Add the question name in the header row, or delete the column',
          },
        });
      }
    }
    for (const [name, columns] of plan.choiceColumns) {
      const pos = position.get(name)!;
      const picked: string[] = [];
      for (const m of columns) {
        const flag = choiceFlag(r.cells[m.index]);
        if (flag === undefined) {
          ok = false;
          failed[pos] = true;
          add({
            code: 'bad_choice_flag',
            row: r.row,
            column: m.column,
            value: r.cells[m.index]?.text,
            reason: {
              zh: '选项列只能填 1（选了）或 0/空（没选）',
              en: 'a choice column takes 1 (selected) or 0/blank (not selected)',
            },
          });
        } else if (flag) picked.push((m.target as { choice: string }).choice);
      }
      const order = lookupOf(stored[pos]!)?.order;
      values[pos] = picked.length ? picked.sort((a, b) => (order?.get(a) ?? 0) - (order?.get(b) ?? 0)).join(' ') : null;
    }
    if (plan.usesRules) {
      // The form's logic needs the row as an object; only built for forms that have such logic.
      const answers: RowAnswers = {};
      for (let i = 0; i < stored.length; i++) answers[stored[i]!.name] = values[i]!;
      if (plan.calculates) {
        const calc = rules.calculateAll(answers);
        for (const [name, v] of Object.entries(calc)) {
          const pos = position.get(name);
          if (pos !== undefined) values[pos] = v;
          answers[name] = v;
        }
      }
      for (const i of plan.checked) {
        if (failed[i]) continue;
        const f = stored[i]!;
        const v = values[i] ?? null;
        const column = plan.columnOf[i] ?? f.name;
        const relevant = plan.relevance[i] ? rules.isRelevant(f.name, answers) : true;
        if (v !== null && v !== '') {
          if (!relevant) {
            ok = false;
            add({
              code: 'not_relevant',
              row: r.row,
              column,
              value: v,
              reason: {
                zh: `按跳答规则本题不该回答（条件：${f.relevant ?? '所在分组的条件'}），但填了值。请核对原始问卷。`,
                en: `by the skip rule this question should not be answered (condition: ${f.relevant ?? "its group's condition"}), yet it has a value. Check the paper questionnaire.`,
              },
            });
          } else if (plan.validated[i]) {
            const problem = rules.check(f.name, v, answers);
            if (problem) {
              ok = false;
              add({ code: problem.code, row: r.row, column, value: v, reason: problem.message });
            }
          }
        } else if (plan.required[i] && relevant && rules.isRequired(f.name, answers)) {
          ok = false;
          const inFile = plan.columnOf[i] !== undefined;
          add({
            code: 'required',
            row: r.row,
            column,
            reason: f.requiredMessage ?? {
              zh: `必答题“${f.name}”没有填写${inFile ? '' : '（文件中没有这一列）'}`,
              en: `the required question "${f.name}" is not answered${inFile ? '' : ' (the file has no such column)'}`,
            },
          });
        }
      }
    }
    if (id !== null) {
      const first = idRows.get(id);
      if (first !== undefined) {
        ok = false;
        add({
          code: 'duplicate_id',
          row: r.row,
          value: id,
          reason: { zh: `问卷编号与第 ${first} 行重复`, en: `the interview id repeats row ${first}` },
        });
      } else idRows.set(id, r.row);
    }
    if (!ok) return undefined;
    let digest = '';
    let json = handOn ? '{' : '';
    for (const i of sortedPositions) {
      const v = values[i];
      if (v === null || v === '' || v === undefined) continue;
      if (handOn) json += `${json.length > 1 ? ',' : ''}${keyJson[i]}:${JSON.stringify(v)}`;
      digest += `${digest ? '\n' : ''}${stored[i]!.name}=${v}`;
    }
    const contentHash = sha256HexSync(digest);
    // The hex digest is a rope of ~30 small strings (~420 bytes); reading a character flattens it in place (~90
    // bytes). With 100,000 rows held until the commit this alone is ~30 MB.
    contentHash.charCodeAt(0);
    const packed = values.map((v) => v ?? '').join(SEP);
    if (handOn) return { row: r.row, id, packed, meta: meta ?? NO_META, contentHash, answers: `${json}}` };
    return { row: r.row, id, packed, meta: meta ?? NO_META, contentHash };
  }

  function buildPlan(map: ColumnMapping[]): RowPlan {
    const n = stored.length;
    const relevance: boolean[] = new Array(n).fill(false);
    const walk = (nodes: readonly SurveyNode[], inherited: boolean) => {
      for (const node of nodes) {
        const has = inherited || Boolean(node.relevant);
        if (node.kind === 'group') walk(node.children, has);
        else if (position.has(node.name)) relevance[position.get(node.name)!] = has;
      }
    };
    walk(form.survey, false);
    const required = stored.map((f) => Boolean(f.required && f.required.trim() !== '' && f.required !== 'false()'));
    const validated = stored.map((f) => Boolean(f.constraint || f.choiceFilter));
    const columnOf: (string | undefined)[] = [];
    const choiceColumns = new Map<string, ColumnMapping[]>();
    const positionOf: number[] = [];
    const memo: ValueMemo[] = [];
    for (const m of map) {
      if (m.target.kind === 'field') {
        columnOf[position.get(m.target.field.name)!] = m.column;
        positionOf[m.index] = position.get(m.target.field.name)!;
        memo[m.index] = { text: new Map(), number: new Map(), lookup: lookupOf(m.target.field) };
      }
      if (m.target.kind === 'choice') {
        const list = choiceColumns.get(m.target.field.name) ?? [];
        list.push(m);
        choiceColumns.set(m.target.field.name, list);
        columnOf[position.get(m.target.field.name)!] ??= m.column;
      }
    }
    const checked: number[] = [];
    for (let i = 0; i < n; i++) if (relevance[i] || required[i] || validated[i]) checked.push(i);
    const calculates = stored.some((f) => f.type === 'calculate');
    return {
      positionOf,
      memo,
      relevance,
      required,
      validated,
      columnOf,
      choiceColumns,
      checked,
      calculates,
      usesRules: calculates || checked.length > 0,
    };
  }
}

interface RowPlan {
  /** By column index: the stored position of the field the column holds. */
  positionOf: number[];
  /** By column index: what each cell text of that column came to (see checkedValue). */
  memo: ValueMemo[];
  relevance: boolean[];
  required: boolean[];
  validated: boolean[];
  columnOf: (string | undefined)[];
  choiceColumns: Map<string, ColumnMapping[]>;
  /** Positions of fields with relevance, required or a check. */
  checked: number[];
  calculates: boolean;
  usesRules: boolean;
}

interface ValueMemo {
  text: Map<string, ValueResult>;
  number: Map<string, ValueResult>;
  lookup: ChoiceLookup | undefined;
}

/** Distinct texts remembered per column: enough for choice and date columns, bounded for free-text ones. */
const MEMO_LIMIT = 4096;

/**
 * fieldValue of a cell, remembered per column and cell text: a 100,000-row file has a few hundred distinct values
 * per column (choices, ages, dates), so each is parsed and checked once. The result depends only on the field,
 * the text and its kind; formula cells (which may lack a value) are never remembered.
 */
function checkedValue(memo: ValueMemo, field: Field, cell: TableCell): ValueResult {
  const byKind = cell.formula
    ? undefined
    : cell.kind === 'text'
      ? memo.text
      : cell.kind === 'number'
        ? memo.number
        : undefined;
  if (!byKind) return fieldValue(field, cell, memo.lookup);
  let res = byKind.get(cell.text);
  if (res === undefined) {
    res = fieldValue(field, cell, memo.lookup);
    if (byKind.size < MEMO_LIMIT) byKind.set(cell.text, res);
  }
  return res;
}

function reportMapping(
  mapping: ColumnMapping[],
  headerRow: number,
  add: (p: Omit<FileProblem, 'severity' | 'sheet'> & { severity?: FileProblem['severity'] }) => void,
  skipUnknown: boolean,
): void {
  let mapped = 0;
  for (const m of mapping) {
    const t = m.target;
    if (t.kind === 'field' || t.kind === 'choice') mapped++;
    if (t.kind === 'unknown') {
      add({
        code: 'unknown_column',
        row: headerRow,
        column: m.column,
        severity: skipUnknown ? 'warning' : 'error',
        reason: skipUnknown
          ? {
              zh: '这一列对应不到问卷的任何题目，已跳过',
              en: 'this column matches no question of the form and was skipped',
            }
          : {
              zh: '这一列对应不到问卷的任何题目。请把表头改成题目的名称（name）或题目文字；若这一列不需要，请删除它或选择“跳过无法对应的列”。',
              en: 'this column matches no question of the form. Rename its header to the question\'s name or label; if it is not needed, delete it or choose "skip columns that match nothing".',
            },
      });
    } else if (t.kind === 'ambiguous') {
      add({
        code: 'ambiguous_column',
        row: headerRow,
        column: m.column,
        reason: {
          zh: `表头可对应多道题（${t.candidates.join('、')}），请改用题目名称（name）作表头`,
          en: `the header matches several questions (${t.candidates.join(', ')}); use the question's name as header`,
        },
      });
    } else if (t.kind === 'duplicate') {
      add({
        code: 'duplicate_column',
        row: headerRow,
        column: m.column,
        reason: {
          zh: `与 ${t.firstColumn} 是同一道题，一道题只能有一列。请删除重复的列`,
          en: `the same question as ${t.firstColumn}; a question may have one column only. Delete the repeated column`,
        },
      });
    }
  }
  if (mapped === 0) {
    throw new FileUnreadableError('wrong_form', {
      zh: '表头没有一列能对应到这份问卷的题目：这个文件可能属于另一份问卷，或者第一行不是表头。',
      en: 'No column of the header matches a question of this form: the file probably belongs to another questionnaire, or its first row is not the header.',
    });
  }
}

function isLabelRow(mapping: ColumnMapping[], r: TableRow): boolean {
  let checked = 0;
  let same = 0;
  for (const m of mapping) {
    if (m.target.kind !== 'field') continue;
    const text = r.cells[m.index]?.text?.trim();
    if (!text) continue;
    checked++;
    if (Object.values(m.target.field.label).some((l) => l.trim() === text)) same++;
  }
  return checked > 0 && same / checked >= 0.8;
}
