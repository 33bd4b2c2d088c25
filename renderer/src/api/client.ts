/** An error the core returned as {code, message}: the message is shown to the user as it is. */
export class ApiCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

type Envelope = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

interface ScilitBridge {
  invoke(name: string, args: unknown): Promise<Envelope>;
}

declare global {
  interface Window {
    scilit?: ScilitBridge;
  }
}

const TOKEN_KEY = 'scilit.token';

/**
 * The loopback server prints a URL carrying a per-start token (`?token=` or `#token=`). It is kept in
 * sessionStorage so that a reload or an in-app hash route does not lose it, and removed from the visible URL.
 */
export function captureToken(): string | null {
  const url = new URL(window.location.href);
  const fromQuery = url.searchParams.get('token');
  const hash = new URLSearchParams(url.hash.replace(/^#/, ''));
  const fromHash = hash.get('token');
  const token = fromQuery ?? fromHash;
  if (token) {
    sessionStorage.setItem(TOKEN_KEY, token);
    if (fromHash) window.history.replaceState(null, '', `${url.pathname}${url.search}#/`);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

async function send(name: string, args: unknown): Promise<Envelope> {
  if (window.scilit) return window.scilit.invoke(name, args);
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  let response: Response;
  try {
    response = await fetch(`/api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Scilit-Token': token },
      body: JSON.stringify(args ?? {}),
    });
  } catch (e) {
    return { ok: false, error: { code: 'network', message: (e as Error).message } };
  }
  const text = await response.text();
  try {
    return JSON.parse(text) as Envelope;
  } catch {
    return {
      ok: false,
      error: { code: `http_${response.status}`, message: text.slice(0, 500) || response.statusText },
    };
  }
}

/**
 * Calls one operation of src/api/contract.ts; throws ApiCallError with the core's own code and message.
 * Result types are the caller's: importing the contract's types would make the renderer's type check walk the
 * whole core under the DOM's typings.
 */
export async function call<T = unknown>(name: string, args?: unknown): Promise<T> {
  const envelope = await send(name, args ?? {});
  if (envelope.ok) return envelope.result as T;
  throw new ApiCallError(envelope.error.code, envelope.error.message);
}

const known = new Map<string, Promise<boolean>>();

/**
 * Whether the core offers an operation. A non-object argument is refused by every operation's schema before it
 * runs, so the answer is "unknown_operation" (absent) or "invalid_arguments" (present) and nothing is done.
 */
export function hasOperation(name: string): Promise<boolean> {
  let answer = known.get(name);
  if (!answer) {
    answer = send(name, 0).then(
      (e) => e.ok || (e.error.code !== 'unknown_operation' && !e.error.code.startsWith('http_4')),
    );
    known.set(name, answer);
  }
  return answer;
}
