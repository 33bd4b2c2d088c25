import type { z } from 'zod';
import { StoreError } from '../store/errors.ts';
import { type OperationName, type OperationOutput, operations } from './contract.ts';
import { type ApiContext, ApiError, type Operation } from './operation.ts';

export interface ApiFailure {
  code: string;
  message: string;
}
export type ApiResult<T> = { ok: true; result: T } | { ok: false; error: ApiFailure };

// biome-ignore lint/suspicious/noExplicitAny: a map of operations of every input and output type
export type OperationMap = Readonly<Record<string, Operation<z.ZodType, any>>>;

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(operations, name);
}

/** Whether `name` is declared `long` (runs off the UI thread, reports progress). */
export function isLongOperation(name: string, ops: OperationMap = operations): boolean {
  return Object.hasOwn(ops, name) && ops[name]?.long === true;
}

/**
 * The shape every argument has at most: no operation takes more than a few levels of nesting, and the largest
 * (a stack of packages) a few tens of thousands of values. Deeper or bigger arguments are refused at the door,
 * before any code walks them recursively (zod, a structured clone to a job worker): 100,000 nested arrays once
 * wedged the job pool (issue 21, finding 7).
 */
export const MAX_ARGUMENT_DEPTH = 32;
export const MAX_ARGUMENT_VALUES = 200_000;

/** Why `args` is refused, or undefined; walks it without recursion. */
export function argumentShapeProblem(args: unknown): { zh: string; en: string } | undefined {
  const stack: [unknown, number][] = [[args, 0]];
  let values = 0;
  while (stack.length) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (++values > MAX_ARGUMENT_VALUES)
      return { zh: `超过 ${MAX_ARGUMENT_VALUES} 个值`, en: `more than ${MAX_ARGUMENT_VALUES} values` };
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_ARGUMENT_DEPTH)
      return { zh: `嵌套超过 ${MAX_ARGUMENT_DEPTH} 层`, en: `nested deeper than ${MAX_ARGUMENT_DEPTH} levels` };
    for (const v of Array.isArray(value) ? value : Object.values(value)) stack.push([v, depth + 1]);
  }
  return undefined;
}

/** Turns anything a handler threw into what the UI shows: stable code, message as it is. */
export function toFailure(name: string, e: unknown): ApiFailure {
  if (e instanceof ApiError || e instanceof StoreError) return { code: e.code, message: e.message };
  const coded = e as { code?: unknown; userFacing?: boolean; message?: string };
  if (coded?.userFacing && typeof coded.code === 'string') {
    return { code: coded.code, message: coded.message ?? String(e) };
  }
  console.error(`${name} failed:`, e);
  return { code: 'internal', message: `${name} failed: ${(e as Error)?.message ?? String(e)}` };
}

/**
 * dispatch() over a given map of operations: the contract's, or the contract's plus test-only operations
 * inside a job worker. Long operations go to ctx.jobs when there is one (the caller waits for the result).
 */
export async function dispatchIn(
  ops: OperationMap,
  ctx: ApiContext,
  name: string,
  args: unknown,
): Promise<ApiResult<unknown>> {
  if (typeof name !== 'string' || !Object.hasOwn(ops, name)) {
    return { ok: false, error: { code: 'unknown_operation', message: `unknown operation "${String(name)}"` } };
  }
  const shape = argumentShapeProblem(args);
  if (shape) {
    return {
      ok: false,
      error: {
        code: 'invalid_arguments',
        message: `${name}：参数${shape.zh}，超出了任何操作的需要，已拒绝。\n${name}: the arguments are ${shape.en}; refused.`,
      },
    };
  }
  const operation = ops[name] as Operation<z.ZodType, unknown>;
  const parsed = operation.input.safeParse(args ?? {});
  if (!parsed.success) {
    const message = parsed.error.issues
      .map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`)
      .join('; ');
    return { ok: false, error: { code: 'invalid_arguments', message: `${name}: ${message}` } };
  }
  if (operation.long && ctx.jobs) {
    const status = await ctx.jobs.wait(ctx.jobs.start(name, parsed.data));
    if (status.state === 'done') return { ok: true, result: status.result };
    return { ok: false, error: status.error ?? { code: status.state, message: `${name}: ${status.message}` } };
  }
  try {
    return { ok: true, result: await operation.run(ctx, parsed.data) };
  } catch (e) {
    return { ok: false, error: toFailure(name, e) };
  }
}

/** The only door into the core: unknown names rejected, arguments validated, errors turned into {code, message}. */
export async function dispatch<N extends OperationName>(
  ctx: ApiContext,
  name: N | string,
  args: unknown,
): Promise<ApiResult<OperationOutput<N>>> {
  return (await dispatchIn(operations, ctx, name, args)) as ApiResult<OperationOutput<N>>;
}
