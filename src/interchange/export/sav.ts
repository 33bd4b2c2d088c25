/**
 * SPSS system files (.sav), written from PSPP's description of the format ("System File Format", the appendix of
 * the PSPP developers' guide): UTF-8 throughout (character encoding record "UTF-8", code page 65001), long
 * variable names, very long strings, variable and value labels, discrete user-missing values, bytecode
 * compression. Read back by PSPP and by R haven (ReadStat) in the tests.
 *
 *   writeSav(dataset): Uint8Array
 */
import { ByteWriter, utf8 } from './bytes.ts';
import {
  type Dataset,
  MISSING_ROLES,
  type NumericVariable,
  type StringVariable,
  stringWidth,
  truncateUtf8,
  type Variable,
} from './dataset.ts';

const SYSMIS = -Number.MAX_VALUE;
/** LOWEST as older SPSS writes it (the second-largest negative double). */
const LOWEST_BITS = 0xffeffffffffffffen;
const BIAS = 100;
/** SPSS documents value labels up to 120 bytes and variable labels up to 255. */
const VALUE_LABEL_BYTES = 120;
const VARIABLE_LABEL_BYTES = 255;

/** A variable's storage: numeric, or a string of one or more segments (very long strings: 252 bytes each). */
interface Layout {
  v: Variable;
  /** Width in bytes of each segment (one for numeric variables: 0). */
  segments: number[];
  /** Short (8-byte) name of each segment. */
  shortNames: string[];
}

function segmentsOf(v: Variable): number[] {
  if (v.kind === 'numeric') return [0];
  const w = stringWidth(v);
  if (w <= 255) return [w];
  const n = Math.ceil(w / 252);
  return [...Array.from({ length: n - 1 }, () => 255), w - (n - 1) * 252];
}

/** 8-byte units a segment takes in a case. */
const units = (width: number) => (width === 0 ? 1 : Math.ceil(width / 8));

function shortNames(vars: readonly Variable[]): Layout[] {
  const taken = new Set<string>();
  const take = (base: string): string => {
    let name = base.toUpperCase().slice(0, 8);
    for (let k = 1; taken.has(name); k++) {
      const tail = String(k);
      name = base.toUpperCase().slice(0, 8 - tail.length) + tail;
    }
    taken.add(name);
    return name;
  };
  return vars.map((v) => {
    const segments = segmentsOf(v);
    const names = segments.map((_, i) => take(i === 0 ? v.name : `${v.name.slice(0, 5)}${i}`));
    return { v, segments, shortNames: names };
  });
}

/** Print/write format: type (5 = F, 1 = A), width, decimals. */
function format(v: Variable, segmentWidth: number): number {
  if (v.kind === 'string') return (1 << 16) | (segmentWidth << 8);
  const width = Math.min(40, Math.max(8, v.decimals + 10));
  return (5 << 16) | (width << 8) | v.decimals;
}

function padded4(b: Uint8Array): number {
  return Math.ceil(b.length / 4) * 4;
}

function writeVariableRecords(w: ByteWriter, layouts: readonly Layout[]) {
  for (const { v, segments, shortNames: names } of layouts) {
    segments.forEach((width, s) => {
      const label = s === 0 && v.label ? utf8(truncateUtf8(v.label, VARIABLE_LABEL_BYTES)) : undefined;
      const missing =
        s === 0 && v.kind === 'numeric'
          ? MISSING_ROLES.map((r) => v.missing?.[r]).filter((x): x is number => x !== undefined)
          : [];
      const fmt = format(v, width);
      w.i32(2)
        .i32(width)
        .i32(label ? 1 : 0)
        .i32(missing.length)
        .i32(fmt)
        .i32(fmt)
        .fixed(names[s]!, 8, 0x20);
      if (label) w.i32(label.length).fixed(label, padded4(label));
      for (const m of missing) w.f64(m);
      // Continuation records of a string wider than 8 bytes.
      for (let k = 1; k < units(width); k++) w.i32(2).i32(-1).i32(0).i32(0).i32(0).i32(0).fixed('', 8, 0x20);
    });
  }
}

/** Value labels (records 3 and 4) of every numeric variable that has some, one pair per variable. */
function writeValueLabels(w: ByteWriter, layouts: readonly Layout[]) {
  let index = 1; // dictionary index: 1-based, counting continuation records
  for (const { v, segments } of layouts) {
    const first = index;
    for (const width of segments) index += units(width);
    if (v.kind !== 'numeric' || !v.valueLabels?.length) continue;
    w.i32(3).i32(v.valueLabels.length);
    for (const l of v.valueLabels) {
      const text = utf8(truncateUtf8(l.label, VALUE_LABEL_BYTES));
      w.f64(l.value).u8(text.length);
      // label_len and label together padded to a multiple of 8 bytes.
      w.fixed(text, Math.ceil((text.length + 1) / 8) * 8 - 1, 0x20);
    }
    w.i32(4).i32(1).i32(first);
  }
}

/** Document record: lines of at most 80 bytes, cut at character boundaries. */
function writeDocuments(w: ByteWriter, lines: readonly string[]) {
  const out: string[] = [];
  for (const line of lines) {
    let rest = line;
    do {
      const part = truncateUtf8(rest, 80);
      out.push(part);
      rest = rest.slice(part.length);
    } while (rest.length > 0);
  }
  if (out.length === 0) return;
  w.i32(6).i32(out.length);
  for (const l of out) w.fixed(l, 80, 0x20);
}

function extension(w: ByteWriter, subtype: number, size: number, body: Uint8Array) {
  w.i32(7)
    .i32(subtype)
    .i32(size)
    .i32(body.length / size)
    .bytes(body);
}

function writeExtensions(w: ByteWriter, layouts: readonly Layout[], rows: number) {
  // 3: machine integer info (version 1.0.0, IEEE 754, little-endian, UTF-8).
  const ints = new ByteWriter();
  for (const x of [1, 0, 0, -1, 1, 1, 2, 65001]) ints.i32(x);
  extension(w, 3, 4, ints.result());
  // 4: machine floating-point info.
  const floats = new ByteWriter().f64(SYSMIS).f64(Number.MAX_VALUE);
  floats.u64(LOWEST_BITS);
  extension(w, 4, 8, floats.result());
  // 11: display parameters, one set per segment.
  const display = new ByteWriter();
  for (const { v, segments } of layouts) {
    for (const width of segments) {
      const measure = v.kind === 'string' ? 1 : v.measure === 'nominal' ? 1 : v.measure === 'ordinal' ? 2 : 3;
      display
        .i32(measure)
        .i32(v.kind === 'string' ? Math.min(40, Math.max(8, width)) : 10)
        .i32(v.kind === 'string' ? 0 : 1);
    }
  }
  extension(w, 11, 4, display.result());
  // 13: long variable names.
  extension(w, 13, 1, utf8(layouts.map((l) => `${l.shortNames[0]}=${l.v.name}`).join('\t')));
  // 14: very long strings.
  const long = layouts.filter((l) => l.segments.length > 1);
  if (long.length > 0) {
    const parts = long.map(
      (l) => `${l.shortNames[0]}=${String(stringWidth(l.v as StringVariable)).padStart(5, '0')}\0`,
    );
    extension(w, 14, 1, utf8(parts.join('\t')));
  }
  // 16: number of cases as a 64-bit integer.
  extension(w, 16, 8, new ByteWriter().i64(1).i64(rows).result());
  // 20: character encoding.
  extension(w, 20, 1, utf8('UTF-8'));
}

/** Bytecode compression: blocks of 8 command bytes, each followed by the 8-byte values they announce. */
class CompressedData {
  private readonly out = new ByteWriter();
  private commands = new Uint8Array(8);
  private n = 0;
  private pending: Uint8Array[] = [];

  private command(code: number, raw?: Uint8Array) {
    this.commands[this.n++] = code;
    if (raw) this.pending.push(raw);
    if (this.n === 8) this.flush();
  }

  private flush() {
    this.out.bytes(this.commands);
    for (const p of this.pending) this.out.bytes(p);
    this.commands = new Uint8Array(8);
    this.n = 0;
    this.pending = [];
  }

  number(x: number) {
    if (Number.isNaN(x)) this.command(255);
    else if (Number.isInteger(x) && x >= 1 - BIAS && x <= 251 - BIAS) this.command(x + BIAS);
    else {
      const raw = new Uint8Array(8);
      new DataView(raw.buffer).setFloat64(0, x, true);
      this.command(253, raw);
    }
  }

  /** A string segment's bytes, space-padded to whole 8-byte units. */
  string(bytes: Uint8Array, width: number) {
    const total = units(width) * 8;
    for (let at = 0; at < total; at += 8) {
      const chunk = new Uint8Array(8).fill(0x20);
      chunk.set(bytes.subarray(at, Math.min(at + 8, bytes.length)));
      if (chunk.every((b) => b === 0x20)) this.command(254);
      else this.command(253, chunk);
    }
  }

  end(): Uint8Array {
    this.command(252);
    if (this.n > 0) this.flush();
    return this.out.result();
  }
}

function writeData(layouts: readonly Layout[], rows: number): Uint8Array {
  const data = new CompressedData();
  const encoded = layouts.map((l) =>
    l.v.kind === 'string' ? (l.v as StringVariable).values.map((s) => utf8(s)) : undefined,
  );
  for (let i = 0; i < rows; i++) {
    layouts.forEach((l, k) => {
      if (l.v.kind === 'numeric') {
        data.number((l.v as NumericVariable).values[i] as number);
        return;
      }
      const bytes = encoded[k]![i]!;
      if (l.segments.length === 1) {
        data.string(bytes, l.segments[0]!);
        return;
      }
      // Very long string: 255 bytes of the value in each segment.
      l.segments.forEach((width, s) => {
        data.string(bytes.subarray(Math.min(bytes.length, s * 255), Math.min(bytes.length, s * 255 + 255)), width);
      });
    });
  }
  return data.end();
}

function two(n: number) {
  return String(n).padStart(2, '0');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function writeSav(dataset: Dataset, documents: readonly string[] = []): Uint8Array {
  if (dataset.variables.length === 0) throw new Error('a data set without variables cannot be written');
  const layouts = shortNames(dataset.variables);
  const caseSize = layouts.reduce((s, l) => s + l.segments.reduce((t, width) => t + units(width), 0), 0);
  const d = dataset.createdAt;
  const w = new ByteWriter();
  w.text('$FL2');
  w.fixed('@(#) SPSS DATA FILE scilit', 60, 0x20);
  w.i32(2).i32(caseSize).i32(1).i32(0).i32(Math.min(dataset.rows, 0x7fffffff)).f64(BIAS);
  w.fixed(`${two(d.getDate())} ${MONTHS[d.getMonth()]} ${two(d.getFullYear() % 100)}`, 9, 0x20);
  w.fixed(`${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`, 8, 0x20);
  w.fixed(utf8(truncateUtf8(dataset.label, 64)), 64, 0x20);
  w.fixed('', 3, 0);
  writeVariableRecords(w, layouts);
  writeValueLabels(w, layouts);
  writeDocuments(w, documents);
  writeExtensions(w, layouts, dataset.rows);
  w.i32(999).i32(0);
  w.bytes(writeData(layouts, dataset.rows));
  return w.result();
}
