/**
 * Just enough ZIP to read an .xlsx without holding the inflated sheet in memory: the central directory is read
 * from the end of the file, and one entry at a time is inflated in chunks (fflate's streaming Inflate).
 * A file that is not a ZIP, or is cut short, fails with a message a clerk understands.
 */
import { Inflate } from 'fflate';
import { unreadable } from '../problem.ts';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

const notWorkbook = () =>
  unreadable(
    'not_xlsx',
    '这个文件不是 Excel 工作簿（.xlsx）。请在 Excel 或 WPS 中打开它，另存为“Excel 工作簿 (*.xlsx)”或“CSV UTF-8”后再导入。',
    'This file is not an Excel workbook (.xlsx). Open it in Excel or WPS and save it as "Excel Workbook (*.xlsx)" or "CSV UTF-8", then import again.',
  );
const truncated = () =>
  unreadable(
    'truncated_xlsx',
    '这个 Excel 文件不完整（可能复制或下载时中断了）。请重新获取完整的文件后再导入。',
    'This Excel file is incomplete (copying or downloading was probably interrupted). Get the complete file again and import it.',
  );

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Reads the central directory. */
export function zipEntries(bytes: Uint8Array): Map<string, ZipEntry> {
  if (!isZip(bytes)) throw notWorkbook();
  // End of central directory: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw truncated();
  const count = u16(bytes, eocd + 10);
  let p = u32(bytes, eocd + 16);
  if (p === 0xffffffff || count === 0xffff) {
    throw unreadable(
      'zip64',
      '这个 Excel 文件超过 4 GB，无法导入。请把数据拆成几个文件。',
      'This Excel file is larger than 4 GB and cannot be imported. Split the data into several files.',
    );
  }
  const entries = new Map<string, ZipEntry>();
  const dec = new TextDecoder();
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== 0x02014b50) throw truncated();
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    const name = dec.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    entries.set(name, {
      name,
      method: u16(bytes, p + 10),
      compressedSize: u32(bytes, p + 20),
      size: u32(bytes, p + 24),
      localOffset: u32(bytes, p + 42),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function dataRange(bytes: Uint8Array, e: ZipEntry): [number, number] {
  const o = e.localOffset;
  if (o + 30 > bytes.length || u32(bytes, o) !== 0x04034b50) throw truncated();
  const start = o + 30 + u16(bytes, o + 26) + u16(bytes, o + 28);
  const end = start + e.compressedSize;
  if (end > bytes.length) throw truncated();
  return [start, end];
}

/** Inflates one entry in chunks as the compressed bytes are fed, so that a 200 MB sheet is never whole in memory. */
export function* inflateEntry(bytes: Uint8Array, e: ZipEntry): Generator<Uint8Array> {
  const [start, end] = dataRange(bytes, e);
  const step = 1 << 18;
  if (e.method === 0) {
    for (let s = start; s < end; s += step) yield bytes.slice(s, Math.min(end, s + step));
    return;
  }
  if (e.method !== 8) throw notWorkbook();
  let out: Uint8Array[] = [];
  let ended = false;
  const inflate = new Inflate((data, final) => {
    if (final) ended = true;
    out.push(data);
  });
  for (let s = start; s <= end; s += step) {
    const last = s + step >= end;
    try {
      inflate.push(bytes.subarray(s, Math.min(end, s + step)), last);
    } catch {
      throw truncated();
    }
    if (out.length) {
      const ready = out;
      out = [];
      for (const c of ready) yield c;
    }
    if (last) break;
  }
  if (!ended) throw truncated();
}

/** The whole inflated entry (for the small parts: workbook, relationships, shared strings). */
export function readEntry(bytes: Uint8Array, e: ZipEntry): Uint8Array {
  return concat([...inflateEntry(bytes, e)]);
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
