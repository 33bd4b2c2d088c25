// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm writes field references as ${name} in plain strings
// The ODK XForms function library (getodk.github.io/xforms-spec, "XPath functions"): each expected value is a hand
// calculation written here, a value from the spec's own examples, or another engine's answer (JavaScript's RegExp).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ExprEnv,
  ExprEvalError,
  ExprSyntaxError,
  type ExprValue,
  evaluate,
  fieldRefs,
  LIMITS,
  parseExpression,
  printExpression,
} from '../../../src/form/expr/index.ts';
import { compileRegex, RegexError } from '../../../src/form/expr/regex.ts';

const items = {
  district: [
    { name: 'd1', label: 'North', province: 'p1', pop: '1200' },
    { name: 'd2', label: 'South', province: 'p1', pop: '800' },
    { name: 'd3', label: 'East', province: 'p2', pop: '500' },
  ],
};

function env(answers: Record<string, ExprValue>, extra: Partial<ExprEnv> = {}): ExprEnv {
  return {
    value: (n) => (Object.hasOwn(answers, n) ? answers[n] : undefined),
    today: '2025-06-15',
    instance: (id) => (Object.hasOwn(items, id) ? items[id as keyof typeof items] : undefined),
    choiceName: (field, value) =>
      field === 'district' ? items.district.find((i) => i.name === value)?.label : undefined,
    ...extra,
  };
}
const run = (src: string, answers: Record<string, ExprValue> = {}, extra: Partial<ExprEnv> = {}) =>
  evaluate(parseExpression(src), env(answers, extra));

describe('paths and instances', () => {
  it('a field by absolute or relative path is the field named by the last step', () => {
    expect(run('/data/household/age + 1', { age: '40' })).toBe(41);
    expect(run('../age * 2', { age: '4' })).toBe(8);
    expect(run('current()/../age', { age: '7' })).toBe('7');
    expect(fieldRefs(parseExpression('/data/g/age > ../h/size'))).toEqual(['age', 'size']);
    expect(printExpression(parseExpression('current()/../age  >  /data/g/size'))).toBe(
      'current()/../age > /data/g/size',
    );
  });

  it("instance('list')/root/item[...]: filter, column, position, count and sum", () => {
    expect(run("instance('district')/root/item[name = ${d}]/label", { d: 'd2' })).toBe('South');
    expect(run("instance('district')/root/item[province = 'p1' and pop > 1000]/label")).toBe('North');
    expect(run("count(instance('district')/root/item[province = ${p}])", { p: 'p1' })).toBe(2);
    // 1200 + 800 + 500
    expect(run("sum(instance('district')/root/item/pop)")).toBe(2500);
    expect(run("instance('district')/root/item[2]/name")).toBe('d2');
    expect(run("instance('district')/root/item[name = 'nowhere']/label")).toBe('');
    expect(run("instance('district')/root/item/label = 'East'")).toBe(true);
    expect(() => run("instance('villages')/root/item/label")).toThrow(ExprEvalError);
  });

  it('jr:choice-name gives the label of a choice', () => {
    expect(run("jr:choice-name(${district}, '${district}')", { district: 'd3' })).toBe('East');
    expect(run("jr:choice-name('d1', '/data/district')")).toBe('North');
  });
});

describe('functions', () => {
  it('text', () => {
    expect(run("substring-before('2025-06-15', '-')")).toBe('2025');
    expect(run("substring-after('a=b=c', '=')")).toBe('b=c');
    expect(run("translate('bar', 'abc', 'ABC')")).toBe('BAr');
    expect(run("translate('--aaa--', 'abc-', 'ABC')")).toBe('AAA');
    expect(run("normalize-space('  a \t b\n')")).toBe('a b');
    // XPath 1.0 §4.2's own examples
    expect(run("substring('12345', 2, 3)")).toBe('234');
    expect(run("substring('12345', 1.5, 2.6)")).toBe('234');
    expect(run("substring('12345', 0, 3)")).toBe('12');
    expect(run("join(', ', 'a', 'b')")).toBe('a, b');
    expect(run("join('-', instance('district')/root/item/name)")).toBe('d1-d2-d3');
    expect(run("string-length('年龄')")).toBe(2);
    expect(run('uuid()')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(run('string-length(uuid(12))')).toBe(12);
    // SHA-256("abc") from FIPS 180-2, appendix B.1
    expect(run("digest('abc', 'SHA-256', 'hex')")).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(run("digest('abc', 'SHA-256')")).toBe('ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
    expect(run("base64-decode('5bm06b6E')")).toBe('年龄');
  });

  it('numbers', () => {
    expect(run('pow(2, 10)')).toBe(1024);
    expect(run('sqrt(16) + log10(1000) + exp(0) + floor(-1.5) + ceiling(1.2)')).toBe(4 + 3 + 1 - 2 + 2);
    expect(run('round(pi(), 4)')).toBe(3.1416);
    expect(run('atan2(1, 1) * 4')).toBeCloseTo(Math.PI, 15);
    expect(run('max(${a}, ${b}, 7)', { a: '3', b: '9' })).toBe(9);
    expect(run('min(${a}, ${b})', { a: '3', b: null })).toBeNaN();
    expect(run("count-non-empty(instance('district')/root/item/pop)")).toBe(3);
    const r = run('random()') as number;
    expect(r >= 0 && r < 1).toBe(true);
  });

  it('logic: boolean-from-string, checklist, weighted-checklist, once', () => {
    expect(run("boolean-from-string('1') and boolean-from-string('true') and not(boolean-from-string('yes'))")).toBe(
      true,
    );
    // two of three true: within [1, 2]; not within [3, -1]
    expect(run('checklist(1, 2, ${a}, ${b}, ${c})', { a: 'x', b: '', c: 'y' })).toBe(true);
    expect(run('checklist(3, -1, ${a}, ${b}, ${c})', { a: 'x', b: '', c: 'y' })).toBe(false);
    // weights 2 + 5 = 7 of the true ones
    expect(run('weighted-checklist(7, 7, ${a}, 2, ${b}, 3, ${c}, 5)', { a: 'x', b: '', c: 'y' })).toBe(true);
    expect(run("once('first')", {}, { current: null })).toBe('first');
    expect(run("once('second')", {}, { current: 'first' })).toBe('first');
  });

  it('dates and times', () => {
    expect(run('today()')).toBe('2025-06-15');
    // 2025-06-15 is day 20254 since 1970-01-01 (55 years × 365 + 13 leap days + 165)
    expect(run("decimal-date-time('2025-06-15')")).toBe(20254);
    expect(run("decimal-date-time('1970-01-02T12:00:00.000Z')")).toBe(1.5);
    expect(run("decimal-date-time('1970-01-02T12:00:00.000+08:00')")).toBe(1.5 - 8 / 24);
    expect(run("decimal-time('06:00:00.000Z')")).toBe(0.25);
    expect(run('date(20254)')).toBe('2025-06-15');
    expect(run("date('2025-06-15') + 1")).toBe(20255);
    expect(run('today() - ${dob} > 365 * 18', { dob: '2000-01-01' })).toBe(true);
    expect(run("format-date('2025-06-05', '%Y/%m/%d %e %n %b %a')")).toBe('2025/06/05 5 6 Jun Thu');
    expect(run("format-date-time('2025-06-05T09:07:03.045+08:00', '%H:%M:%S.%3 %h')")).toBe('09:07:03.045 9');
    expect(run("format-date('not a date', '%Y')")).toBe('');
    expect(run("'2025-06-15T10:00:00Z' < '2025-06-15T11:00:00Z'")).toBe(true);
    expect(run('now()')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/);
  });

  it('geo: distance and area on a sphere of radius 6,378,100 m', () => {
    // One degree of longitude on the equator: 6378100 × π/180 = 111,318.845 m.
    expect(run("distance('0 0 0 0; 0 1 0 0')")).toBeCloseTo(111_318.845, 2);
    expect(run("distance('0 0 0 0', '0 1 0 0', '0 2 0 0')")).toBeCloseTo(2 * 111_318.845, 2);
    // A 1° × 1° cell from the equator: R² × Δλ × (sin 1° − sin 0°) = 6378100² × 0.0174533 × 0.0174524 = 1.23908e10 m²
    // (the exact spherical area of a latitude–longitude rectangle).
    const area = run("area('0 0 0 0; 0 1 0 0; 1 1 0 0; 1 0 0 0')") as number;
    expect(area / 1e10).toBeCloseTo((6378100 ** 2 * (Math.PI / 180) * Math.sin(Math.PI / 180)) / 1e10, 6);
    expect(run("area('not a shape')")).toBeNaN();
  });

  it('randomize: the same seed gives the same order, every item once', () => {
    const a = run("join('', randomize(instance('district')/root/item/name, 42))");
    expect(run("join('', randomize(instance('district')/root/item/name, 42))")).toBe(a);
    expect([...(a as string).matchAll(/d\d/g)].map((m) => m[0]).sort()).toEqual(['d1', 'd2', 'd3']);
  });
});

describe('refusals', () => {
  it('curly quotes are refused, pointing at the character', () => {
    for (const [src, at] of [
      ['${a} = ‘yes’', 8],
      ['${a} = “yes”', 8],
    ] as const) {
      try {
        parseExpression(src);
        throw new Error('parsed');
      } catch (e) {
        expect(e).toBeInstanceOf(ExprSyntaxError);
        expect((e as ExprSyntaxError).position).toBe(at - 1);
        expect((e as Error).message).toMatch(new RegExp(`curly quote.*at character ${at}`));
      }
    }
  });

  it('unknown functions and malformed paths are syntax errors', () => {
    expect(() => parseExpression('pulldata("x")')).toThrow(/pulldata\(\) is not supported yet: it reads a CSV file/);
    expect(() => parseExpression('lookup("x")')).toThrow(/unknown function lookup/);
    expect(() => parseExpression('/data/')).toThrow(ExprSyntaxError);
    expect(() => parseExpression('..')).toThrow(/must end at a question/);
    expect(() => parseExpression("instance('x')")).toThrow(/followed by a path/);
  });
});

describe('bounds on hostile expressions (issue 21, item 10)', () => {
  it('a text that doubles without end stops at the text limit with a typed error', () => {
    let value: ExprValue = 'aaaaaaaaaa';
    let steps = 0;
    try {
      for (; steps < 31; steps++) value = run('concat(${x}, ${x})', { x: value });
      throw new Error('no limit');
    } catch (e) {
      expect(e).toBeInstanceOf(ExprEvalError);
      expect((e as ExprEvalError).code).toBe('expression_limit');
    }
    // 10 × 2^17 = 1,310,720 > 1,000,000 ≥ 10 × 2^16
    expect(steps).toBe(16);
    expect((value as string).length).toBeLessThanOrEqual(LIMITS.text);
  });

  it("a catastrophic pattern such as '^(a+)+$' answers at once (linear-time matching)", () => {
    const t0 = performance.now();
    expect(run("regex(${x}, '^(a+)+$')", { x: `${'a'.repeat(35)}!` })).toBe(false);
    expect(run("regex(${x}, '^(a|aa)+$')", { x: 'a'.repeat(5000) })).toBe(true);
    expect(run("regex(${x}, '(x+x+)+y')", { x: 'x'.repeat(3000) })).toBe(false);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('a regex that would cost too much on one answer is a limit error, not a hang', () => {
    // Never 1000 a's in a row, so every position keeps about 2000 states alive: over the step budget.
    expect(() => run("regex(${x}, '(a?){1000}a{1000}')", { x: `${'a'.repeat(900)}b`.repeat(20) })).toThrow(
      expect.objectContaining({ code: 'expression_limit' }),
    );
  });

  it('back-references and look-around are refused in words', () => {
    expect(() => run("regex('aa', '(a)\\1')")).toThrow(/back-references/);
    expect(() => run("regex('a', '(?=a)a')")).toThrow(/look-around/);
  });
});

describe('regex() agrees with JavaScript RegExp where both apply', () => {
  const atom = fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\d', '1', '(a|b)', '(?:ab)', 'x');
  const quant = fc.constantFrom('', '*', '+', '?', '{2}', '{1,3}', '*?');
  const pattern = fc
    .array(fc.tuple(atom, quant), { minLength: 1, maxLength: 6 })
    .chain((parts) =>
      fc
        .tuple(fc.boolean(), fc.boolean())
        .map(([bol, eol]) => `${bol ? '^' : ''}${parts.map(([a, q]) => a + q).join('')}${eol ? '$' : ''}`),
    );
  it('on random patterns and texts (fast-check)', () => {
    fc.assert(
      fc.property(pattern, fc.stringMatching(/^[ab1x]{0,12}$/), (p, text) => {
        expect(compileRegex(p).find(text)).toBe(new RegExp(p, 'u').test(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('classes, escapes and Unicode', () => {
    for (const [p, t] of [
      ['^\\p{L}+$', '年龄abc'],
      ['^[\\u4e00-\\u9fa5]{2,4}$', '张三'],
      ['^1[3-9]\\d{9}$', '13912345678'],
      ['^[0-9]{17}[0-9Xx]$', '11010519491231002X'],
      ['^\\w+@\\w+\\.com$', 'a_b@c.com'],
      ['^[a-z\\-]+$', 'a-b'],
      ['\\s', 'no-space'],
    ] as const) {
      expect(compileRegex(p).find(t), p).toBe(new RegExp(p, 'u').test(t));
    }
    expect(() => compileRegex('a{2000}')).toThrow(RegexError);
    expect(() => compileRegex('(a')).toThrow(/not closed/);
  });
});
