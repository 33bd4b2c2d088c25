/**
 * Regular expressions for `regex()` in linear time: a form's pattern is compiled to a Thompson NFA and run by
 * simulating every state at once (Pike/Thompson), so no pattern, however nested (`^(a+)+$`), can take more than
 * (pattern size × answer length) steps. JavaScript's RegExp backtracks and cannot be interrupted, so a hostile form
 * could hang the interview or an import for minutes (issue 21, item 10).
 *
 * The syntax is what ODK forms use (Java's and JavaScript's common part): literals, `.`, classes `[a-z]`, `[^…]`,
 * `\d \w \s \D \W \S`, `\p{L}`, escapes, groups `( )` and `(?: )`, alternation `|`, quantifiers `* + ? {n} {n,}
 * {n,m}` (lazy forms too: a match/no-match answer does not depend on laziness), anchors `^ $`. Back-references
 * and look-around cannot be matched in linear time and are refused with a message, as is a pattern over the size
 * limit. Matching is `find` (anywhere in the text), as ODK Collect (Java's Matcher.find) and Enketo (RegExp.test).
 */

export class RegexError extends Error {}

type CharTest = (cp: number) => boolean;
type Inst =
  | { op: 'char'; test: CharTest }
  | { op: 'split'; x: number; y: number }
  | { op: 'jmp'; x: number }
  | { op: 'bol' }
  | { op: 'eol' }
  | { op: 'match' };

type Node =
  | { t: 'char'; test: CharTest }
  | { t: 'bol' }
  | { t: 'eol' }
  | { t: 'cat'; items: Node[] }
  | { t: 'alt'; items: Node[] }
  | { t: 'rep'; node: Node; min: number; max: number };

/** Instructions a compiled pattern may have: `(a{1000}){1000}` is refused rather than built. */
const MAX_PROGRAM = 20_000;
const MAX_REPEAT = 1000;

const isLineEnd = (cp: number) => cp === 10 || cp === 13 || cp === 0x2028 || cp === 0x2029;
const DIGIT: CharTest = (c) => c >= 48 && c <= 57;
const WORD: CharTest = (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const SPACE: CharTest = (c) => c === 32 || (c >= 9 && c <= 13);

class Parser {
  private i = 0;
  private readonly cps: number[];
  constructor(private readonly src: string) {
    this.cps = Array.from(src, (ch) => ch.codePointAt(0)!);
  }

  private fail(msg: string): never {
    throw new RegexError(`${msg} at character ${this.i + 1}`);
  }
  private peek(): number | undefined {
    return this.cps[this.i];
  }
  private eat(ch: string): boolean {
    if (this.cps[this.i] === ch.codePointAt(0)) {
      this.i++;
      return true;
    }
    return false;
  }

  parse(): Node {
    const n = this.alt();
    if (this.i < this.cps.length) this.fail('unmatched ")"');
    return n;
  }

  private alt(): Node {
    const items = [this.cat()];
    while (this.eat('|')) items.push(this.cat());
    return items.length === 1 ? items[0]! : { t: 'alt', items };
  }

  private cat(): Node {
    const items: Node[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === 0x7c /* | */ || c === 0x29 /* ) */) break;
      items.push(this.quantified());
    }
    return { t: 'cat', items };
  }

  private quantified(): Node {
    let node = this.atom();
    for (;;) {
      let min: number;
      let max: number;
      if (this.eat('*')) [min, max] = [0, Number.POSITIVE_INFINITY];
      else if (this.eat('+')) [min, max] = [1, Number.POSITIVE_INFINITY];
      else if (this.eat('?')) [min, max] = [0, 1];
      else if (this.peek() === 0x7b /* { */ && this.isCount()) [min, max] = this.count();
      else return node;
      if (node.t === 'bol' || node.t === 'eol') this.fail('a quantifier needs something to repeat');
      if (!this.eat('?')) this.eat('+'); // lazy and possessive forms match the same texts
      node = { t: 'rep', node, min, max };
    }
  }

  private isCount(): boolean {
    const rest = String.fromCodePoint(...this.cps.slice(this.i, this.i + 24));
    return /^\{\d+(,\d*)?\}/.test(rest);
  }

  private count(): [number, number] {
    this.i++; // {
    const num = () => {
      let s = '';
      while (this.peek() !== undefined && DIGIT(this.peek()!)) s += String.fromCodePoint(this.cps[this.i++]!);
      return s;
    };
    const a = num();
    let b = a;
    if (this.eat(',')) b = num();
    this.eat('}');
    const min = Number(a);
    const max = b === '' ? Number.POSITIVE_INFINITY : Number(b);
    if (min > MAX_REPEAT || (Number.isFinite(max) && max > MAX_REPEAT)) this.fail(`a count over ${MAX_REPEAT}`);
    if (max < min) this.fail(`{${a},${b}} counts down`);
    return [min, max];
  }

  private atom(): Node {
    const c = this.cps[this.i++];
    switch (c) {
      case 0x28: {
        // (
        if (this.eat('?')) {
          if (!this.eat(':')) this.fail('look-around and inline flags "(?…)" are not supported');
        }
        const inner = this.alt();
        if (!this.eat(')')) this.fail('"(" is not closed');
        return inner;
      }
      case 0x5b: // [
        return { t: 'char', test: this.charClass() };
      case 0x2e: // .
        return { t: 'char', test: (cp) => !isLineEnd(cp) };
      case 0x5e: // ^
        return { t: 'bol' };
      case 0x24: // $
        return { t: 'eol' };
      case 0x5c: // \
        return { t: 'char', test: this.escape(false) };
      case 0x2a:
      case 0x2b:
      case 0x3f:
        this.i--;
        return this.fail('a quantifier needs something to repeat');
      case undefined:
        return this.fail('the pattern ends too early');
      default:
        return { t: 'char', test: (cp) => cp === c };
    }
  }

  /** After a backslash: one character (usable in a range) or a class of them. */
  private escapeAtom(inClass: boolean): { cp: number } | { test: CharTest } {
    const c = this.cps[this.i++];
    if (c === undefined) this.fail('the pattern ends with "\\"');
    const ch = String.fromCodePoint(c);
    const hex = (n: number) => {
      const digits = String.fromCodePoint(...this.cps.slice(this.i, this.i + n));
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(digits)) this.fail(`\\${ch} needs ${n} hex digits`);
      this.i += n;
      return { cp: Number.parseInt(digits, 16) };
    };
    switch (ch) {
      case 'd':
        return { test: DIGIT };
      case 'D':
        return { test: (x) => !DIGIT(x) };
      case 'w':
        return { test: WORD };
      case 'W':
        return { test: (x) => !WORD(x) };
      case 's':
        return { test: SPACE };
      case 'S':
        return { test: (x) => !SPACE(x) };
      case 'n':
        return { cp: 10 };
      case 'r':
        return { cp: 13 };
      case 't':
        return { cp: 9 };
      case 'f':
        return { cp: 12 };
      case 'v':
        return { cp: 11 };
      case 'u':
        return hex(4);
      case 'x':
        return hex(2);
      case 'p':
      case 'P': {
        if (!this.eat('{')) this.fail('write a Unicode class as \\p{…}');
        let name = '';
        while (this.peek() !== undefined && this.peek() !== 0x7d) name += String.fromCodePoint(this.cps[this.i++]!);
        if (!this.eat('}')) this.fail('"\\p{" is not closed');
        let re: RegExp;
        try {
          re = new RegExp(`^\\p{${name.replace(/^Is/, '')}}$`, 'u');
        } catch {
          return this.fail(`unknown Unicode class \\p{${name}}`);
        }
        // One character at a time: a fixed-size test, whatever the class.
        const test: CharTest = (x) => re.test(String.fromCodePoint(x));
        return { test: ch === 'p' ? test : (x) => !test(x) };
      }
      case 'b':
        if (inClass) return { cp: 8 };
        return this.fail('word boundaries (\\b) are not supported');
      default:
        if (/[1-9]/.test(ch)) this.fail('back-references (\\1 …) are not supported: they cannot be matched safely');
        if (/[A-Za-z0-9]/.test(ch)) this.fail(`unknown escape \\${ch}`);
        return { cp: c };
    }
  }

  private escape(inClass: boolean): CharTest {
    const a = this.escapeAtom(inClass);
    if ('test' in a) return a.test;
    const v = a.cp;
    return (x) => x === v;
  }

  private charClass(): CharTest {
    const negate = this.eat('^');
    const tests: CharTest[] = [];
    let first = true;
    // One endpoint of a range: a character, or an escape standing for one.
    const endpoint = (): { cp: number } | { test: CharTest } => {
      const c = this.cps[this.i++]!;
      return c === 0x5c ? this.escapeAtom(true) : { cp: c };
    };
    for (;;) {
      const c = this.cps[this.i];
      if (c === undefined) this.fail('"[" is not closed');
      if (c === 0x5d && !first) {
        this.i++;
        break;
      }
      first = false;
      const lo = endpoint();
      if ('test' in lo) {
        tests.push(lo.test);
        continue;
      }
      if (this.peek() === 0x2d /* - */ && this.cps[this.i + 1] !== undefined && this.cps[this.i + 1] !== 0x5d) {
        this.i++;
        const hi = endpoint();
        if ('test' in hi) this.fail('a range cannot end at a class such as \\d');
        if (hi.cp < lo.cp) this.fail('a range runs backwards');
        const a = lo.cp;
        const b = hi.cp;
        tests.push((x) => x >= a && x <= b);
      } else {
        const a = lo.cp;
        tests.push((x) => x === a);
      }
    }
    const any: CharTest = (x) => tests.some((t) => t(x));
    return negate ? (x) => !any(x) : any;
  }
}

class Compiler {
  readonly prog: Inst[] = [];
  private emit(i: Inst): number {
    if (this.prog.length >= MAX_PROGRAM) throw new RegexError(`the pattern is too large (over ${MAX_PROGRAM} steps)`);
    this.prog.push(i);
    return this.prog.length - 1;
  }

  compile(n: Node): void {
    switch (n.t) {
      case 'char':
        this.emit({ op: 'char', test: n.test });
        return;
      case 'bol':
        this.emit({ op: 'bol' });
        return;
      case 'eol':
        this.emit({ op: 'eol' });
        return;
      case 'cat':
        for (const x of n.items) this.compile(x);
        return;
      case 'alt': {
        const jumps: number[] = [];
        for (let k = 0; k < n.items.length - 1; k++) {
          const split = this.emit({ op: 'split', x: 0, y: 0 });
          (this.prog[split] as { x: number }).x = this.prog.length;
          this.compile(n.items[k]!);
          jumps.push(this.emit({ op: 'jmp', x: 0 }));
          (this.prog[split] as { y: number }).y = this.prog.length;
        }
        this.compile(n.items[n.items.length - 1]!);
        for (const j of jumps) (this.prog[j] as { x: number }).x = this.prog.length;
        return;
      }
      case 'rep': {
        for (let k = 0; k < n.min; k++) this.compile(n.node);
        if (n.max === Number.POSITIVE_INFINITY) {
          const split = this.emit({ op: 'split', x: 0, y: 0 });
          (this.prog[split] as { x: number }).x = this.prog.length;
          this.compile(n.node);
          this.emit({ op: 'jmp', x: split });
          (this.prog[split] as { y: number }).y = this.prog.length;
          return;
        }
        const splits: number[] = [];
        for (let k = n.min; k < n.max; k++) {
          const split = this.emit({ op: 'split', x: 0, y: 0 });
          (this.prog[split] as { x: number }).x = this.prog.length;
          splits.push(split);
          this.compile(n.node);
        }
        for (const s of splits) (this.prog[s] as { y: number }).y = this.prog.length;
        return;
      }
    }
  }
}

export interface CompiledRegex {
  /** True when the pattern matches somewhere in `text`; RegexError past `budget` NFA steps. */
  find(text: string, budget?: number): boolean;
}

/** Compiles a form's pattern; throws RegexError saying what is wrong and where. */
export function compileRegex(pattern: string): CompiledRegex {
  const ast = new Parser(pattern).parse();
  const c = new Compiler();
  c.compile(ast);
  c.prog.push({ op: 'match' });
  const prog = c.prog;
  return {
    find(text: string, budget = Number.POSITIVE_INFINITY): boolean {
      let spent = 0;
      const input = Array.from(text, (ch) => ch.codePointAt(0)!);
      const n = input.length;
      // Thread lists as dense arrays with a generation mark, so each state is visited once per position.
      let current: number[] = [];
      let next: number[] = [];
      const mark = new Int32Array(prog.length).fill(-1);
      const stack: number[] = [];
      // Adds pc and everything reachable without reading a character, at input position pos.
      const add = (list: number[], pc0: number, pos: number, gen: number): boolean => {
        stack.push(pc0);
        while (stack.length) {
          const pc = stack.pop()!;
          if (mark[pc] === gen) continue;
          mark[pc] = gen;
          if (++spent > budget) throw new RegexError('the pattern takes too long on this answer');
          const inst = prog[pc]!;
          switch (inst.op) {
            case 'jmp':
              stack.push(inst.x);
              break;
            case 'split':
              stack.push(inst.y, inst.x);
              break;
            case 'bol':
              if (pos === 0) stack.push(pc + 1);
              break;
            case 'eol':
              if (pos === n) stack.push(pc + 1);
              break;
            case 'match':
              stack.length = 0;
              return true;
            default:
              list.push(pc);
          }
        }
        return false;
      };
      for (let pos = 0; pos <= n; pos++) {
        // find(): a new attempt starts at every position.
        if (add(current, 0, pos, pos)) return true;
        if (pos === n) break;
        const cp = input[pos]!;
        next.length = 0;
        for (const pc of current) {
          const inst = prog[pc] as { op: 'char'; test: CharTest };
          if (inst.test(cp) && add(next, pc + 1, pos + 1, pos + 1)) return true;
        }
        [current, next] = [next, current];
      }
      return false;
    },
  };
}
