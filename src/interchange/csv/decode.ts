/**
 * Text encoding of an office's CSV: UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text"), or GB18030,
 * which is what Chinese Excel and WPS write by default. A file whose lines disagree (some UTF-8, some GB18030,
 * typically two files pasted together) is refused, naming a line of each kind, rather than half garbled.
 */
import { unreadable } from '../problem.ts';

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' | 'gb18030';
}

/** UTF-32 with its byte-order mark (what some tools call "Unicode (UTF-32)"); TextDecoder does not know it. */
export function utf32Order(bytes: Uint8Array): 'le' | 'be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) return 'le';
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) return 'be';
  return undefined;
}

function decodeUtf32(bytes: Uint8Array, order: 'le' | 'be'): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = order === 'le';
  let out = '';
  let piece: number[] = [];
  for (let o = 4; o + 4 <= bytes.length; o += 4) {
    const cp = view.getUint32(o, le);
    piece.push(cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? cp : 0xfffd);
    if (piece.length === 4096) {
      out += String.fromCodePoint(...piece);
      piece = [];
    }
  }
  // A length that is not a multiple of 4 is a cut file: its last character is unreadable.
  if (bytes.length % 4) piece.push(0xfffd);
  return out + String.fromCodePoint(...piece);
}

function hasHighBytes(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i]! >= 0x80) return true;
  return false;
}

export function decodeText(bytes: Uint8Array): DecodedText {
  const order = utf32Order(bytes);
  if (order) return { text: decodeUtf32(bytes, order), encoding: order === 'le' ? 'utf-32le' : 'utf-32be' };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // not UTF-8 as a whole: GB18030, unless some lines are UTF-8 (mixed)
  }
  const strict = new TextDecoder('utf-8', { fatal: true });
  let utf8Line = 0;
  let otherLine = 0;
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length && !(utf8Line && otherLine); i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      if (hasHighBytes(bytes, start, i)) {
        try {
          strict.decode(bytes.subarray(start, i));
          if (!utf8Line) utf8Line = line;
        } catch {
          if (!otherLine) otherLine = line;
        }
      }
      line++;
      start = i + 1;
    }
  }
  if (utf8Line && otherLine) {
    throw unreadable(
      'mixed_encoding',
      `这个 CSV 文件混用了两种文字编码（第 ${utf8Line} 行是 UTF-8，第 ${otherLine} 行是 GBK/GB18030），中文会变成乱码。` +
        '请在 Excel 或 WPS 中把各部分统一后，另存为“CSV UTF-8（逗号分隔）”再导入。',
      `This CSV file mixes two text encodings (line ${utf8Line} is UTF-8, line ${otherLine} is GBK/GB18030), so Chinese ` +
        'text would be garbled. Make it consistent and save it as "CSV UTF-8 (comma delimited)", then import again.',
    );
  }
  return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
}
