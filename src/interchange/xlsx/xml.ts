/** The XML text rules an .xlsx uses: the five entities, numeric references, and OOXML's `_xHHHH_` escapes. */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** A numeric character reference that names no character (`&#99999999;`, `&#xD800;`, `&#0;`): not XML. */
export class BadCharacterReference extends Error {
  constructor(readonly reference: string) {
    super(`bad character reference ${reference}`);
    this.name = 'BadCharacterReference';
  }
}

export function unescapeXml(s: string): string {
  if (s.indexOf('&') >= 0) {
    s = s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (ref, e: string) => {
      if (e[0] !== '#') return ENTITIES[e]!;
      const code = e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      if (!(code > 0 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) throw new BadCharacterReference(ref);
      return String.fromCodePoint(code);
    });
  }
  if (s.indexOf('_x') >= 0)
    s = s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  return s;
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/** Value of attribute `name` in an attribute string like ` r="A1" t="s"`. */
export function attr(attrs: string, name: string): string | undefined {
  const i = attrs.indexOf(` ${name}="`);
  if (i < 0) return undefined;
  const start = i + name.length + 3;
  const end = attrs.indexOf('"', start);
  return end < 0 ? undefined : attrs.slice(start, end);
}

/** The text of a string item (`<si>` or `<is>`): every `<t>` run, phonetic runs (`<rPh>`) left out. */
export function stringItemText(inner: string): string {
  if (inner.indexOf('<rPh') >= 0) inner = inner.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let out = '';
  const re = /<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g;
  for (let m = re.exec(inner); m; m = re.exec(inner)) out += m[1];
  return unescapeXml(out);
}
