import type { Context, MiddlewareHandler } from 'hono';
import { ConfigError } from '../config-error.ts';
import { ServerError } from '../server-error.ts';
import type { Store } from '../store/store.ts';

export interface RateLimitRule {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

/** Limits against card testing; each rule may be `false` to turn it off. */
export interface RateLimitOptions {
  /** Registrations per client IP. @default 30 per minute */
  perIp?: RateLimitRule | false;
  /** Registrations per token (or per authorized intent). @default 10 per 10 minutes */
  perToken?: RateLimitRule | false;
  /** Registrations per customer_uid, across tokens. @default 20 per hour */
  perCustomer?: RateLimitRule | false;
  /** Every other /v1 request per client IP (merchant API, webhooks). @default 600 per minute */
  perIpOther?: RateLimitRule | false;
}

export type RateLimitName = keyof RateLimitOptions;

export const DEFAULT_RATE_LIMITS: Required<{ [K in RateLimitName]: RateLimitRule }> = {
  perIp: { limit: 30, windowMs: 60_000 },
  perToken: { limit: 10, windowMs: 600_000 },
  perCustomer: { limit: 20, windowMs: 3_600_000 },
  perIpOther: { limit: 600, windowMs: 60_000 },
};

export interface RateLimiter {
  /** Counts one request; throws RATE_LIMITED (with Retry-After seconds) over the limit. */
  hit(name: RateLimitName, id: string): Promise<void>;
}

function checkRule(name: string, rule: unknown): RateLimitRule | false {
  if (rule === false) return false;
  const r = rule as Partial<RateLimitRule> | undefined;
  if (
    !r ||
    !Number.isInteger(r.limit) ||
    (r.limit ?? 0) < 1 ||
    !Number.isInteger(r.windowMs) ||
    (r.windowMs ?? 0) < 1
  ) {
    throw ConfigError.forOption(
      `rateLimit.${name}`,
      'must be false or { limit: positive integer, windowMs: positive integer }',
    );
  }
  return { limit: r.limit!, windowMs: r.windowMs! };
}

/** Fixed-window counters in the store, so several instances sharing Redis share the limits. */
export function createRateLimiter(
  store: Store,
  now: () => number,
  options: RateLimitOptions | false,
): RateLimiter {
  const rules = new Map<RateLimitName, RateLimitRule | false>();
  for (const name of Object.keys(DEFAULT_RATE_LIMITS) as RateLimitName[]) {
    rules.set(
      name,
      options === false ? false : checkRule(name, options[name] ?? DEFAULT_RATE_LIMITS[name]),
    );
  }
  return {
    // A `.then` on the store's promise rather than an async function awaiting it: one promise
    // fewer on the path a card-testing flood takes.
    hit(name, id) {
      const rule = rules.get(name);
      if (!rule) return Promise.resolve();
      const t = now();
      const windowStart = Math.floor(t / rule.windowMs) * rule.windowMs;
      return store.increment(`rl:${name}:${id}:${windowStart}`, rule.windowMs).then((count) => {
        if (count > rule.limit) {
          throw new ServerError('RATE_LIMITED', 'Too many attempts; try again later.', {
            retryAfter: Math.max(1, Math.ceil((windowStart + rule.windowMs - t) / 1000)),
          });
        }
      });
    },
  };
}

/** Middleware form: counts every request under `name`, keyed by `key(c)` (e.g. the client IP). */
export function rateLimit(
  limiter: RateLimiter,
  name: RateLimitName,
  key: (c: Context) => string,
): MiddlewareHandler {
  // One promise chain, not an async function awaiting twice: a flood of refusals meets this first.
  return function rateLimitMiddleware(c, next) {
    return limiter.hit(name, key(c)).then(next);
  };
}

const ENV_NAMES: Record<RateLimitName, string> = {
  perIp: 'IMPCARD_RATE_LIMIT_IP',
  perToken: 'IMPCARD_RATE_LIMIT_TOKEN',
  perCustomer: 'IMPCARD_RATE_LIMIT_CUSTOMER',
  perIpOther: 'IMPCARD_RATE_LIMIT_OTHER',
};

/**
 * Env overrides: `IMPCARD_RATE_LIMIT=off` turns every limit off (load tests);
 * `IMPCARD_RATE_LIMIT_IP=30/60` means 30 requests per 60 seconds (also `_TOKEN`, `_CUSTOMER`,
 * `_OTHER`); `off` turns one limit off.
 */
export function rateLimitFromEnv(
  env: Record<string, string | undefined>,
): RateLimitOptions | false {
  if (env.IMPCARD_RATE_LIMIT?.toLowerCase() === 'off') return false;
  const options: RateLimitOptions = {};
  for (const [name, variable] of Object.entries(ENV_NAMES) as [RateLimitName, string][]) {
    const value = env[variable]?.trim();
    if (!value) continue;
    if (value.toLowerCase() === 'off') {
      options[name] = false;
      continue;
    }
    const match = /^([1-9]\d*)\/([1-9]\d*)$/.exec(value);
    if (!match) {
      throw ConfigError.forVariable(
        variable,
        'must be a positive "requests/seconds" pair such as "30/60", or "off"',
        `rateLimit.${name}`,
      );
    }
    options[name] = { limit: Number(match[1]), windowMs: Number(match[2]) * 1000 };
  }
  return options;
}
