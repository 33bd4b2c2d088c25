import type { Labels, Language } from '../model.ts';
import type { Column, SheetRow } from './sheet.ts';

/** Columns that carry text per language (`label::中文 (zh)`). */
export const TRANSLATABLE = ['label', 'hint', 'required_message', 'constraint_message'] as const;
export type Translatable = (typeof TRANSLATABLE)[number];

export const SCORING_COLUMNS = ['dimension', 'points', 'key', 'veto', 'tolerance'] as const;

export type HeaderKind =
  | { kind: 'text'; base: Translatable; lang: Language | null }
  | { kind: 'scoring'; name: string }
  | { kind: 'plain'; name: string }
  | { kind: 'ignored' };

const ALIASES: Record<string, string> = {
  'jr:constraint_msg': 'constraint_message',
  'jr:constraintmsg': 'constraint_message',
  'jr:requiredmsg': 'required_message',
  'jr:required_msg': 'required_message',
  calculate: 'calculation',
  'read only': 'read_only',
  readonly: 'read_only',
};

/** `中文 (zh)` → {name: 中文, code: zh}; `English` → {name: English, code: English}. */
export function parseLanguage(text: string): Language {
  const m = /^(.*?)\s*\(([^()]+)\)\s*$/.exec(text.trim());
  if (m && m[2]!.trim() !== '') return { name: m[1]!.trim() || m[2]!.trim(), code: m[2]!.trim() };
  return { name: text.trim(), code: text.trim() };
}

export function languageHeader(lang: Language): string {
  return lang.name === lang.code ? lang.name : `${lang.name} (${lang.code})`;
}

export function classifyHeader(header: string): HeaderKind {
  const sep = header.indexOf('::');
  const rawBase = (sep < 0 ? header : header.slice(0, sep)).trim().toLowerCase();
  const base = ALIASES[rawBase] ?? rawBase;
  const rest = sep < 0 ? '' : header.slice(sep + 2).trim();
  if ((TRANSLATABLE as readonly string[]).includes(base)) {
    return { kind: 'text', base: base as Translatable, lang: sep < 0 || rest === '' ? null : parseLanguage(rest) };
  }
  if (base === 'scoring' && sep >= 0) return { kind: 'scoring', name: rest.toLowerCase() };
  // media::image::English, bind::..., body::... are other tools' business.
  if (sep >= 0) return { kind: 'ignored' };
  return { kind: 'plain', name: base };
}

/** A sheet's columns, classified once; lets rows be read by meaning. */
export class ColumnMap {
  readonly text = new Map<Translatable, { column: Column; lang: Language | null }[]>();
  readonly plain = new Map<string, Column>();
  readonly scoring = new Map<string, Column>();
  readonly languages: Language[] = [];

  constructor(readonly columns: Column[]) {
    for (const c of columns) {
      const k = classifyHeader(c.header);
      if (k.kind === 'text') {
        const list = this.text.get(k.base) ?? [];
        list.push({ column: c, lang: k.lang });
        this.text.set(k.base, list);
        if (k.lang && !this.languages.some((l) => l.code === k.lang!.code)) this.languages.push(k.lang);
      } else if (k.kind === 'plain' && !this.plain.has(k.name)) this.plain.set(k.name, c);
      else if (k.kind === 'scoring') this.scoring.set(k.name, c);
    }
  }

  get(row: SheetRow, name: string): string {
    const c = this.plain.get(name);
    return c ? (row.cells.get(c.index) ?? '') : '';
  }

  labels(row: SheetRow, base: Translatable): Labels | undefined {
    const out: Record<string, string> = {};
    for (const { column, lang } of this.text.get(base) ?? []) {
      const v = row.cells.get(column.index);
      if (v !== undefined && v !== '') out[lang ? lang.code : ''] = v;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
}
