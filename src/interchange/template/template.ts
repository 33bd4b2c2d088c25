/**
 * A data-entry workbook for a form: a clerk types one paper questionnaire per row. Row 1 holds the field names
 * (what the import matches), row 2 the questions' labels (the import skips it), dropdowns list the choices'
 * labels, numbers and dates are checked as they are typed, and a sheet 填写说明 explains it all in Chinese.
 * A filled template imports without any mapping step.
 */
import ExcelJS from 'exceljs';
import { allFields, type Field, type Form, labelOf } from '../../form/model.ts';
import { columnLetter } from '../problem.ts';

export interface TemplateOptions {
  /** Rows prepared with validation (default 2,000). */
  rows?: number;
  lang?: string;
}

export const TEMPLATE_DATA_SHEET = '数据录入';
const LIST_SHEET = '选项';
const NOT_TYPED = new Set(['note', 'calculate', 'start', 'end', 'today', 'deviceid', 'username']);

interface TemplateColumn {
  header: string;
  label: string;
  field: Field;
  choice?: string;
}

/** `. >= 18 and . <= 69` → [18, 69]; other constraints are checked at import, not in the sheet. */
export function simpleRange(constraint: string | undefined): [number | undefined, number | undefined] {
  if (!constraint) return [undefined, undefined];
  let lo: number | undefined;
  let hi: number | undefined;
  for (const part of constraint.split(/\s+and\s+/)) {
    const m = /^\s*\.\s*(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(part);
    if (!m) return [undefined, undefined];
    const v = Number(m[2]);
    if (m[1] === '>=' || m[1] === '>') lo = v;
    else hi = v;
  }
  return [lo, hi];
}

function columnsOf(form: Form, lang: string): TemplateColumn[] {
  const out: TemplateColumn[] = [];
  for (const f of allFields(form)) {
    if (NOT_TYPED.has(f.type)) continue;
    const label = labelOf(f.label, lang, f.name);
    if (f.type === 'select_multiple' && f.listName) {
      for (const c of form.choices[f.listName] ?? []) {
        out.push({
          header: `${f.name}/${c.name}`,
          label: `${label}：${labelOf(c.label, lang, c.name)}`,
          field: f,
          choice: c.name,
        });
      }
    } else out.push({ header: f.name, label, field: f });
  }
  return out;
}

/** How many columns the template of `form` has (one per field, one per choice of a select_multiple). */
export function templateColumnCount(form: Form): number {
  return columnsOf(form, 'zh').length;
}

const TYPE_ZH: Record<string, string> = {
  integer: '整数',
  decimal: '数字',
  date: '日期（年-月-日）',
  text: '文字',
  select_one: '单选（下拉选择）',
  select_multiple: '多选（每个选项一列，选了填 1）',
};

export async function formTemplateXlsx(form: Form, opts: TemplateOptions = {}): Promise<Uint8Array> {
  const rows = opts.rows ?? 2000;
  const lang = opts.lang ?? 'zh';
  const cols = columnsOf(form, lang);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'scilit';
  const ws = wb.addWorksheet(TEMPLATE_DATA_SHEET, { views: [{ state: 'frozen', ySplit: 2, xSplit: 0 }] });
  const help = wb.addWorksheet('填写说明');
  const lists = wb.addWorksheet(LIST_SHEET, { state: 'hidden' });

  ws.getRow(1).values = cols.map((c) => c.header);
  ws.getRow(2).values = cols.map((c) => c.label);
  ws.getRow(1).font = { bold: true, color: { argb: 'FF1F4E79' } };
  ws.getRow(2).font = { italic: true, color: { argb: 'FF595959' } };
  ws.getRow(2).alignment = { wrapText: true, vertical: 'top' };
  ws.getRow(2).height = 45;
  const last = rows + 2;
  let listCol = 0;
  cols.forEach((c, i) => {
    const letter = columnLetter(i);
    const column = ws.getColumn(i + 1);
    column.width = Math.min(40, Math.max(10, c.header.length + 2, c.label.length * 2 + 2));
    const head = ws.getCell(`${letter}1`);
    const required = Boolean(c.field.required && c.field.required !== 'false()' && !c.choice);
    head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: required ? 'FFFCE4D6' : 'FFDDEBF7' } };
    if (required) head.note = '必填';
    const range = `${letter}3:${letter}${last}`;
    const dv = (ws as unknown as { dataValidations: { add(a: string, v: unknown): void } }).dataValidations;
    const f = c.field;
    if (c.choice) {
      dv.add(range, {
        type: 'list',
        allowBlank: true,
        formulae: ['"1,0"'],
        showErrorMessage: true,
        errorTitle: '只能填 1 或 0',
        error: '选了这个选项填 1，没选填 0 或留空。',
      });
    } else if (f.type === 'select_one' && f.listName) {
      const choices = form.choices[f.listName] ?? [];
      listCol++;
      const lc = columnLetter(listCol - 1);
      lists.getCell(`${lc}1`).value = `${f.name} 的选项`;
      choices.forEach((ch, k) => {
        lists.getCell(`${lc}${k + 2}`).value = labelOf(ch.label, lang, ch.name);
      });
      dv.add(range, {
        type: 'list',
        allowBlank: true,
        formulae: [`${LIST_SHEET}!$${lc}$2:$${lc}$${choices.length + 1}`],
        showErrorMessage: true,
        errorTitle: '不是可选的答案',
        error: '请从下拉列表中选择。',
      });
    } else if (f.type === 'integer' || f.type === 'decimal') {
      const [lo, hi] = simpleRange(f.constraint);
      const msg =
        lo !== undefined && hi !== undefined
          ? `请填 ${lo} 到 ${hi} 之间的${f.type === 'integer' ? '整数' : '数字'}`
          : `请填${f.type === 'integer' ? '整数' : '数字'}`;
      dv.add(range, {
        type: f.type === 'integer' ? 'whole' : 'decimal',
        allowBlank: true,
        operator: 'between',
        formulae: [lo ?? -1e9, hi ?? 1e9],
        showErrorMessage: true,
        errorTitle: '数字不对',
        error: msg,
        showInputMessage: Boolean(lo !== undefined),
        prompt: msg,
      });
      column.numFmt = f.type === 'integer' ? '0' : 'General';
    } else if (f.type === 'date') {
      dv.add(range, {
        type: 'date',
        allowBlank: true,
        operator: 'between',
        formulae: [new Date(Date.UTC(1900, 0, 1)), new Date(Date.UTC(2100, 11, 31))],
        showErrorMessage: true,
        errorTitle: '日期不对',
        error: '请填日期，例如 2024-03-05。',
      });
      column.numFmt = 'yyyy-mm-dd';
    } else if (f.type === 'text') {
      column.numFmt = '@';
    }
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, cols.length) } };

  help.getColumn(1).width = 26;
  help.getColumn(2).width = 40;
  help.getColumn(3).width = 22;
  help.getColumn(4).width = 10;
  help.getColumn(5).width = 60;
  const title = labelOf(form.title, lang, form.formId);
  const lines = [
    [`《${title}》数据录入表（问卷 ${form.formId}，版本 ${form.version}）`],
    [],
    ['怎样填写'],
    [`1. 在“${TEMPLATE_DATA_SHEET}”表中，每一行录入一份纸质问卷，从第 3 行开始填。`],
    ['2. 第 1 行是题目代码，第 2 行是题目文字：这两行请不要修改、删除或调换顺序。'],
    ['3. 单选题点单元格右侧的下拉箭头选择答案；多选题每个选项一列，选了填 1，没选填 0 或留空。'],
    ['4. 数字只填阿拉伯数字（如 35，不要写“35岁”）；日期写成 2024-03-05。'],
    ['5. 橙色表头的是必答题。按跳答规则不该回答的题请留空。'],
    ['6. 不要合并单元格，不要插入公式，不要改动工作表名称。'],
    ['7. 填好后保存为 .xlsx，在 scilit 中选择“导入问卷数据”。同一个文件重复导入不会产生重复数据。'],
    [],
    ['题目代码', '题目', '类型', '必答', '可选答案 / 取值范围'],
  ];
  for (const l of lines) help.addRow(l);
  help.getRow(1).font = { bold: true, size: 14 };
  help.getRow(3).font = { bold: true };
  help.getRow(lines.length).font = { bold: true };
  for (const f of allFields(form)) {
    if (NOT_TYPED.has(f.type)) continue;
    const choices = f.listName
      ? (form.choices[f.listName] ?? []).map((c) => labelOf(c.label, lang, c.name)).join('、')
      : '';
    const [lo, hi] = simpleRange(f.constraint);
    const range = lo !== undefined || hi !== undefined ? `${lo ?? ''} – ${hi ?? ''}` : '';
    const rule = [choices, range, f.relevant ? `（仅当 ${f.relevant} 时回答）` : ''].filter(Boolean).join(' ');
    help.addRow([
      f.name,
      labelOf(f.label, lang, f.name),
      TYPE_ZH[f.type] ?? f.type,
      f.required && f.required !== 'false()' ? '是' : '',
      rule,
    ]);
  }
  help.getColumn(5).alignment = { wrapText: true };
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
