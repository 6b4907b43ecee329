import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import type { ServerMetrics } from './server-metrics.ts';

/**
 * Counts the answers of `POST /v1/registrations` and `POST /v1/charges` by outcome, read from
 * the answer itself (status, `Idempotent-Replayed`, the failure code), so the routes stay free of
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
      const body = (await res
        .clone()
        .json()
        .catch(() => null)) as { code?: unknown } | null;
      outcome = typeof body?.code === 'string' ? body.code : `HTTP_${res.status}`;
    }
    counter.inc({ outcome });
  };
}
