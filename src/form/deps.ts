import { fieldRefs, parseExpression } from './expr/index.ts';

/**
 * The order in which calculations must run (each after the calculations it reads) and any cycles among them.
 * Input: the fields that have a `calculation`, in survey order.
 */
export function calculationOrder(calculated: readonly { name: string; calculation: string }[]): {
  order: string[];
  cycles: string[][];
} {
  const deps = new Map<string, string[]>();
  const names = new Set(calculated.map((c) => c.name));
  for (const c of calculated) {
    let refs: string[] = [];
    try {
      refs = fieldRefs(parseExpression(c.calculation));
    } catch {
      // Syntax errors are reported where the expression is checked; here the field just has no edges.
    }
    deps.set(
      c.name,
      refs.filter((r) => names.has(r)),
    );
  }
  const order: string[] = [];
  const cycles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): void => {
    const s = state.get(n);
    if (s === 'done') return;
    if (s === 'visiting') {
      const from = stack.indexOf(n);
      cycles.push([...stack.slice(from), n]);
      return;
    }
    state.set(n, 'visiting');
    stack.push(n);
    for (const d of deps.get(n) ?? []) visit(d);
    stack.pop();
    state.set(n, 'done');
    order.push(n);
  };
  for (const c of calculated) visit(c.name);
  return { order, cycles };
}
