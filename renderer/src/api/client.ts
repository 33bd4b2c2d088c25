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

/** The page's language, so that what the loopback server itself says comes in it (Chinese by default). */
function language(): string {
  return document.documentElement.lang || 'zh-CN';
}

/**
 * The loopback server prints an address carrying a per-start token (`#token=…`). The page takes it out of the
 * address bar and exchanges it once for a session cookie (HTTP-only, strict same-site), so the token is kept
 * nowhere and reopening http://127.0.0.1:PORT/ in the same browser carries on.
 */
export function takeTokenFromAddress(): string | null {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token') ?? new URLSearchParams(url.hash.replace(/^#/, '')).get('token');
  if (token) {
    url.searchParams.delete('token');
    window.history.replaceState(null, '', `${url.pathname}${url.search}#/`);
  }
  return token;
}

export type SignIn = 'desktop' | 'signed-in' | 'signed-out';

/** Signs this browser in: with the token of the address when there is one, else with the session cookie. */
export async function signIn(): Promise<SignIn> {
  if (window.scilit) return 'desktop';
  const token = takeTokenFromAddress();
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Accept-Language': language() };
  if (token) headers['X-Scilit-Token'] = token;
  try {
    const response = await fetch('/api/session', { method: 'POST', headers, body: '{}' });
    return response.ok ? 'signed-in' : 'signed-out';
  } catch {
    return 'signed-out';
  }
}

/** Fired when the server no longer knows this browser (it was restarted): the page asks to sign in again. */
export const SIGNED_OUT_EVENT = 'scilit:signed-out';

async function send(name: string, args: unknown): Promise<Envelope> {
  if (window.scilit) return window.scilit.invoke(name, args);
  let response: Response;
  try {
    response = await fetch(`/api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept-Language': language() },
      body: JSON.stringify(args ?? {}),
    });
  } catch (e) {
    return { ok: false, error: { code: 'network', message: (e as Error).message } };
  }
  if (response.status === 401) window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
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
