import type { RateLimiter } from '../middleware/rate-limit.ts';
import { isServerError } from '../server-error.ts';
import type { ServerMetrics } from './server-metrics.ts';

/** The same limiter, each refusal counted by the rule that refused. */
export function instrumentRateLimiter(limiter: RateLimiter, metrics: ServerMetrics): RateLimiter {
  return {
    hit(name, id) {
      // A `.catch` on the limiter's promise, not an async wrapper around it: the refusal that a
      // flood meets passes through here, and every await layer is a promise and a microtask more.
      return limiter.hit(name, id).catch((error: unknown) => {
        if (isServerError(error, 'RATE_LIMITED')) metrics.rateLimited.inc({ rule: name });
        throw error;
      });
    },
  };
}
