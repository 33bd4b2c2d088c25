/**
 * Turns what a clerk typed into the canonical answer text the store keeps: numbers as plain decimals, dates as
 * ISO `YYYY-MM-DD`, select answers as choice names (select_multiple space-separated, in choice-list order).
 * Full-width digits, 是/否, 男/女, labels in any language and Excel date serials are understood; anything else
 * is a problem that says why, never a guess.
 */
import type { Choice, Field, Form, Labels } from '../../form/model.ts';
import type { TableCell } from '../table.ts';

export type ValueResult = { ok: true; value: string | null } | { ok: false; code: string; reason: Labels };

/** Excel's own limit for a cell; a longer value is almost always a paste by mistake. */
export const MAX_CELL_CHARS = 32_767;

/** Full-width ASCII (！ to ～) and the ideographic space become their half-width forms. */
export function halfWidth(s: string): string {
  // Most cells have nothing to change: scan first, build a new string only when needed (millions of cells).
  let i0 = 0;
  for (; i0 < s.length; i0++) {
    const c = s.charCodeAt(i0);
    if ((c >= 0xff01 && c <= 0xff5e) || c === 0x3000) break;
  }
  if (i0 === s.length) return s;
  let out = '';
  let changed = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) {
      out += String.fromCharCode(c - 0xfee0);
      changed = true;
    } else if (c === 0x3000) {
      out += ' ';
      changed = true;
    } else out += s[i];
  }
  return changed ? out : s;
}

const fail = (code: string, zh: string, en: string): ValueResult => ({ ok: false, code, reason: { zh, en } });

/** A number with up to 15 significant digits, written without exponent or trailing zeros. */
export function formatNumber(n: number): string {
  const r = Number.parseFloat(n.toPrecision(15));
  if (Object.is(r, -0)) return '0';
  if (Math.abs(r) >= 1e21 || (Math.abs(r) < 1e-6 && r !== 0)) return String(r);
  return String(r);
}

function parseNumberText(raw: string): number | undefined {
  let s = halfWidth(raw)
    .trim()
    .replace(/[\u2212\u2013]/g, '-')
    .replace(/。/g, '.');
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

export function cellNumber(cell: TableCell): number | undefined {
  if (cell.kind === 'number') {
    const n = Number(cell.text);
    return Number.isFinite(n) ? n : undefined;
  }
  if (cell.kind === 'bool') return cell.text === '1' ? 1 : 0;
  return parseNumberText(cell.text);
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function isoDate(y: number, m: number, d: number): string | undefined {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return undefined;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return undefined;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** Excel's 1900 date system: serial 1 = 1900-01-01, with Excel's phantom 1900-02-29 (serial 60). */
export function excelSerialToIso(serial: number): string | undefined {
  if (!(serial >= 1 && serial < 2_958_466)) return undefined;
  const days = Math.floor(serial);
  const ms = Date.UTC(1899, 11, 30) + (days < 60 ? days + 1 : days) * 86_400_000;
  const d = new Date(ms);
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

const DATE_HELP_ZH = '请写成 2024-03-05 这样的“年-月-日”格式';
const DATE_HELP_EN = 'write it as year-month-day, e.g. 2024-03-05';

export function parseDate(cell: TableCell): ValueResult {
  if (cell.kind === 'number') {
    const iso = excelSerialToIso(Number(cell.text));
    return iso
      ? { ok: true, value: iso }
      : fail('bad_date', `不是有效日期，${DATE_HELP_ZH}`, `not a valid date; ${DATE_HELP_EN}`);
  }
  const s = halfWidth(cell.text).trim();
  let m =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      s,
    );
  if (m) {
    const iso = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (iso) return { ok: true, value: iso };
    return fail(
      'bad_date',
      `日期不存在（如 2 月 30 日），${DATE_HELP_ZH}`,
      `no such date (e.g. 30 February); ${DATE_HELP_EN}`,
    );
  }
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) {
    const iso = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (iso) return { ok: true, value: iso };
  }
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = Number(m[3]);
    if (a > 12 && b <= 12) {
      const iso = isoDate(y, b, a);
      if (iso) return { ok: true, value: iso };
    } else if (b > 12 && a <= 12) {
      const iso = isoDate(y, a, b);
      if (iso) return { ok: true, value: iso };
    } else if (a <= 12 && b <= 12) {
      return fail(
        'ambiguous_date',
        `无法判断哪个是月、哪个是日，${DATE_HELP_ZH}`,
        `cannot tell the month from the day; ${DATE_HELP_EN}`,
      );
    }
  }
  if (/^\d{5}(\.\d+)?$/.test(s)) {
    const iso = excelSerialToIso(Number(s));
    if (iso) return { ok: true, value: iso };
  }
  return fail('bad_date', `不是能识别的日期，${DATE_HELP_ZH}`, `not a date that can be read; ${DATE_HELP_EN}`);
}

/** Words offices type for common choices, used only when the form's list has a choice of that name. */
const SYNONYMS: Record<string, string[]> = {
  yes: ['是', '有', '对', 'y', 'true', '√', '✓'],
  no: ['否', '无', '没有', '不是', 'n', 'false', '×'],
  male: ['男', '男性', 'm'],
  female: ['女', '女性', 'f'],
  urban: ['城镇', '城市', '城'],
  rural: ['农村', '乡村', '乡'],
  dont_know: ['不知道', '不清楚'],
};

const norm = (s: string) => halfWidth(s).trim().replace(/\s+/g, ' ').toLowerCase();

/** Lookup of a choice list by name, label (any language) and the synonyms above. */
export class ChoiceLookup {
  private readonly byKey = new Map<string, string>();
  readonly order = new Map<string, number>();
  constructor(readonly choices: readonly Choice[]) {
    for (const [i, c] of choices.entries()) this.order.set(c.name, i);
    // Later entries never override earlier ones: names first, then labels, then synonyms.
    const add = (k: string, name: string) => {
      const key = norm(k);
      if (key && !this.byKey.has(key)) this.byKey.set(key, name);
    };
    for (const c of choices) add(c.name, c.name);
    for (const c of choices) for (const l of Object.values(c.label)) add(l, c.name);
    for (const c of choices) for (const s of SYNONYMS[c.name] ?? []) add(s, c.name);
  }
  find(text: string): string | undefined {
    // Keys are normalized and norm() is idempotent, so a direct hit is the same answer without normalizing.
    return this.byKey.get(text) ?? this.byKey.get(norm(text));
  }
  examples(lang: string): string {
    return this.choices
      .slice(0, 8)
      .map((c) => `${c.name}${c.label[lang] ? `=${c.label[lang]}` : ''}`)
      .join(lang === 'zh' ? '、' : ', ');
  }
}

/** Text of a cell for text-like use: numbers without Excel's float noise. */
export function cellText(cell: TableCell): string {
  if (cell.kind === 'number') {
    const n = Number(cell.text);
    return Number.isFinite(n) ? formatNumber(n) : cell.text;
  }
  if (cell.kind === 'bool') return cell.text === '1' ? 'TRUE' : 'FALSE';
  return cell.text;
}

export function selectMultiple(lookup: ChoiceLookup, text: string): ValueResult {
  const whole = lookup.find(text);
  if (whole) return { ok: true, value: whole };
  const parts = halfWidth(text)
    .split(/[\s,;，、；]+/)
    .filter(Boolean);
  const names = new Set<string>();
  for (const p of parts) {
    const n = lookup.find(p);
    if (!n) {
      return fail(
        'unknown_choice',
        `“${p}”不是本题的选项（可选：${lookup.examples('zh')}）`,
        `"${p}" is not a choice of this question (choices: ${lookup.examples('en')})`,
      );
    }
    names.add(n);
  }
  const sorted = [...names].sort((a, b) => lookup.order.get(a)! - lookup.order.get(b)!);
  return { ok: true, value: sorted.length ? sorted.join(' ') : null };
}

/** A 0/1 cell of a per-choice column (`q/choice`): selected or not. */
export function choiceFlag(cell: TableCell | undefined): boolean | undefined {
  if (!cell) return false;
  const t = norm(cellText(cell));
  if (t === '' || t === '0' || t === 'false' || t === '否' || t === 'n' || t === 'no') return false;
  if (t === '1' || t === 'true' || t === '是' || t === 'y' || t === 'yes' || t === 'x' || t === '√' || t === '✓')
    return true;
  return undefined;
}

/** The canonical answer of one cell for one field. */
export function fieldValue(field: Field, cell: TableCell | undefined, lookup: ChoiceLookup | undefined): ValueResult {
  if (!cell) return { ok: true, value: null };
  if (cell.kind === 'error') {
    return fail(
      'excel_error',
      `单元格是 Excel 错误值 ${cell.text}（公式出错），请修正后再导入`,
      `the cell holds the Excel error ${cell.text} (a broken formula); fix it and import again`,
    );
  }
  if (cell.formula && cell.text === '') {
    return fail(
      'formula_without_value',
      '单元格是公式但没有计算结果，请在 Excel 中打开并保存一次（或把公式粘贴为数值）',
      'the cell is a formula with no computed value; open and save the file in Excel (or paste the formula as values)',
    );
  }
  if (cell.text.length > MAX_CELL_CHARS) {
    return fail(
      'cell_too_long',
      `单元格内容过长（${cell.text.length} 个字符，超过 Excel 上限 32767），可能是误粘贴`,
      `the cell is too long (${cell.text.length} characters, above Excel's limit of 32,767); probably pasted by mistake`,
    );
  }
  const text = cellText(cell);
  if (halfWidth(text).trim() === '') return { ok: true, value: null };
  switch (field.type) {
    case 'integer': {
      const n = cellNumber(cell);
      if (n === undefined) return fail('not_a_number', '不是数字，请只填阿拉伯数字', 'not a number; type digits only');
      if (!Number.isInteger(n)) return fail('not_an_integer', '应为整数，不能有小数', 'must be a whole number');
      return { ok: true, value: String(n) };
    }
    case 'decimal': {
      const n = cellNumber(cell);
      if (n === undefined) return fail('not_a_number', '不是数字，请只填阿拉伯数字', 'not a number; type digits only');
      return { ok: true, value: formatNumber(n) };
    }
    case 'date':
    case 'today':
      return parseDate(cell);
    case 'select_one': {
      const name = lookup?.find(text);
      if (name) return { ok: true, value: name };
      return fail(
        'unknown_choice',
        `不是本题的选项（可选：${lookup?.examples('zh') ?? ''}）`,
        `not a choice of this question (choices: ${lookup?.examples('en') ?? ''})`,
      );
    }
    case 'select_multiple':
      return lookup ? selectMultiple(lookup, text) : { ok: true, value: text.trim() };
    default:
      return { ok: true, value: text.trim() };
  }
}

export function choiceLookups(form: Form): Map<string, ChoiceLookup> {
  const out = new Map<string, ChoiceLookup>();
  for (const [list, choices] of Object.entries(form.choices)) out.set(list, new ChoiceLookup(choices));
  return out;
}
