import type { FieldType } from '../model.ts';

export type ParsedType =
  | { kind: 'field'; type: FieldType; listName?: string; orOther?: boolean; external?: boolean }
  | { kind: 'begin group' }
  | { kind: 'end group' }
  | { kind: 'begin repeat' }
  | { kind: 'end repeat' }
  | { kind: 'error'; message: string };

/**
 * pyxform's type names and aliases (question_type_dictionary.py, aliases.py), lower case, spaces single: the ODK
 * type each one means. Types scilit does not ask yet are listed in NOT_YET, so they are refused by name.
 */
const TYPES: Record<string, string> = {};
const alias = (type: string, ...names: string[]) => {
  for (const n of [type, ...names]) TYPES[n.toLowerCase()] = type;
};
alias('text', 'string', 'qstring', 'add text prompt');
alias('integer', 'int', 'qint', 'add integer prompt');
alias('decimal', 'qdecimal', 'add decimal prompt');
alias('date', 'qdate', 'add date prompt');
alias('time');
alias('dateTime', 'qdatetime', 'add datetime prompt');
alias('note', 'qnote', 'add note prompt');
alias('calculate', 'qcalculate', 'add calculate prompt');
alias('acknowledge', 'qacknowledge', 'add acknowledge prompt');
alias('trigger');
alias('geopoint', 'qgeopoint', 'location', 'qlocation', 'gps', 'add location prompt');
alias('geotrace', 'qgeotrace');
alias('geoshape', 'qgeoshape');
alias('image', 'photo', 'qpicture', 'qimage', 'add image prompt', 'add photo prompt');
alias('audio', 'qaudio', 'add audio prompt');
alias('video', 'qvideo', 'add video prompt');
alias('file', 'add file prompt');
alias('barcode', 'qbarcode', 'add barcode prompt');
alias('range');
alias('hidden');
alias('start', 'starttime', 'get start time');
alias('end', 'endtime', 'get end time');
alias('today', 'get today');
alias('deviceid', 'imei', 'get device id', 'uri:deviceid');
alias('subscriberid', 'get subscriber id', 'uri:subscriberid');
alias('simserial', 'simid', 'get sim id', 'uri:simserial');
alias('phonenumber', 'get phonenumber', 'get phone number', 'uri:phonenumber');
alias('username', 'uri:username');
alias('email', 'uri:email');
alias('audit');
alias('start-geopoint');
alias('background-audio');
alias('background-geopoint');
alias('xml-external');
alias('csv-external');

const SUPPORTED: Partial<Record<string, FieldType>> = {
  text: 'text',
  integer: 'integer',
  decimal: 'decimal',
  date: 'date',
  time: 'time',
  dateTime: 'dateTime',
  note: 'note',
  calculate: 'calculate',
  acknowledge: 'acknowledge',
  trigger: 'trigger',
  geopoint: 'geopoint',
  geotrace: 'geotrace',
  geoshape: 'geoshape',
  barcode: 'barcode',
  range: 'range',
  hidden: 'hidden',
  start: 'start',
  end: 'end',
  today: 'today',
  deviceid: 'deviceid',
  username: 'username',
  phonenumber: 'phonenumber',
  simserial: 'simserial',
  subscriberid: 'subscriberid',
  email: 'email',
  audit: 'audit',
  'start-geopoint': 'start-geopoint',
};
// Why the others cannot be asked yet (the answer is a file, or needs files kept with the form).
const NOT_YET: Record<string, string> = {
  image: 'photos and other attached files (storage of attachments is being added)',
  audio: 'audio recordings and other attached files (storage of attachments is being added)',
  video: 'video recordings and other attached files (storage of attachments is being added)',
  file: 'attached files (storage of attachments is being added)',
  'background-audio': 'recording audio in the background',
  'background-geopoint': 'tracking the location in the background',
  'xml-external': 'an external XML file kept with the form',
  'csv-external': 'an external CSV file kept with the form',
};

// pyxform aliases.select: the command before the list name.
const SELECTS: [string, 'select_one' | 'select_multiple' | 'rank' | 'select_one_external', boolean][] = [
  ['add select one prompt using', 'select_one', false],
  ['add select multiple prompt using', 'select_multiple', false],
  ['select all that apply from', 'select_multiple', false],
  ['select one from file', 'select_one', true],
  ['select multiple from file', 'select_multiple', true],
  ['select_one_from_file', 'select_one', true],
  ['select_multiple_from_file', 'select_multiple', true],
  ['select one from', 'select_one', false],
  ['select all that apply', 'select_multiple', false],
  ['select_one_external', 'select_one_external', false],
  ['select_multiple', 'select_multiple', false],
  ['select multiple', 'select_multiple', false],
  ['select_one', 'select_one', false],
  ['select one', 'select_one', false],
  ['select1', 'select_one', false],
  ['rank', 'rank', false],
];

const CONTROL = /^(begin|end)[ _](group|repeat|lgroup|loop|looped group)(?: (?:over )?(\S+))?$/;

const KNOWN = [...Object.keys(TYPES), 'select_one', 'select_multiple', 'begin group', 'end group'];

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

const notYet = (text: string, what: string): ParsedType => ({
  kind: 'error',
  message: `type "${text}": ${what} cannot be asked by scilit yet`,
});

/** Parses the `type` cell: `select_one yes_no`, `select one from yes_no or_other`, `begin group`, `integer`, ... */
export function parseType(raw: string): ParsedType {
  const text = raw.trim().replace(/\s+/g, ' ');
  const lower = text.toLowerCase();
  const control = CONTROL.exec(lower);
  if (control) {
    const begin = control[1] === 'begin';
    if (control[2] === 'group') {
      if (control[3]) return { kind: 'error', message: `"${text}": a group has no list ("begin group" alone)` };
      return { kind: begin ? 'begin group' : 'end group' };
    }
    if (control[2] === 'loop') return notYet(text, 'a loop over a choice list');
    if (control[3]) return { kind: 'error', message: `"${text}": write "begin repeat" and a repeat_count` };
    return { kind: begin ? 'begin repeat' : 'end repeat' };
  }
  if (lower === 'osm' || lower.startsWith('osm ')) return notYet(text, 'OpenStreetMap tagging (OpenMapKit)');
  for (const [command, type, fromFile] of SELECTS) {
    if (!lower.startsWith(`${command} `)) continue;
    const rest = text.slice(command.length).trim().split(' ');
    let orOther = false;
    const tail = rest.slice(1).join(' ').toLowerCase();
    if (tail === 'or_other' || tail === 'or other' || tail === 'or specify other') {
      orOther = true;
      rest.length = 1;
    }
    if (rest.length !== 1 || rest[0] === '') {
      return { kind: 'error', message: `"${text}": write the type as "${command} list_name" with one list name` };
    }
    if (fromFile) return notYet(text, 'choices from a CSV or XML file kept with the form');
    if (orOther && type !== 'select_one' && type !== 'select_multiple') {
      return { kind: 'error', message: `"${text}": or_other is only for select_one and select_multiple` };
    }
    if (type === 'select_one_external')
      return { kind: 'field', type: 'select_one', listName: rest[0]!, external: true };
    const parsed: ParsedType = { kind: 'field', type, listName: rest[0]! };
    if (orOther) parsed.orOther = true;
    return parsed;
  }
  if (lower === 'select_one' || lower === 'select_multiple' || lower === 'rank') {
    return { kind: 'error', message: `"${text}" needs a choice list name: "${lower} list_name"` };
  }
  const odk = TYPES[lower];
  if (odk) {
    const type = SUPPORTED[odk];
    if (type) return { kind: 'field', type };
    return notYet(text, NOT_YET[odk] ?? `the ODK type ${odk}`);
  }
  const best = KNOWN.map((k) => [k, distance(lower, k)] as const).sort((a, b) => a[1] - b[1])[0]!;
  const hint = best[1] <= 2 ? ` (did you mean "${best[0]}"?)` : '';
  return { kind: 'error', message: `unknown type "${text}"${hint}` };
}
