/**
 * The back-check call list (回访名单) as Excel: one row per drawn interview with only what the back-checker needs to
 * find the household (district, village/community, household, date of the visit — never the interview's answers),
 * then one empty column per question to ask again, with the choices as a dropdown, the outcome and the checker.
 * The same file, filled in, is read back by readBackcheckWorkbook.
 */
import ExcelJS from 'exceljs';
import type { Form } from '../../form/model.ts';
import type { BackcheckQuestion } from '../../quality/backcheck.ts';
import type { BackcheckRow } from '../../store/backchecks.ts';
import { type FileProblem, unreadable } from '../problem.ts';
import { openTable } from '../table.ts';

const DONE = '完成';
const UNREACHABLE = '联系不上';
const FIXED = ['回访编号', '问卷编号', '调查员', '区（县）', '村/社区', '住户', '访问日期'] as const;

const questionHeader = (label: string, name: string) => `${label}（${name}）`;

function labelOf(form: Form, name: string): string {
  for (const f of formFields(form)) if (f.name === name) return f.label.zh ?? Object.values(f.label)[0] ?? name;
  return name;
}

function formFields(form: Form) {
  const out: { name: string; label: Record<string, string>; listName?: string }[] = [];
  const walk = (nodes: Form['survey']) => {
    for (const n of nodes) {
      if (n.kind === 'group') walk(n.children);
      else out.push(n);
    }
  };
  walk(form.survey);
  return out;
}

export async function backcheckCallList(
  rows: readonly BackcheckRow[],
  form: Form,
  questions: readonly BackcheckQuestion[],
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'scilit';
  const ws = wb.addWorksheet('回访名单', { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
  const heads = [
    ...FIXED,
    ...questions.map((q) => questionHeader(labelOf(form, q.name), q.name)),
    '回访结果',
    '回访员',
  ];
  ws.addRow(heads);
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).alignment = { wrapText: true, vertical: 'middle' };
  ws.getRow(1).height = 48;
  heads.forEach((h, i) => {
    ws.getColumn(i + 1).width = i < 2 ? 38 : Math.min(30, Math.max(10, h.length * 1.6));
  });
  for (const r of rows) {
    ws.addRow([
      r.backcheckId,
      r.interviewId,
      r.surveyor ?? '',
      r.regionCode ?? '',
      r.psu ?? '',
      r.household ?? '',
      r.interviewedAt.slice(0, 10),
      ...questions.map((q) => r.answers?.[q.name] ?? ''),
      r.status === 'done' ? DONE : r.status === 'unreachable' ? UNREACHABLE : '',
      r.checker ?? '',
    ]);
  }
  // Dropdowns: the choices (labels) of each choice question, and the outcome.
  const fields = new Map(formFields(form).map((f) => [f.name, f]));
  const last = Math.max(2, rows.length + 1);
  questions.forEach((q, k) => {
    const list = fields.get(q.name)?.listName;
    const choices = list ? (form.choices[list] ?? []).map((c) => c.label.zh ?? c.name) : [];
    if (choices.length === 0 || choices.join(',').length > 250) return;
    const col = ws.getColumn(FIXED.length + k + 1).letter;
    for (let row = 2; row <= last; row++) {
      ws.getCell(`${col}${row}`).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`"${choices.map((c) => c.replaceAll('"', "'").replaceAll(',', '，')).join(',')}"`],
      };
    }
  });
  const outcome = ws.getColumn(FIXED.length + questions.length + 1).letter;
  for (let row = 2; row <= last; row++) {
    ws.getCell(`${outcome}${row}`).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`"${DONE},${UNREACHABLE}"`],
    };
  }
  const help = wb.addWorksheet('填写说明');
  for (const line of [
    '回访名单：按“村/社区”和“住户”找到受访户，请原受访者重新回答表中的几道题。',
    '只填写受访者本次的回答，不要参考原问卷；答不上来的题留空。',
    `“回访结果”选“${DONE}”或“${UNREACHABLE}”；“回访员”填写自己的姓名。`,
    '不要改动“回访编号”“问卷编号”两列；填好后在 scilit 的“质量控制 → 回访复核”中导入本文件。',
    '本名单含住址信息，属于个人信息：仅供回访使用，用后删除，不要外传。',
  ]) {
    help.addRow([line]);
  }
  help.getColumn(1).width = 100;
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export interface BackcheckEntry {
  backcheckId: string;
  status: 'done' | 'unreachable';
  answers: Record<string, string>;
  checker: string | null;
  /** Where in the file, for messages. */
  row: number;
}

/**
 * The filled call list: a row with an outcome, or with any answer, is a back-check done (or unreachable); a row
 * left empty is skipped. Choice answers may be written as the label (the dropdown) or as the choice name.
 */
export function readBackcheckWorkbook(
  bytes: Uint8Array,
  fileName: string,
  form: Form,
  questions: readonly BackcheckQuestion[],
): { entries: BackcheckEntry[]; problems: FileProblem[] } {
  const table = openTable(bytes, fileName, { scoreSheet: (rows) => (rows[0]?.cells[0]?.text === FIXED[0] ? 1 : 0) });
  const fields = new Map(formFields(form).map((f) => [f.name, f]));
  const entries: BackcheckEntry[] = [];
  const problems: FileProblem[] = [...table.problems];
  let columns: { id: number; outcome: number; checker: number; questions: Map<number, string> } | undefined;
  for (const batch of table.batches()) {
    for (const r of batch) {
      const text = (k: number) => r.cells[k]?.text.trim() ?? '';
      if (!columns) {
        const heads = r.cells.map((c) => c?.text.trim() ?? '');
        if (heads[0] !== FIXED[0]) {
          throw unreadable(
            'not_a_call_list',
            `${fileName} 不是 scilit 导出的回访名单：第 ${r.row} 行第一列应为“${FIXED[0]}”。`,
            `${fileName} is not a back-check call list exported by scilit: the first column of row ${r.row} should be "${FIXED[0]}".`,
          );
        }
        const qs = new Map<number, string>();
        heads.forEach((h, k) => {
          const m = /（([^（）]+)）$/.exec(h);
          if (m && questions.some((q) => q.name === m[1])) qs.set(k, m[1]!);
        });
        columns = { id: 0, outcome: heads.indexOf('回访结果'), checker: heads.indexOf('回访员'), questions: qs };
        continue;
      }
      const id = text(columns.id);
      if (!id) continue;
      const answers: Record<string, string> = {};
      for (const [k, name] of columns.questions) {
        const v = text(k);
        if (!v) continue;
        const list = fields.get(name)?.listName;
        const choice = list
          ? form.choices[list]?.find((c) => c.name === v || Object.values(c.label).includes(v))
          : undefined;
        answers[name] = choice ? choice.name : v;
      }
      const outcome = columns.outcome >= 0 ? text(columns.outcome) : '';
      if (outcome === UNREACHABLE) {
        entries.push({
          backcheckId: id,
          status: 'unreachable',
          answers: {},
          checker: text(columns.checker) || null,
          row: r.row,
        });
      } else if (outcome === DONE || Object.keys(answers).length > 0) {
        entries.push({ backcheckId: id, status: 'done', answers, checker: text(columns.checker) || null, row: r.row });
      } else if (outcome) {
        problems.push({
          severity: 'error',
          code: 'bad_outcome',
          sheet: table.sheet,
          row: r.row,
          column: '回访结果',
          value: outcome,
          reason: {
            zh: `“回访结果”应为“${DONE}”或“${UNREACHABLE}”`,
            en: `the outcome must be "${DONE}" or "${UNREACHABLE}"`,
          },
        });
      }
    }
  }
  return { entries, problems };
}
