/**
 * Just enough ZIP to read an .xlsx (or a field package) without holding more than it must: the central directory
 * is read from the end of the file, and one entry at a time is inflated in chunks (fflate's streaming Inflate).
 *
 * Every inflation is bounded, because a ZIP is a promise the file makes about itself and a hostile file lies: a
 * 2 MB "zip bomb" can inflate to gigabytes. Each entry has a budget (most inflated bytes, and most inflated bytes
 * per compressed byte once past a small grace), checked as the bytes come out; the compressed input is fed in
 * small steps so that one step can never produce more than a few tens of megabytes. What is wrong is thrown as a
 * ZipProblem naming the entry; each reader (workbook, package) says it in its own words.
 */
import { Inflate } from 'fflate';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  /** General-purpose flag bit 0: the entry is encrypted (ZIP's own encryption). */
  encrypted: boolean;
}

/** How much one entry may inflate to. */
export interface InflateBudget {
  /** Most inflated bytes. */
  maxBytes: number;
  /** Most inflated bytes per compressed byte, checked once `ratioGrace` bytes have come out. */
  maxRatio: number;
  ratioGrace: number;
}

export type ZipProblemKind = 'not_zip' | 'truncated' | 'zip64' | 'unsupported' | 'too_large' | 'ratio';

/** What is wrong with a ZIP file or one of its entries. */
export class ZipProblem extends Error {
  constructor(
    readonly kind: ZipProblemKind,
    /** The entry at fault, when one is. */
    readonly entry?: string,
    /** For too_large and ratio: the budget that was exceeded. */
    readonly budget?: InflateBudget,
  ) {
    super(`zip: ${kind}${entry ? ` (${entry})` : ''}`);
    this.name = 'ZipProblem';
  }
}

/** Most entries a file may list (an .xlsx has a dozen or a few hundred; a package three). */
const MAX_ENTRIES = 10_000;
/** Compressed bytes fed to the inflater at once: deflate inflates at most ~1,032×, so one step yields ≤ 34 MB. */
const STEP = 1 << 15;
/** Inflated bytes gathered before they are handed on (fewer, larger chunks for the sheet scanner). */
const YIELD_AT = 1 << 20;

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Reads the central directory. */
export function zipEntries(bytes: Uint8Array): Map<string, ZipEntry> {
  if (!isZip(bytes)) throw new ZipProblem('not_zip');
  // End of central directory: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipProblem('truncated');
  const count = u16(bytes, eocd + 10);
  let p = u32(bytes, eocd + 16);
  if (p === 0xffffffff || count === 0xffff) throw new ZipProblem('zip64');
  if (count > MAX_ENTRIES) throw new ZipProblem('unsupported');
  const entries = new Map<string, ZipEntry>();
  const dec = new TextDecoder();
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== 0x02014b50) throw new ZipProblem('truncated');
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    if (p + 46 + nameLen > bytes.length) throw new ZipProblem('truncated');
    const name = dec.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    // The first of two entries with one name wins, as in every reader that reads the directory in order.
    if (!entries.has(name)) {
      entries.set(name, {
        name,
        method: u16(bytes, p + 10),
        compressedSize: u32(bytes, p + 20),
        size: u32(bytes, p + 24),
        localOffset: u32(bytes, p + 42),
        encrypted: (u16(bytes, p + 8) & 1) === 1,
      });
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function dataRange(bytes: Uint8Array, e: ZipEntry): [number, number] {
  const o = e.localOffset;
  if (o + 30 > bytes.length || u32(bytes, o) !== 0x04034b50) throw new ZipProblem('truncated', e.name);
  const start = o + 30 + u16(bytes, o + 26) + u16(bytes, o + 28);
  const end = start + e.compressedSize;
  if (end > bytes.length) throw new ZipProblem('truncated', e.name);
  return [start, end];
}

/**
 * Inflates one entry in chunks as the compressed bytes are fed, so that a 200 MB sheet is never whole in memory,
 * and stops as soon as the entry goes over its budget.
 */
export function inflateEntry(bytes: Uint8Array, e: ZipEntry, budget: InflateBudget): Generator<Uint8Array> {
  if (e.encrypted) throw new ZipProblem('unsupported', e.name);
  const [start, end] = dataRange(bytes, e);
  return inflateRange(bytes, start, end, e.method, e.name, budget);
}

function* inflateRange(
  bytes: Uint8Array,
  start: number,
  end: number,
  method: number,
  name: string,
  budget: InflateBudget,
): Generator<Uint8Array> {
  let out = 0;
  const check = (fed: number) => {
    if (out > budget.maxBytes) throw new ZipProblem('too_large', name, budget);
    if (out > budget.ratioGrace && out / Math.max(1, fed) > budget.maxRatio)
      throw new ZipProblem('ratio', name, budget);
  };
  if (method === 0) {
    for (let s = start; s < end; s += YIELD_AT) {
      const piece = bytes.slice(s, Math.min(end, s + YIELD_AT));
      out += piece.length;
      check(out);
      yield piece;
    }
    return;
  }
  if (method !== 8) throw new ZipProblem('unsupported', name);
  let ready: Uint8Array[] = [];
  let readyBytes = 0;
  let ended = false;
  const inflate = new Inflate((data, final) => {
    if (final) ended = true;
    if (data.length) {
      ready.push(data);
      readyBytes += data.length;
      out += data.length;
    }
  });
  for (let s = start; s <= end; s += STEP) {
    const last = s + STEP >= end;
    try {
      inflate.push(bytes.subarray(s, Math.min(end, s + STEP)), last);
    } catch {
      throw new ZipProblem('truncated', name);
    }
    check(Math.min(end, s + STEP) - start);
    if (readyBytes >= YIELD_AT || last) {
      const chunk = concat(ready);
      ready = [];
      readyBytes = 0;
      if (chunk.length) yield chunk;
    }
    if (last || ended) break;
  }
  if (!ended) throw new ZipProblem('truncated', name);
}

/** The whole inflated entry (for the small parts: workbook, relationships, a package's manifest and payload). */
export function readEntry(bytes: Uint8Array, e: ZipEntry, budget: InflateBudget): Uint8Array {
  return concat([...inflateEntry(bytes, e, budget)]);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let n = 0;
  for (const c of parts) n += c.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const c of parts) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** Inflates a bare DEFLATE stream (an encrypted package's payload) under a budget. */
export function inflateBounded(deflated: Uint8Array, budget: InflateBudget, name: string): Uint8Array {
  return concat([...inflateRange(deflated, 0, deflated.length, 8, name, budget)]);
}

export const MiB = 1 << 20;
