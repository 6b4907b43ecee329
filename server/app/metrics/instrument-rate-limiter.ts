import type { RateLimiter } from '../middleware/rate-limit.ts';
import { isServerError } from '../server-error.ts';
import type { ServerMetrics } from './server-metrics.ts';

/** The same limiter, each refusal counted by the rule that refused. */
export function instrumentRateLimiter(limiter: RateLimiter, metrics: ServerMetrics): RateLimiter {
  return {
    async hit(name, id) {
      try {
        await limiter.hit(name, id);
      } catch (error) {
        if (isServerError(error, 'RATE_LIMITED')) metrics.rateLimited.inc({ rule: name });
        throw error;
      }
    },
  };
}
