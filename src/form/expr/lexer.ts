import { ExprSyntaxError } from './ast.ts';

export type Token =
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'ref'; value: string; pos: number }
  | { kind: 'name'; value: string; pos: number }
  | {
      kind: 'punct';
      value: '(' | ')' | ',' | '.' | '..' | '/' | '[' | ']' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*';
      pos: number;
    }
  | { kind: 'end'; pos: number };

// XLSForm names: a letter or underscore, then letters, digits, `_`, `-`, `.` (XML NCName, as ODK).
const NAME = /[\p{L}_][\p{L}\p{N}_.-]*(?::[\p{L}_][\p{L}\p{N}_.-]*)?/uy;
const FIELD_NAME = /^[\p{L}_][\p{L}\p{N}_.-]*$/u;
// Decimal literals; an exponent is accepted so that every printed number reads back.
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;

export function isFieldName(name: string): boolean {
  return FIELD_NAME.test(name);
}

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u00a0' || c === '\u3000') {
      i++;
      continue;
    }
    const pos = i;
    if (c === '$') {
      if (src[i + 1] !== '{') throw new ExprSyntaxError('"$" must start a field reference ${name}', pos, src);
      const close = src.indexOf('}', i + 2);
      if (close < 0) throw new ExprSyntaxError('field reference ${... is not closed with "}"', pos, src);
      const name = src.slice(i + 2, close).trim();
      if (name.startsWith('last-saved#')) {
        throw new ExprSyntaxError(
          `\${${name}} reads the last saved interview, which scilit does not support yet`,
          i + 2,
          src,
        );
      }
      if (!isFieldName(name)) throw new ExprSyntaxError(`"${name}" is not a valid field name`, i + 2, src);
      out.push({ kind: 'ref', value: name, pos });
      i = close + 1;
      continue;
    }
    if (c === "'" || c === '"') {
      const close = src.indexOf(c, i + 1);
      if (close < 0) throw new ExprSyntaxError(`text starting with ${c} is not closed`, pos, src);
      out.push({ kind: 'string', value: src.slice(i + 1, close), pos });
      i = close + 1;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(src);
    if (num) {
      out.push({ kind: 'number', value: Number(num[0]), pos });
      i += num[0].length;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(src);
    if (name) {
      out.push({ kind: 'name', value: name[0], pos });
      i += name[0].length;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '!=' || two === '<=' || two === '>=' || two === '..') {
      out.push({ kind: 'punct', value: two, pos });
      i += 2;
      continue;
    }
    if ('(),.=<>+-*/[]'.includes(c)) {
      out.push({ kind: 'punct', value: c as '(', pos });
      i++;
      continue;
    }
    // pyxform quietly straightens curly quotes; scilit points at them, since Excel and WPS make them while typing.
    const hint =
      c === '‘' || c === '’' || c === '“' || c === '”' || c === '「' || c === '」'
        ? ` (a curly quote: write the straight quote ${c === '“' || c === '”' ? '"' : "'"}, and turn off "smart quotes" in Excel or WPS)`
        : c === '（' || c === '）' || c === '，'
          ? ` (a full-width "${c}": use the ASCII character)`
          : c === '&' || c === '|'
            ? ' (use "and" / "or")'
            : '';
    throw new ExprSyntaxError(`unexpected character "${c}"${hint}`, pos, src);
  }
  out.push({ kind: 'end', pos: src.length });
  return out;
}
