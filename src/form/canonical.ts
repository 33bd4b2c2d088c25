import { sha256Hex } from '../util/hash.ts';
import type { Form } from './model.ts';

/** Sorted keys, no `source` (where a thing sat in a workbook is not part of what the form says). */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (k === 'source' || v === undefined) continue;
      out[k] = canonical(v);
    }
    return out;
  }
  return value;
}

/** The form as JSON that is byte-identical for equal forms: what is stored and what decides "same content". */
export function canonicalFormJson(form: Form): string {
  return JSON.stringify(canonical(form));
}

export async function formChecksum(form: Form): Promise<string> {
  return sha256Hex(canonicalFormJson(form));
}
