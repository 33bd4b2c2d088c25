import type { z } from 'zod';
import { StoreError } from '../store/errors.ts';
import { type OperationName, type OperationOutput, operations } from './contract.ts';
import { type ApiContext, ApiError, type Operation } from './operation.ts';

export interface ApiFailure {
  code: string;
  message: string;
}
export type ApiResult<T> = { ok: true; result: T } | { ok: false; error: ApiFailure };

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(operations, name);
}

/** The only door into the core: unknown names rejected, arguments validated, errors turned into {code, message}. */
export async function dispatch<N extends OperationName>(
  ctx: ApiContext,
  name: N | string,
  args: unknown,
): Promise<ApiResult<OperationOutput<N>>> {
  if (!isOperationName(name)) {
    return { ok: false, error: { code: 'unknown_operation', message: `unknown operation "${String(name)}"` } };
  }
  const operation = operations[name] as unknown as Operation<z.ZodType, OperationOutput<N>>;
  const parsed = operation.input.safeParse(args ?? {});
  if (!parsed.success) {
    const message = parsed.error.issues
      .map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`)
      .join('; ');
    return { ok: false, error: { code: 'invalid_arguments', message: `${name}: ${message}` } };
  }
  try {
    return { ok: true, result: await operation.run(ctx, parsed.data) };
  } catch (e) {
    if (e instanceof ApiError || e instanceof StoreError)
      return { ok: false, error: { code: e.code, message: e.message } };
    const coded = e as { code?: unknown; userFacing?: boolean; message?: string };
    if (coded.userFacing && typeof coded.code === 'string') {
      return { ok: false, error: { code: coded.code, message: coded.message ?? String(e) } };
    }
    console.error(`${name} failed:`, e);
    return { ok: false, error: { code: 'internal', message: `${name} failed: ${(e as Error).message ?? String(e)}` } };
  }
}
