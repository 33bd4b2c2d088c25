import type { Labels, Language } from '../model.ts';
import type { Column, SheetRow } from './sheet.ts';

/**
 * Column headers as pyxform reads them (its `aliases.py` and `parsing/sheet_headers.py`): the first part is
 * snake-cased and de-aliased (`relevance` → `relevant`, `bind::required` → `required`); a header row with no
 * `::` anywhere splits on a single `:` instead (`label:English`), keeping `jr:` names whole. A column scilit does not
 * use is classified as such, so the sheet readers can name it in a warning rather than drop it silently.
 */

/** Columns that carry text per language (`label::中文 (zh)`). */
export const TRANSLATABLE = ['label', 'hint', 'required_message', 'constraint_message'] as const;
export type Translatable = (typeof TRANSLATABLE)[number];

export const SCORING_COLUMNS = ['dimension', 'points', 'key', 'veto', 'tolerance'] as const;

export type HeaderKind =
  | { kind: 'text'; base: Translatable; lang: Language | null }
  | { kind: 'scoring'; name: string }
  | { kind: 'plain'; name: string }
  /** A column ODK/pyxform knows (or any other column) that scilit does not use: `why` is said in the warning. */
  | { kind: 'unused'; why: string; media?: { type: string; lang: Language | null } };

// pyxform aliases.survey_header / list_header / settings_header, first token after snake-casing.
const ALIASES: Record<string, string> = {
  relevance: 'relevant',
  readonly: 'read_only',
  'read only': 'read_only',
  caption: 'label',
  calculate: 'calculation',
  constraining_message: 'constraint_message',
  'jr:constraintmsg': 'constraint_message',
  'jr:constraint_msg': 'constraint_message',
  'jr:requiredmsg': 'required_message',
  'jr:required_msg': 'required_message',
  requiredmsg: 'required_message',
  command: 'type',
  tag: 'name',
  value: 'name',
  count: 'repeat_count',
  'jr:count': 'repeat_count',
  set_form_title: 'form_title',
  title: 'form_title',
  set_form_id: 'form_id',
  id_string: 'form_id',
};

// `bind::X` and `body::X` (or `control::X`): the XForm attribute X, for those scilit honours.
const BIND: Record<string, string> = {
  relevant: 'relevant',
  required: 'required',
  constraint: 'constraint',
  calculate: 'calculation',
  readonly: 'read_only',
  'jr:constraintmsg': 'constraint_message',
  'jr:requiredmsg': 'required_message',
};
const BODY: Record<string, string> = { appearance: 'appearance', 'jr:count': 'repeat_count' };

const MEDIA = new Set(['image', 'big-image', 'audio', 'video', 'media']);

/** `中文 (zh)` → {name: 中文, code: zh}; `English` → {name: English, code: English}. */
export function parseLanguage(text: string): Language {
  const m = /^(.*?)\s*\(([^()]+)\)\s*$/.exec(text.trim());
  if (m && m[2]!.trim() !== '') return { name: m[1]!.trim() || m[2]!.trim(), code: m[2]!.trim() };
  return { name: text.trim(), code: text.trim() };
}

export function languageHeader(lang: Language): string {
  return lang.name === lang.code ? lang.name : `${lang.name} (${lang.code})`;
}

const snake = (s: string) => s.trim().split(/\s+/).join('_').toLowerCase();

/** Splits a header into its parts: on `::`, or on `:` when the sheet's header row never uses `::`. */
export function headerTokens(header: string, doubleColon: boolean): string[] {
  if (doubleColon || header.includes('::')) return header.split('::').map((t) => t.trim());
  const tokens = header.split(':').map((t) => t.trim());
  const jr = tokens.findIndex((t) => t.toLowerCase() === 'jr');
  if (jr >= 0 && jr + 1 < tokens.length) tokens.splice(jr, 2, `jr:${tokens[jr + 1]}`);
  return tokens;
}

export function classifyHeader(header: string, doubleColon = true): HeaderKind {
  const tokens = headerTokens(header, doubleColon);
  let first = snake(tokens[0]!);
  let rest = tokens.slice(1);
  if ((first === 'bind' || first === 'body' || first === 'control') && rest.length > 0) {
    const attr = rest[0]!.toLowerCase();
    const to = (first === 'bind' ? BIND : BODY)[attr];
    if (!to) return { kind: 'unused', why: `the XForm ${first === 'bind' ? 'bind' : 'body'} attribute ${rest[0]}` };
    first = to;
    rest = rest.slice(1);
  } else if (tokens.length === 1 && ALIASES[header.trim().toLowerCase()]) {
    first = ALIASES[header.trim().toLowerCase()]!;
  } else first = ALIASES[first] ?? first;
  if ((TRANSLATABLE as readonly string[]).includes(first)) {
    const lang = rest.length === 0 || rest.join('::') === '' ? null : parseLanguage(rest.join('::'));
    return { kind: 'text', base: first as Translatable, lang };
  }
  if (first === 'scoring' && rest.length > 0) return { kind: 'scoring', name: rest.join('::').toLowerCase() };
  if (MEDIA.has(first)) {
    // `image`, `image::English`, `media::image`, `media::image::English`
    const [type, ...langParts] = first === 'media' ? rest : [first, ...rest];
    const langText = langParts.join('::');
    return {
      kind: 'unused',
      why: 'media (images, audio, video) are kept in the form but not shown by scilit',
      media: { type: (type ?? 'image').toLowerCase(), lang: langText ? parseLanguage(langText) : null },
    };
  }
  if (first === 'guidance_hint') return { kind: 'unused', why: 'guidance hints are not shown by scilit' };
  if (rest.length > 0) return { kind: 'unused', why: `"${tokens[0]}::" columns are for other tools` };
  return { kind: 'plain', name: first };
}

/** A sheet's columns, classified once; lets rows be read by meaning. */
export class ColumnMap {
  readonly text = new Map<Translatable, { column: Column; lang: Language | null }[]>();
  readonly plain = new Map<string, Column>();
  readonly scoring = new Map<string, Column>();
  /** Columns scilit does not read, with the reason to name in a warning. */
  readonly unused: { column: Column; why: string }[] = [];
  /** Media columns (`image`, `media::audio::English`, ...): kept and written back, not shown; they count as a label. */
  readonly media: { column: Column; type: string; lang: Language | null }[] = [];
  /** Two headers that mean the same column (`relevant` and `relevance`): the second is not read. */
  readonly duplicates: { column: Column; first: Column }[] = [];
  readonly languages: Language[] = [];

  constructor(readonly columns: Column[]) {
    const doubleColon = columns.some((c) => c.header.includes('::'));
    for (const c of columns) {
      const k = classifyHeader(c.header, doubleColon);
      if (k.kind === 'text') {
        const list = this.text.get(k.base) ?? [];
        const same = list.find((x) => (x.lang?.code ?? '') === (k.lang?.code ?? ''));
        if (same) {
          this.duplicates.push({ column: c, first: same.column });
          continue;
        }
        list.push({ column: c, lang: k.lang });
        this.text.set(k.base, list);
        if (k.lang && !this.languages.some((l) => l.code === k.lang!.code)) this.languages.push(k.lang);
      } else if (k.kind === 'plain') {
        const first = this.plain.get(k.name);
        if (first) this.duplicates.push({ column: c, first });
        else this.plain.set(k.name, c);
      } else if (k.kind === 'scoring') this.scoring.set(k.name, c);
      else {
        this.unused.push({ column: c, why: k.why });
        if (k.media) this.media.push({ column: c, ...k.media });
      }
    }
  }

  /** A row's media file names: type (image, audio, ...) → language code ('' for none) → file. */
  mediaOf(row: SheetRow): Record<string, Record<string, string>> | undefined {
    const out: Record<string, Record<string, string>> = {};
    for (const m of this.media) {
      const v = row.cells.get(m.column.index);
      if (v === undefined || v === '') continue;
      out[m.type] ??= {};
      out[m.type]![m.lang ? m.lang.code : ''] = v;
    }
    return Object.keys(out).length ? out : undefined;
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
