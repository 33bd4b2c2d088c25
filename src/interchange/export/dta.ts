/**
 * Stata datasets, format 118 (Stata 14 and later), written from Stata's description of the format (`help dta`):
 * UTF-8 strings, str1–str2045 and strL for longer text, byte/int/long for whole numbers and double otherwise,
 * value labels, and the user-missing codes of the Dataset as extended missing values: .a no answer,
 * .b not applicable, .d don't know (the code's label goes with the letter). Read back by R haven in the tests.
 *
 *   writeDta(dataset): Uint8Array
 */
import { ByteWriter, utf8 } from './bytes.ts';
import {
  type Dataset,
  isWholeNumbered,
  MISSING_ROLES,
  missingRoleOf,
  type NumericVariable,
  STATA_MISSING_LETTER,
  type StringVariable,
  stringWidth,
  truncateChars,
  truncateUtf8,
  type Variable,
} from './dataset.ts';

const STR_MAX = 2045;
const STRL = 32768;

/** Storage types with their code, byte size, valid range and the code of `.` (extended: `.a` = `.` + 1, ...). */
const TYPES = {
  byte: { code: 65530, size: 1, min: -127, max: 100, dot: 101 },
  int: { code: 65529, size: 2, min: -32767, max: 32740, dot: 32741 },
  long: { code: 65528, size: 4, min: -2147483647, max: 2147483620, dot: 2147483621 },
  double: { code: 65526, size: 8, min: -Infinity, max: Infinity, dot: 0 },
} as const;
type NumericType = keyof typeof TYPES;

/** The extended missing value's offset from `.`: .a = 1, .b = 2, .d = 4. */
function letterOffset(letter: string): number {
  return letter.charCodeAt(0) - 96;
}

interface Column {
  v: Variable;
  type: number;
  size: number;
  numeric?: NumericType;
  /** Name of the value-label table ('' for none). */
  labels: string;
}

function numericType(v: NumericVariable): NumericType {
  if (!isWholeNumbered(v)) return 'double';
  let lo = 0;
  let hi = 0;
  for (const x of v.values) {
    if (Number.isNaN(x) || missingRoleOf(v, x)) continue;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  for (const t of ['byte', 'int', 'long'] as const) if (lo >= TYPES[t].min && hi <= TYPES[t].max) return t;
  return 'double';
}

function columnOf(v: Variable): Column {
  if (v.kind === 'string') {
    const width = stringWidth(v);
    return width <= STR_MAX ? { v, type: width, size: width, labels: '' } : { v, type: STRL, size: 8, labels: '' };
  }
  const t = numericType(v);
  const labelled = (v.valueLabels?.length ?? 0) > 0 || v.missing !== undefined;
  return { v, type: TYPES[t].code, size: TYPES[t].size, numeric: t, labels: labelled ? v.name : '' };
}

function displayFormat(c: Column): string {
  if (c.v.kind === 'string') return c.type === STRL ? '%9s' : `%-${Math.min(c.size, 2045)}s`;
  const v = c.v as NumericVariable;
  if (c.numeric !== 'double') return c.numeric === 'long' ? '%12.0g' : '%8.0g';
  return v.decimals > 0 ? `%12.${Math.min(v.decimals, 9)}f` : '%10.0g';
}

/** A tag with its text, e.g. <K>...</K>. */
function open(w: ByteWriter, tag: string) {
  w.text(`<${tag}>`);
}
function close(w: ByteWriter, tag: string) {
  w.text(`</${tag}>`);
}

function writeValue(w: ByteWriter, c: Column, x: number) {
  const v = c.v as NumericVariable;
  const t = TYPES[c.numeric!];
  const role = Number.isNaN(x) ? undefined : missingRoleOf(v, x);
  if (c.numeric === 'double') {
    if (Number.isNaN(x) || role) {
      // `.` is 2^1023; `.a`..`.z` add multiples of 2^1023 · 2^-12 to it (0x7fe0000000000000 + k · 0x10000000000).
      const k = role ? letterOffset(STATA_MISSING_LETTER[role]) : 0;
      w.u64(0x7fe0000000000000n + BigInt(k) * 0x10000000000n);
    } else w.f64(x);
    return;
  }
  const value = Number.isNaN(x) ? t.dot : role ? t.dot + letterOffset(STATA_MISSING_LETTER[role]) : x;
  if (c.numeric === 'byte') w.i8(value > 127 ? value - 256 : value);
  else if (c.numeric === 'int') w.i16(value > 32767 ? value - 65536 : value);
  else w.i32(value > 2147483647 ? value - 4294967296 : value);
}

/** One value-label table: its values (long, extended missing as `.` + k) and their texts. */
function labelTable(w: ByteWriter, v: NumericVariable) {
  const entries: { value: number; text: Uint8Array }[] = [];
  for (const l of v.valueLabels ?? []) {
    const role = missingRoleOf(v, l.value);
    const value = role ? TYPES.long.dot + letterOffset(STATA_MISSING_LETTER[role]) : l.value;
    entries.push({ value, text: utf8(truncateUtf8(l.label, 32000)) });
  }
  entries.sort((a, b) => a.value - b.value);
  const table = new ByteWriter();
  const txtlen = entries.reduce((s, e) => s + e.text.length + 1, 0);
  table.i32(entries.length).i32(txtlen);
  let off = 0;
  for (const e of entries) {
    table.i32(off);
    off += e.text.length + 1;
  }
  for (const e of entries) table.i32(e.value);
  for (const e of entries) table.bytes(e.text).u8(0);
  const body = table.result();
  open(w, 'lbl');
  w.i32(body.length).fixed(v.name, 129).fixed('', 3).bytes(body);
  close(w, 'lbl');
}

/** The timestamp Stata writes: "dd Mon yyyy hh:mm". */
function stamp(d: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getDate())} ${months[d.getMonth()]} ${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

export function writeDta(dataset: Dataset): Uint8Array {
  const columns = dataset.variables.map(columnOf);
  if (columns.length > 32767) throw new Error('format 118 holds at most 32,767 variables');
  const w = new ByteWriter();
  const map: number[] = [];
  open(w, 'stata_dta');
  open(w, 'header');
  w.text('<release>118</release><byteorder>LSF</byteorder>');
  w.text('<K>').u16(columns.length).text('</K>');
  w.text('<N>').u64(dataset.rows).text('</N>');
  // Dataset label: 80 characters at most, 2-byte length.
  const label = utf8(truncateUtf8(truncateChars(dataset.label, 80), 320));
  w.text('<label>').u16(label.length).bytes(label).text('</label>');
  const ts = stamp(dataset.createdAt);
  w.text('<timestamp>').u8(ts.length).text(ts).text('</timestamp>');
  close(w, 'header');

  map.push(0, w.length);
  open(w, 'map');
  const mapAt = w.length;
  for (let i = 0; i < 14; i++) w.u64(0);
  close(w, 'map');

  map.push(w.length);
  open(w, 'variable_types');
  for (const c of columns) w.u16(c.type);
  close(w, 'variable_types');

  map.push(w.length);
  open(w, 'varnames');
  for (const c of columns) w.fixed(c.v.name, 129);
  close(w, 'varnames');

  map.push(w.length);
  open(w, 'sortlist');
  for (let i = 0; i <= columns.length; i++) w.u16(0);
  close(w, 'sortlist');

  map.push(w.length);
  open(w, 'formats');
  for (const c of columns) w.fixed(displayFormat(c), 57);
  close(w, 'formats');

  map.push(w.length);
  open(w, 'value_label_names');
  for (const c of columns) w.fixed(c.labels, 129);
  close(w, 'value_label_names');

  map.push(w.length);
  open(w, 'variable_labels');
  // 80 characters at most (Stata's limit); the full text is in the .sav, the .xlsx and the syntax files.
  for (const c of columns) w.fixed(utf8(truncateUtf8(truncateChars(c.v.label, 80), 320)), 321);
  close(w, 'variable_labels');

  map.push(w.length);
  open(w, 'characteristics');
  close(w, 'characteristics');

  map.push(w.length);
  open(w, 'data');
  const strls: { v: number; o: number; bytes: Uint8Array }[] = [];
  const encoded = columns.map((c) =>
    c.v.kind === 'string' ? (c.v as StringVariable).values.map((s) => utf8(s)) : undefined,
  );
  for (let i = 0; i < dataset.rows; i++) {
    columns.forEach((c, k) => {
      if (c.v.kind === 'numeric') {
        writeValue(w, c, (c.v as NumericVariable).values[i] as number);
        return;
      }
      const bytes = encoded[k]![i]!;
      if (c.type !== STRL) {
        w.fixed(bytes, c.size);
        return;
      }
      // A strL cell holds (v, o): variable number (2 bytes) and observation number (6 bytes); (0, 0) is "".
      if (bytes.length === 0) {
        w.u64(0);
        return;
      }
      strls.push({ v: k + 1, o: i + 1, bytes });
      w.u16(k + 1)
        .u32((i + 1) % 0x100000000)
        .u16(Math.floor((i + 1) / 0x100000000));
    });
  }
  close(w, 'data');

  map.push(w.length);
  open(w, 'strls');
  for (const s of strls) {
    // GSO: v (4 bytes), o (8 bytes), type 130 (text, with a terminating 0), length including the 0.
    w.text('GSO')
      .u32(s.v)
      .u64(s.o)
      .u8(130)
      .u32(s.bytes.length + 1)
      .bytes(s.bytes)
      .u8(0);
  }
  close(w, 'strls');

  map.push(w.length);
  open(w, 'value_labels');
  for (const c of columns) if (c.labels) labelTable(w, c.v as NumericVariable);
  close(w, 'value_labels');

  map.push(w.length);
  close(w, 'stata_dta');
  map.push(w.length);
  map.forEach((offset, i) => {
    w.patchU64(mapAt + 8 * i, offset);
  });
  return w.result();
}

/** The Stata missing letter of each role that a variable uses, for documentation (`.a` no answer, ...). */
export function stataMissingOf(v: NumericVariable): string[] {
  return MISSING_ROLES.filter((r) => v.missing?.[r] !== undefined).map((r) => `.${STATA_MISSING_LETTER[r]}`);
}
