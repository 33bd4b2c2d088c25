import type { FieldType } from '../model.ts';

export type ParsedType =
  | { kind: 'field'; type: FieldType; listName?: string }
  | { kind: 'begin group' }
  | { kind: 'end group' }
  | { kind: 'error'; message: string };

const SIMPLE: Record<string, FieldType> = {
  text: 'text',
  string: 'text',
  integer: 'integer',
  int: 'integer',
  decimal: 'decimal',
  note: 'note',
  calculate: 'calculate',
  date: 'date',
  start: 'start',
  end: 'end',
  today: 'today',
  deviceid: 'deviceid',
  username: 'username',
};

// Types ODK/Kobo know that scilit does not ask yet: named as such, never silently dropped.
const UNSUPPORTED = [
  'geopoint',
  'geotrace',
  'geoshape',
  'image',
  'audio',
  'video',
  'file',
  'barcode',
  'time',
  'datetime',
  'range',
  'rank',
  'acknowledge',
  'hidden',
  'background-audio',
  'background-geopoint',
  'audit',
  'simserial',
  'subscriberid',
  'phonenumber',
  'email',
  'xml-external',
  'csv-external',
  'trigger',
  'start-geopoint',
];

const KNOWN = [...Object.keys(SIMPLE), 'select_one', 'select_multiple', 'begin group', 'end group'];

function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = t;
    }
  }
  return d[b.length]!;
}

/** Parses the `type` cell: `select_one yes_no`, `begin group`, `integer`, ... */
export function parseType(raw: string): ParsedType {
  const text = raw.trim().replace(/\s+/g, ' ');
  const lower = text.toLowerCase();
  if (lower === 'begin group' || lower === 'begin_group') return { kind: 'begin group' };
  if (lower === 'end group' || lower === 'end_group') return { kind: 'end group' };
  if (/^(begin|end)[ _]repeat$/.test(lower)) {
    return {
      kind: 'error',
      message: `"${text}": repeats are not supported yet; ask the repeated questions as separate fields`,
    };
  }
  const select =
    /^(select_one|select one|select_multiple|select multiple|select all that apply(?: from)?)\s+(.*)$/.exec(lower);
  if (select) {
    const type = select[1]!.startsWith('select_one') || select[1] === 'select one' ? 'select_one' : 'select_multiple';
    const rest = text.slice(select[1]!.length).trim().split(' ');
    if (rest.length === 2 && rest[1]!.toLowerCase() === 'or_other') {
      return { kind: 'error', message: `"${text}": or_other is not supported; add an "other" choice and a text field` };
    }
    if (rest.length !== 1 || rest[0] === '') {
      return { kind: 'error', message: `"${text}": write the type as "${type} list_name" with one list name` };
    }
    return { kind: 'field', type, listName: rest[0]! };
  }
  if (lower === 'select_one' || lower === 'select_multiple') {
    return { kind: 'error', message: `"${text}" needs a choice list name: "${lower} list_name"` };
  }
  if (/^select_(one|multiple)_from_file\b/.test(lower)) {
    return {
      kind: 'error',
      message: `"${text}": choices from an external file are not supported; put them in the choices sheet`,
    };
  }
  const simple = SIMPLE[lower];
  if (simple) return { kind: 'field', type: simple };
  if (UNSUPPORTED.includes(lower)) {
    return { kind: 'error', message: `type "${text}" is an ODK type scilit does not support` };
  }
  const best = KNOWN.map((k) => [k, distance(lower, k)] as const).sort((a, b) => a[1] - b[1])[0]!;
  const hint = best[1] <= 2 ? ` (did you mean "${best[0]}"?)` : '';
  return { kind: 'error', message: `unknown type "${text}"${hint}` };
}
