import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { bindLogger, type Logger } from '../logger.ts';
import type { ServerMetrics } from '../metrics/server-metrics.ts';

/**
 * hono/secure-headers' defaults with our CSP and CORP, as it would send them
 * (`secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
 * crossOriginResourcePolicy: 'same-origin' })`; request-edge.test.ts holds the two equal).
 */
export const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
];

// hono/request-id's rule for a caller's own id.
const CALLER_ID = /^[\w\-=]{1,255}$/;

/**
 * What every request gets, in one middleware: its id (the caller's `X-Request-Id` when it is
 * plain, else a UUID) in `c.var.requestId` and the answer's `X-Request-Id`, a logger bound to it,
 * the security headers, one `request` log line and the outcome metrics.
 *
 * It replaces hono's requestId, secureHeaders and two middlewares of ours: in a profile of a
 * refused token (`npm run bench -- --only=profile --profile-rejection=token`) the four cost 13.9%
 * of the CPU on their own, this one 10.7% (docs/performance.md). secureHeaders (`overwrite: false`)
 * asks `has` then `set` for 12 headers on the finished answer, each through undici's header-name
 * and value validation: 8.4% on its own. Here the headers are prepared
 * with `c.header()` before the handler runs, so Hono builds the answer on them directly, and a
 * handler's own `c.header()` (the frame's CSP, the widget script's CORP) still replaces ours.
 * An answer built without Hono's context (`new Response`) lacks them: they are added after.
 */
export function requestEdge(
  deps: { logger: Logger; now: () => number },
  metrics: ServerMetrics,
): MiddlewareHandler<AppEnv> {
  const counters: Record<string, ServerMetrics['registrations'] | undefined> = {
    '/v1/registrations': metrics.registrations,
    '/v1/charges': metrics.charges,
  };
  return async function requestEdgeMiddleware(c, next) {
    const started = deps.now();
    const given = c.req.header('x-request-id');
    const id = given !== undefined && CALLER_ID.test(given) ? given : crypto.randomUUID();
    c.set('requestId', id);
    const log = bindLogger(deps.logger, deps.now, id);
    c.set('log', log);
    c.header('X-Request-Id', id);
    for (const [name, value] of SECURITY_HEADERS) c.header(name, value);

    await next();

    const res = c.res;
    if (!res.headers.has('x-content-type-options')) {
      if (!res.headers.has('x-request-id')) res.headers.set('X-Request-Id', id);
      for (const [name, value] of SECURITY_HEADERS) {
        if (!res.headers.has(name)) res.headers.set(name, value);
      }
    }
    const status = res.status;
    const counter = c.req.method === 'POST' ? counters[c.req.path] : undefined;
    if (counter) {
      let outcome = 'success';
      if (res.headers.get('idempotent-replayed') === 'true') {
        outcome = 'replayed';
      } else if (status >= 400) {
        // Set by failureJson: the answer is never read back (a clone and a parse per failure).
        outcome = c.get('failureCode') ?? `HTTP_${status}`;
      }
      counter.inc({ outcome });
    }
    // The path only: bodies and query strings are never logged.
    log(status >= 500 ? 'error' : 'info', 'request', {
      method: c.req.method,
      path: c.req.path,
      status,
      duration_ms: deps.now() - started,
    });
  };
}
