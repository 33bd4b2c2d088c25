// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm writes field references as ${name} in plain strings
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileExpression,
  type Expr,
  type ExprEnv,
  ExprEvalError,
  ExprSyntaxError,
  type ExprValue,
  evaluate,
  fieldRefs,
  parseExpression,
  printExpression,
} from '../../../src/form/expr/index.ts';

function env(answers: Record<string, ExprValue>, extra: Partial<ExprEnv> = {}): ExprEnv {
  return { value: (n) => (Object.hasOwn(answers, n) ? answers[n] : undefined), today: '2025-06-15', ...extra };
}
const run = (src: string, answers: Record<string, ExprValue> = {}, extra: Partial<ExprEnv> = {}) =>
  evaluate(parseExpression(src), env(answers, extra));

describe('expressions as an ODK user writes them', () => {
  it('compares numbers typed as text, and an empty answer is neither old nor young', () => {
    expect(run('${age} >= 60', { age: '65' })).toBe(true);
    expect(run('${age} >= 60', { age: '18' })).toBe(false);
    expect(run('${age} >= 60', { age: null })).toBe(false);
    expect(run('${age} < 60', { age: null })).toBe(false);
    expect(run("${age} = ''", { age: null })).toBe(true);
    expect(run("${age} != ''", { age: '7' })).toBe(true);
    expect(run('${age} = 18', { age: '18' })).toBe(true);
    expect(run('${age} = 18', { age: '18.0' })).toBe(true);
  });

  it('follows XPath precedence: and binds tighter than or, div and mod tighter than + and -', () => {
    expect(run('1 + 2 * 3')).toBe(7);
    expect(run('7 div 2')).toBe(3.5);
    expect(run('7 mod 3 + 1')).toBe(2);
    expect(run('10 - 4 - 3')).toBe(3);
    expect(run('true() or false() and false()')).toBe(true);
    expect(run('(true() or false()) and false()')).toBe(false);
    expect(run('- 2 * 3')).toBe(-6);
    expect(run('1 div 0')).toBe(Number.POSITIVE_INFINITY);
  });

  it('reads select_multiple answers as space-separated choice names', () => {
    const a = { q: 'tv radio  internet' };
    expect(run("selected(${q}, 'radio')", a)).toBe(true);
    expect(run("selected(${q}, 'paper')", a)).toBe(false);
    expect(run('count-selected(${q})', a)).toBe(3);
    expect(run('count-selected(${q})', { q: null })).toBe(0);
    expect(run("selected(${q}, 'x')", { q: null })).toBe(false);
  });

  it('has the functions of the subset', () => {
    expect(run("if(${age} >= 18, 'adult', 'minor')", { age: '20' })).toBe('adult');
    expect(run("concat('a', 1, ${x})", { x: null })).toBe('a1');
    expect(run('string-length(${name})', { name: '张三丰' })).toBe(3);
    expect(run("regex(${code}, '^[0-9]{6}$')", { code: '310105' })).toBe(true);
    expect(run("regex(${code}, '^[0-9]{6}$')", { code: '31010' })).toBe(false);
    expect(run('int(7.9)')).toBe(7);
    expect(run('int(-7.9)')).toBe(-7);
    expect(run("number('12.5') + 1")).toBe(13.5);
    expect(run("coalesce(${a}, 'none')", { a: null })).toBe('none');
    expect(run("coalesce(${a}, 'none')", { a: 'x' })).toBe('x');
    expect(run('today()')).toBe('2025-06-15');
    expect(run('not(${a})', { a: '' })).toBe(true);
    expect(run('${d} < today()', { d: '2025-01-31' })).toBe(true);
    expect(run("${d} > '2025-02-01'", { d: '2025-11-01' })).toBe(true);
    expect(run('. >= 18 and . <= 69', {}, { current: '45' })).toBe(true);
    expect(run('name = ${city}', { city: 'sh' }, { choiceProperty: (n) => (n === 'name' ? 'sh' : undefined) })).toBe(
      true,
    );
  });

  it('computes the census age band the bundled form uses', () => {
    const band = compileExpression(
      "if(${age} < 20, '18-19', concat(int(${age} div 5) * 5, '-', int(${age} div 5) * 5 + 4))",
    );
    expect(band(env({ age: '18' }))).toBe('18-19');
    expect(band(env({ age: '20' }))).toBe('20-24');
    expect(band(env({ age: '44' }))).toBe('40-44');
    expect(band(env({ age: '69' }))).toBe('65-69');
  });

  it('lists the fields an expression reads', () => {
    expect(fieldRefs(parseExpression("${a} > 1 and selected(${b}, 'x') or ${a} = ${c}"))).toEqual(['a', 'b', 'c']);
  });
});

describe('parse errors point at the offending character', () => {
  const cases: [string, number, RegExp][] = [
    ['${age} >= ', 10, /ends too early/],
    ['${age} >> 3', 8, /expected a value/],
    ['${age} ≥ 60', 7, /unexpected character "≥"/],
    ["selected(${q}, 'a'", 18, /expected "\)"/],
    ['foo(1)', 0, /unknown function foo\(\)/],
    ['if(1, 2)', 0, /if\(\) takes 3 arguments, not 2/],
    ["'abc", 0, /not closed/],
    ['${ag e} > 1', 2, /not a valid field name/],
    ['${age', 0, /not closed/],
    ['${age} 60', 7, /after a complete expression/],
    ['（${a}）', 0, /full-width/],
    ['$age', 0, /field reference/],
    ['', 0, /empty/],
    ['${a} && ${b}', 5, /use "and"/],
  ];
  it.each(cases)('%s', (src, position, message) => {
    let err: unknown;
    try {
      parseExpression(src);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ExprSyntaxError);
    expect((err as ExprSyntaxError).position).toBe(position);
    expect((err as ExprSyntaxError).message).toMatch(message);
    expect((err as ExprSyntaxError).message).toContain(`at character ${position + 1}`);
  });

  it('refuses a pathological nesting with the typed error, not a stack overflow', () => {
    expect(() => parseExpression(`${'('.repeat(5000)}1${')'.repeat(5000)}`)).toThrow(ExprSyntaxError);
  });
});

describe('evaluation errors are typed', () => {
  it('an unknown field, a bad regex and a stray "." are ExprEvalError', () => {
    expect(() => run('${nope} = 1')).toThrow(ExprEvalError);
    expect(() => run("regex('a', '(')")).toThrow(ExprEvalError);
    expect(() => run('. > 1')).toThrow(ExprEvalError);
    expect(() => run('district = 1')).toThrow(/only allowed in a choice_filter/);
  });
});

// ---- properties ----
const NAMES = ['age', 'sex', 'q1', 'edu_level', 'a.b', 'x-y'];
const FUNCS: [string, number][] = [
  ['selected', 2],
  ['count-selected', 1],
  ['if', 3],
  ['concat', 3],
  ['string-length', 1],
  ['regex', 2],
  ['int', 1],
  ['number', 1],
  ['coalesce', 2],
  ['today', 0],
  ['not', 1],
  ['round', 2],
  ['substr', 3],
  ['substring-before', 2],
  ['translate', 3],
  ['normalize-space', 1],
  ['format-date', 2],
  ['decimal-date-time', 1],
  ['pow', 2],
  ['count', 1],
  ['sum', 1],
  ['join', 2],
  ['checklist', 3],
  ['jr:choice-name', 2],
  ['distance', 1],
];
const OPS = ['or', 'and', '=', '!=', '<', '<=', '>', '>=', '+', '-', '*', 'div', 'mod'] as const;

const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(
      fc.double({ min: 0, max: 1e12, noNaN: true, noDefaultInfinity: true }).map((v) => ({
        type: 'number' as const,
        value: Object.is(v, -0) ? 0 : v,
      })),
      fc.nat(1000).map((v) => ({ type: 'number' as const, value: v })),
      fc.string({ maxLength: 6 }).map((s) => ({ type: 'string' as const, value: s.replaceAll("'", '"') })),
      fc.constantFrom(...NAMES).map((name) => ({ type: 'ref' as const, name })),
      fc.constant({ type: 'current' as const }),
      fc.constantFrom('district', 'name').map((name) => ({ type: 'property' as const, name })),
      fc
        .constantFrom('/data/age', '/data/g/sex', '../age', '../../g/sex', 'current()/../age', './age')
        .map((text) => ({ type: 'path' as const, text, field: text.slice(text.lastIndexOf('/') + 1) })),
    ),
    fc
      .tuple(
        fc.constantFrom('district', 'none'),
        fc.array(tie('e'), { maxLength: 2 }),
        fc.constantFrom('label', 'name', ''),
      )
      .map(([id, predicates, column]) => ({
        type: 'instance' as const,
        id,
        steps: [
          { name: 'root', predicates: [] },
          { name: 'item', predicates },
          ...(column ? [{ name: column, predicates: [] }] : []),
        ],
      })),
    tie('e').map((operand) => ({ type: 'negate' as const, operand })),
    fc
      .tuple(fc.constantFrom(...OPS), tie('e'), tie('e'))
      .map(([op, left, right]) => ({ type: 'binary' as const, op, left, right })),
    fc
      .constantFrom(...FUNCS)
      .chain(([name, n]) =>
        fc.array(tie('e'), { minLength: n, maxLength: n }).map((args) => ({ type: 'call' as const, name, args })),
      ),
  ),
})).e;

const valueArb = fc.oneof(
  fc.constant(null),
  fc.string({ maxLength: 8 }),
  fc.integer({ min: -100, max: 100 }).map(String),
  fc.constantFrom('a b c', '2024-02-29', '1.5', '', '  '),
);

describe('properties', () => {
  it('print then parse gives the same tree', () => {
    fc.assert(
      fc.property(exprArb, (e) => {
        expect(parseExpression(printExpression(e))).toEqual(e);
      }),
      { numRuns: 1500 },
    );
  });

  it('evaluation returns a value or throws ExprEvalError, nothing else', () => {
    fc.assert(
      fc.property(
        exprArb,
        fc.dictionary(fc.constantFrom(...NAMES), valueArb),
        fc.option(valueArb, { nil: undefined }),
        (e, answers, current) => {
          try {
            const v = evaluate(e, {
              value: (n) => (NAMES.includes(n) ? (answers[n] ?? null) : undefined),
              current,
              today: '2025-01-01',
              instance: (id) => (id === 'district' ? [{ name: 'd1', label: 'North', district: 'n' }] : undefined),
              choiceName: (f, v) => (NAMES.includes(f) ? `label of ${v}` : undefined),
            });
            expect(v === null || ['string', 'number', 'boolean'].includes(typeof v)).toBe(true);
          } catch (err) {
            expect(err).toBeInstanceOf(ExprEvalError);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('arbitrary text either parses or throws ExprSyntaxError with a position inside the text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 30 }),
          exprArb.map(printExpression).map((s) => s.slice(0, s.length - 1)),
        ),
        (src) => {
          try {
            parseExpression(src);
          } catch (err) {
            expect(err).toBeInstanceOf(ExprSyntaxError);
            const p = (err as ExprSyntaxError).position;
            expect(p >= 0 && p <= src.length).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
