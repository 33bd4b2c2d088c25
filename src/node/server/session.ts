import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A browser stays signed in for a week, or until this server stops (sessions live in its memory only). */
const MAX_AGE_S = 7 * 24 * 3600;

/**
 * Browser sessions of one server run. The token printed with the address is exchanged once per browser for a
 * random session id in a strict same-site, HTTP-only cookie: the token leaves the address bar, page scripts never
 * see the session, and reopening http://127.0.0.1:PORT/ in the same browser carries on.
 */
export class BrowserSessions {
  private readonly ids = new Set<string>();
  /** Cookies of 127.0.0.1 are shared by every port: one name per server, so two servers never clash. */
  readonly cookieName: string;

  constructor(port: number) {
    this.cookieName = `scilit-${port}`;
  }

  /** A new session; returns the Set-Cookie header that gives it to the browser. */
  start(): string {
    const id = randomBytes(32).toString('base64url');
    this.ids.add(id);
    return `${this.cookieName}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${MAX_AGE_S}`;
  }

  /** Whether the request carries one of this run's sessions. */
  has(req: IncomingMessage): boolean {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === this.cookieName && this.ids.has(part.slice(eq + 1).trim())) {
        return true;
      }
    }
    return false;
  }
}
