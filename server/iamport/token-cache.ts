import type { IamportCallContext } from './options.ts';
import type { ImpToken } from './schemas.ts';

/** A token as fetched, with our own clock reading taken when the request was sent. */
export interface FetchedToken {
  token: ImpToken;
  /** Our clock (ms) when the getToken request left; i'mport's `now` is later than that. */
  sentAt: number;
}

interface CachedToken {
  accessToken: string;
  /** Our clock (ms) after which the token is refreshed. */
  refreshAt: number;
}

/**
 * Caches the i'mport access token and shares one refresh between concurrent callers.
 *
 * Expiry is judged on i'mport's clock, not ours: several servers share one token and i'mport
 * documents that their clocks are not synchronised. The skew is i'mport's `now` minus our clock at
 * the time the request was sent, which errs towards refreshing early.
 */
export class TokenCache {
  #cached: CachedToken | undefined;
  #inflight: Promise<string> | undefined;
  #skewMs = 0;
  readonly #fetchToken: (context?: IamportCallContext) => Promise<FetchedToken>;
  readonly #now: () => number;
  readonly #marginMs: number;

  constructor(
    fetchToken: (context?: IamportCallContext) => Promise<FetchedToken>,
    now: () => number,
    marginMs: number,
  ) {
    this.#fetchToken = fetchToken;
    this.#now = now;
    this.#marginMs = marginMs;
  }

  /** i'mport's clock minus ours in ms, as last measured (0 before the first token). */
  get skewMs(): number {
    return this.#skewMs;
  }

  /** Our clock translated to i'mport's, in unix seconds. */
  serverNowSeconds(localMs: number = this.#now()): number {
    return Math.floor((localMs + this.#skewMs) / 1000);
  }

  /**
   * A valid token: the cached one, the refresh already in flight, or a new refresh (whose log
   * events carry `context`: the caller that started it).
   */
  get(context?: IamportCallContext): Promise<string> {
    const cached = this.#cached;
    if (cached && this.#now() < cached.refreshAt) return Promise.resolve(cached.accessToken);
    this.#inflight ??= this.#refresh(context).finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  /**
   * Drops `accessToken` after a 401. Only that token: if another caller already refreshed, the new
   * token stays, so N concurrent 401s still cause one refresh.
   */
  invalidate(accessToken: string): boolean {
    if (this.#cached?.accessToken !== accessToken) return false;
    this.#cached = undefined;
    return true;
  }

  async #refresh(context: IamportCallContext | undefined): Promise<string> {
    const { token, sentAt } = await this.#fetchToken(context);
    // Without i'mport's `now` we can only assume the clocks agree.
    const serverNowMs = token.now > 0 ? token.now * 1000 : sentAt;
    const lifetimeMs = token.expired_at * 1000 - serverNowMs;
    this.#skewMs = serverNowMs - sentAt;
    // A token with less life left than the margin is still handed to the callers waiting for it,
    // but the next call refreshes (i'mport then extends it by five minutes).
    this.#cached = {
      accessToken: token.access_token,
      refreshAt: sentAt + lifetimeMs - this.#marginMs,
    };
    return token.access_token;
  }
}
