import { type BinaryOp, type Expr, ExprSyntaxError, type PathStep } from './ast.ts';
import { FUNCTION_ARITY } from './functions.ts';
import { type Token, tokenize } from './lexer.ts';

const MAX_DEPTH = 64;
// ODK functions scilit knows but cannot evaluate yet, with the reason.
const NOT_YET: Record<string, string> = {
  pulldata: 'it reads a CSV file kept with the form',
  position: 'it counts repeat instances, and repeats are not supported yet',
  'indexed-repeat': 'it reads repeat instances, and repeats are not supported yet',
  'jr:itext': 'it reads translations by key',
  geofence: 'it needs the device location',
};
const MAX_LENGTH = 20_000;

/** Parses an XLSForm expression; throws ExprSyntaxError pointing at the offending character. */
export function parseExpression(src: string): Expr {
  if (src.length > MAX_LENGTH) throw new ExprSyntaxError(`expression longer than ${MAX_LENGTH} characters`, 0, src);
  const tokens = tokenize(src);
  if (tokens.length === 1) throw new ExprSyntaxError('empty expression', 0, src);
  const p = new Parser(src, tokens);
  const e = p.expr();
  const t = p.peek();
  if (t.kind !== 'end') {
    throw new ExprSyntaxError(`unexpected ${describe(t)} after a complete expression`, t.pos, src);
  }
  return e;
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'end':
      return 'end of expression';
    case 'string':
      return `text '${t.value}'`;
    case 'ref':
      return `\${${t.value}}`;
    default:
      return `"${t.value}"`;
  }
}

const LEVELS: readonly (readonly BinaryOp[])[] = [
  ['or'],
  ['and'],
  ['=', '!='],
  ['<', '<=', '>', '>='],
  ['+', '-'],
  ['*', 'div', 'mod'],
];

class Parser {
  private i = 0;
  private depth = 0;
  constructor(
    private readonly src: string,
    private readonly tokens: Token[],
  ) {}

  peek(): Token {
    return this.tokens[this.i]!;
  }

  private fail(message: string, t: Token = this.peek()): never {
    throw new ExprSyntaxError(message, t.pos, this.src);
  }

  private isOp(t: Token, level: readonly BinaryOp[]): BinaryOp | undefined {
    if ((t.kind === 'punct' || t.kind === 'name') && (level as readonly string[]).includes(t.value)) {
      return t.value as BinaryOp;
    }
    return undefined;
  }

  expr(): Expr {
    return this.binary(0);
  }

  private binary(level: number): Expr {
    if (level >= LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const op = this.isOp(this.peek(), LEVELS[level]!);
      if (!op) return left;
      this.i++;
      const right = this.binary(level + 1);
      left = { type: 'binary', op, left, right };
    }
  }

  private enter(t: Token): void {
    if (++this.depth > MAX_DEPTH) this.fail(`expression nested deeper than ${MAX_DEPTH} levels`, t);
  }

  private unary(): Expr {
    const t = this.peek();
    if (t.kind === 'punct' && t.value === '-') {
      this.i++;
      this.enter(t);
      const operand = this.unary();
      this.depth--;
      return { type: 'negate', operand };
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'number':
        this.i++;
        return { type: 'number', value: t.value };
      case 'string':
        this.i++;
        return { type: 'string', value: t.value };
      case 'ref':
        this.i++;
        return { type: 'ref', name: t.value };
      case 'name': {
        this.i++;
        const next = this.peek();
        if (next.kind === 'punct' && next.value === '(') {
          if (t.value === 'current') return this.current();
          if (t.value === 'instance') return this.instance(t);
          return this.call(t.value, t);
        }
        if (this.isPunct('/')) return this.fail('a path must start with "/", "..", "." or current()', next);
        return { type: 'property', name: t.value };
      }
      case 'punct':
        if (t.value === '.' || t.value === '..' || t.value === '/') {
          if (t.value === '.' && !this.isPunct('/', 1)) {
            this.i++;
            return { type: 'current' };
          }
          return this.fieldPath(t.pos);
        }
        if (t.value === '(') {
          this.i++;
          this.enter(t);
          const inner = this.expr();
          this.depth--;
          this.expect(')', t);
          return inner;
        }
        return this.fail(`expected a value but found ${describe(t)}`);
      case 'end':
        return this.fail('expression ends too early: a value is missing');
    }
  }

  private isPunct(value: string, ahead = 0): boolean {
    const t = this.tokens[this.i + ahead];
    return t?.kind === 'punct' && t.value === value;
  }

  /** `/data/g/x`, `../x`, `./x`, `current()/../x`: steps of names, `.` and `..`, ending at a field's name. */
  private fieldPath(start: number, prefix = ''): Expr {
    let last: string | undefined;
    let lastToken = this.peek();
    if (this.isPunct('/')) this.i++;
    else {
      this.i++; // the leading "." or ".."
      if (!this.isPunct('/')) return this.fail('a path must end at a question name', lastToken);
      this.i++;
    }
    for (;;) {
      const t = this.peek();
      lastToken = t;
      if (t.kind === 'name') last = t.value;
      else if (t.kind === 'punct' && (t.value === '..' || t.value === '.')) last = undefined;
      else return this.fail(`expected a name in the path but found ${describe(t)}`, t);
      this.i++;
      if (this.isPunct('[')) return this.fail('a predicate [ ] is only supported on instance(...) items', this.peek());
      if (!this.isPunct('/')) break;
      this.i++;
    }
    if (last === undefined) return this.fail('a path must end at a question name', lastToken);
    const endPos = this.peek().pos;
    return { type: 'path', field: last, text: prefix + this.src.slice(start, endPos).replace(/\s+/g, '') };
  }

  /** `current()` is the value checked, as `.`; `current()/../x` is a field by path. */
  private current(): Expr {
    this.i++; // (
    if (!this.isPunct(')')) this.fail('current() takes no arguments');
    this.i++;
    if (!this.isPunct('/')) return { type: 'current' };
    return this.fieldPath(this.peek().pos, 'current()');
  }

  /** `instance('list')/root/item[pred]/label`. */
  private instance(nameToken: Token): Expr {
    const open = this.peek();
    this.i++; // (
    const id = this.peek();
    if (id.kind !== 'string') return this.fail("instance() takes the list's name in quotes: instance('list')", id);
    this.i++;
    this.expect(')', open);
    const steps: PathStep[] = [];
    while (this.isPunct('/')) {
      this.i++;
      const t = this.peek();
      if (t.kind !== 'name') return this.fail(`expected a name in the path but found ${describe(t)}`, t);
      this.i++;
      const step: PathStep = { name: t.value, predicates: [] };
      while (this.isPunct('[')) {
        const bracket = this.peek();
        this.i++;
        this.enter(bracket);
        step.predicates.push(this.expr());
        this.depth--;
        if (!this.isPunct(']'))
          this.fail(`expected "]" (to close "[" at character ${bracket.pos + 1}) but found ${describe(this.peek())}`);
        this.i++;
      }
      steps.push(step);
    }
    if (steps.length === 0) return this.fail("instance('…') must be followed by a path such as /root/item", nameToken);
    return { type: 'instance', id: id.value, steps };
  }

  private expect(value: ')' | ',', open: Token): void {
    const t = this.peek();
    if (t.kind === 'punct' && t.value === value) {
      this.i++;
      return;
    }
    this.fail(`expected "${value}" (to close "(" at character ${open.pos + 1}) but found ${describe(t)}`);
  }

  private call(name: string, nameToken: Token): Expr {
    const arity = Object.hasOwn(FUNCTION_ARITY, name) ? FUNCTION_ARITY[name] : undefined;
    const later = NOT_YET[name];
    if (!arity && later) this.fail(`${name}() is not supported yet: ${later}`, nameToken);
    if (!arity) this.fail(`unknown function ${name}()`, nameToken);
    const open = this.peek();
    this.i++; // "("
    this.enter(open);
    const args: Expr[] = [];
    const first = this.peek();
    if (!(first.kind === 'punct' && first.value === ')')) {
      for (;;) {
        args.push(this.expr());
        const sep = this.peek();
        if (sep.kind === 'punct' && sep.value === ',') {
          this.i++;
          continue;
        }
        break;
      }
    }
    this.expect(')', open);
    this.depth--;
    const [min, max] = arity;
    if (args.length < min || args.length > max) {
      const want = min === max ? `${min}` : max === Number.POSITIVE_INFINITY ? `at least ${min}` : `${min} to ${max}`;
      this.fail(`${name}() takes ${want} argument${want === '1' ? '' : 's'}, not ${args.length}`, nameToken);
    }
    return { type: 'call', name, args };
  }
}
