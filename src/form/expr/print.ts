import type { BinaryOp, Expr } from './ast.ts';

const PRECEDENCE: Record<BinaryOp, number> = {
  or: 1,
  and: 2,
  '=': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  div: 6,
  mod: 6,
};
const UNARY = 7;
const ATOM = 8;

function precedence(e: Expr): number {
  if (e.type === 'binary') return PRECEDENCE[e.op];
  if (e.type === 'negate') return UNARY;
  return ATOM;
}

function quote(s: string): string {
  if (!s.includes("'")) return `'${s}'`;
  if (!s.includes('"')) return `"${s}"`;
  // XPath 1.0 strings have no escapes: a text with both quotes is spelled with concat().
  return `concat(${s
    .split("'")
    .map((part) => `'${part}'`)
    .join(`, "'", `)})`;
}

/** Prints an expression as XLSForm source, with only the parentheses precedence needs. */
export function printExpression(e: Expr): string {
  switch (e.type) {
    case 'number':
      return String(e.value);
    case 'string':
      return quote(e.value);
    case 'ref':
      return `\${${e.name}}`;
    case 'current':
      return '.';
    case 'path':
      return e.text;
    case 'instance':
      return `instance(${quote(e.id)})${e.steps
        .map((st) => `/${st.name}${st.predicates.map((p) => `[${printExpression(p)}]`).join('')}`)
        .join('')}`;
    case 'property':
      return e.name;
    case 'negate': {
      const inner = printExpression(e.operand);
      // A space keeps "- -x" from reading as one token in other tools.
      return precedence(e.operand) < UNARY ? `-(${inner})` : inner.startsWith('-') ? `- ${inner}` : `-${inner}`;
    }
    case 'binary': {
      const p = PRECEDENCE[e.op];
      const l = printExpression(e.left);
      const r = printExpression(e.right);
      const left = precedence(e.left) < p ? `(${l})` : l;
      const right = precedence(e.right) <= p ? `(${r})` : r;
      return `${left} ${e.op} ${right}`;
    }
    case 'call':
      return `${e.name}(${e.args.map(printExpression).join(', ')})`;
  }
}
