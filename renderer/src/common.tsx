import { Alert } from 'antd';
import type { TFunction } from 'i18next';
import { type DependencyList, useCallback, useEffect, useState } from 'react';
import { ApiCallError } from './api/client.ts';

/** The core's {code, message} shown as it is. */
export function ErrorAlert({ error, onClose }: { error: unknown; onClose?: () => void }) {
  if (!error) return null;
  const code = error instanceof ApiCallError ? error.code : 'error';
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title={message}
      description={<code>{code}</code>}
      closable={onClose ? { onClose } : undefined}
    />
  );
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs an async load when its dependencies change; the latest answer wins. */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists the dependencies
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** Reads a browser File as bytes, base64-encoded for the JSON transport. */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Offers bytes (base64) to the user as a download. */
export function downloadBase64(base64: string, fileName: string, mime = 'application/octet-stream'): void {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function percent(p: number | null | undefined, digits = 1): string {
  return p == null || Number.isNaN(p) ? '—' : `${(p * 100).toFixed(digits)}%`;
}

/** An audit action code ("interview.void") in the screen's language; a code without a label as it is. */
export function auditActionLabel(t: TFunction, code: string): string {
  // A dot would nest the i18n key: interview.void → interviews.auditAction.interview_void.
  return t(`interviews.auditAction.${code.replaceAll('.', '_')}`, { defaultValue: code });
}
