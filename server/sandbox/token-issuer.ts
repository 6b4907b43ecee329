import { randomBytes } from 'node:crypto';

/** A token as getToken returns it; times are unix seconds. */
export interface IssuedToken {
  access_token: string;
  now: number;
  expired_at: number;
}

/** Token lifetime, and the extension granted when a token is asked for in its last minute. */
export const TOKEN_TTL_SECONDS = 30 * 60;
export const TOKEN_EXTENSION_SECONDS = 5 * 60;
export const TOKEN_EXTENSION_WINDOW_SECONDS = 60;

/**
 * i'mport's shared-token rule: one token per key pair, handed to every caller until it expires,
 * so that many merchant servers can call getToken at once without invalidating each other.
 */
export class TokenIssuer {
  #current: { token: string; expiredAt: number } | null = null;
  // Expired tokens are forgotten; only their absence matters for authentication.
  readonly #nowSeconds: () => number;

  constructor(nowSeconds: () => number) {
    this.#nowSeconds = nowSeconds;
  }

  issue(): IssuedToken {
    const now = this.#nowSeconds();
    const current = this.#current;
    if (current !== null && now < current.expiredAt) {
      if (current.expiredAt - now <= TOKEN_EXTENSION_WINDOW_SECONDS) {
        current.expiredAt += TOKEN_EXTENSION_SECONDS;
      }
      return { access_token: current.token, now, expired_at: current.expiredAt };
    }
    const fresh = { token: randomBytes(20).toString('hex'), expiredAt: now + TOKEN_TTL_SECONDS };
    this.#current = fresh;
    return { access_token: fresh.token, now, expired_at: fresh.expiredAt };
  }

  /** Whether `token` is the live token (expired or unknown tokens are not). */
  isValid(token: string): boolean {
    const current = this.#current;
    return current !== null && token === current.token && this.#nowSeconds() < current.expiredAt;
  }

  reset(): void {
    this.#current = null;
  }
}
