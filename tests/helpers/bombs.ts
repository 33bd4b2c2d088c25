// Zip bombs built small: a raw DEFLATE stream whose output is prefix + unit × repeat + suffix, made by compressing
// each piece once with a full flush (byte-aligned, dictionary reset) and repeating the compressed unit. The test
// never holds the inflated bytes; only the code under test could (which is what the attack is about).
import { constants, deflateRawSync } from 'node:zlib';

const enc = (s: string | Uint8Array) => (typeof s === 'string' ? new TextEncoder().encode(s) : s);

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** `text` repeated to about `bytes` bytes. */
export function repeatTo(text: string, bytes: number): Uint8Array {
  return enc(text.repeat(Math.max(1, Math.floor(bytes / text.length))));
}

export interface Bomb {
  /** Raw DEFLATE data. */
  deflated: Uint8Array;
  /** What it inflates to. */
  inflatedBytes: number;
}

/** A raw DEFLATE stream inflating to prefix + unit × repeat + suffix. */
export function deflateBomb(
  prefix: string | Uint8Array,
  unit: Uint8Array,
  repeat: number,
  suffix: string | Uint8Array,
): Bomb {
  const open = { level: 9, finishFlush: constants.Z_FULL_FLUSH };
  const head = deflateRawSync(enc(prefix), open);
  const body = deflateRawSync(unit, open);
  const tail = deflateRawSync(enc(suffix), { level: 9 });
  return {
    deflated: concatBytes([head, ...Array.from({ length: repeat }, () => body), tail]),
    inflatedBytes: enc(prefix).length + unit.length * repeat + enc(suffix).length,
  };
}

export interface ZipPart {
  name: string;
  /** Stored as DEFLATE; a Bomb goes in as it is, with its (honest or lying) declared size. */
  data: Uint8Array | Bomb;
  /** The uncompressed size the directory declares (default: the honest one, capped at 4 GiB − 1). */
  declaredSize?: number;
}

/** A ZIP file written by hand, so that an entry can be a prebuilt DEFLATE stream (CRC left 0: readers skip it). */
export function zipOf(parts: readonly ZipPart[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const p of parts) {
    const bomb = 'deflated' in p.data ? p.data : undefined;
    const raw = bomb ? undefined : (p.data as Uint8Array);
    const data = bomb ? bomb.deflated : deflateRawSync(raw!, { level: 6 });
    const size = Math.min(0xffffffff, p.declaredSize ?? (bomb ? bomb.inflatedBytes : raw!.length));
    const name = enc(p.name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, 8, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, size, true);
    local.setUint16(26, name.length, true);
    const dir = new DataView(new ArrayBuffer(46));
    dir.setUint32(0, 0x02014b50, true);
    dir.setUint16(4, 20, true);
    dir.setUint16(6, 20, true);
    dir.setUint16(10, 8, true);
    dir.setUint32(20, data.length, true);
    dir.setUint32(24, size, true);
    dir.setUint16(28, name.length, true);
    dir.setUint32(42, offset, true);
    chunks.push(new Uint8Array(local.buffer), name, data);
    central.push(new Uint8Array(dir.buffer), name);
    offset += 30 + name.length + data.length;
  }
  const dirBytes = concatBytes(central);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, parts.length, true);
  end.setUint16(10, parts.length, true);
  end.setUint32(12, dirBytes.length, true);
  end.setUint32(16, offset, true);
  return concatBytes([...chunks, dirBytes, new Uint8Array(end.buffer)]);
}

const WB =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>';
const RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>';
const TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>';
const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
const SHEET =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2"><v>30</v></c><c r="B2" t="s"><v>2</v></c></row></sheetData></worksheet>';
const SHARED =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>age</t></si><si><t>sex</t></si><si><t>male</t></si></sst>';

/** A workbook as Excel lays it out, with any part replaced (by a bomb, say). */
export function workbookWith(replace: Record<string, Uint8Array | Bomb> = {}): Uint8Array {
  const parts: Record<string, Uint8Array | Bomb> = {
    '[Content_Types].xml': enc(TYPES),
    '_rels/.rels': enc(ROOT_RELS),
    'xl/workbook.xml': enc(WB),
    'xl/_rels/workbook.xml.rels': enc(RELS),
    'xl/worksheets/sheet1.xml': enc(SHEET),
    'xl/sharedStrings.xml': enc(SHARED),
    ...replace,
  };
  return zipOf(Object.entries(parts).map(([name, data]) => ({ name, data })));
}

const GiB = 1 << 30;
const MiB = 1 << 20;

/** Shared strings inflating to ~2 GB from ~2 MB: `<si><t>…</t></si>` items without end. */
export const sharedStringsBomb = (): Bomb =>
  deflateBomb(
    '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>age</t></si><si><t>sex</t></si><si><t>male</t></si>',
    repeatTo('<si><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></si>', MiB),
    (2 * GiB) / MiB,
    '</sst>',
  );

/** A workbook part of 2 GB of blanks inside <sheets>. */
export const workbookPartBomb = (): Bomb =>
  deflateBomb(
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="data" sheetId="1" r:id="rId1"/>',
    repeatTo(' ', MiB),
    (2 * GiB) / MiB,
    '</sheets></workbook>',
  );

/** A sheet of 2 GB of empty rows (`<row/>`). */
export const emptyRowsBomb = (): Bomb =>
  deflateBomb(
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>',
    repeatTo('<row/>', MiB),
    (2 * GiB) / MiB,
    '</sheetData></worksheet>',
  );

/** A package payload: valid JSON whose forms array is 2 GB of blanks. */
export const payloadBomb = (): Bomb =>
  deflateBomb('{"forms":[', repeatTo(' ', MiB), (2 * GiB) / MiB, '],"interviews":[]}');
