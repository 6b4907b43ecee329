import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import type { ServerMetrics } from './server-metrics.ts';

/**
 * Counts the answers of `POST /v1/registrations` and `POST /v1/charges` by outcome, read from
 * the answer (status, `Idempotent-Replayed`) and the failure code failureJson noted, so the routes stay free of
 * metrics code.
 */
export function outcomeMetrics(metrics: ServerMetrics): MiddlewareHandler<AppEnv> {
  const counters = {
    '/v1/registrations': metrics.registrations,
    '/v1/charges': metrics.charges,
  } as const;
  return async function outcomeMetricsMiddleware(c, next) {
    await next();
    const counter = c.req.method === 'POST' ? counters[c.req.path as keyof typeof counters] : null;
    if (!counter) return;
    const res = c.res;
    let outcome = 'success';
    if (res.headers.get('idempotent-replayed') === 'true') {
      outcome = 'replayed';
    } else if (res.status >= 400) {
      // Set by failureJson: the answer is never read back (a clone and a parse per failure).
      outcome = c.get('failureCode') ?? `HTTP_${res.status}`;
    }
    counter.inc({ outcome });
  };
}
