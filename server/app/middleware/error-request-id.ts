import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';

/**
 * Adds `request_id` to every failure body (`{status: "failed", …}`) on its way out, whichever
 * part of the app answered it: onError, notFound, a route's own 402 or a replayed stored answer.
 * Only error answers are read back, so successful bodies are never parsed twice.
 */
export function errorRequestId(): MiddlewareHandler<AppEnv> {
  return async function errorRequestIdMiddleware(c, next) {
    await next();
    const res = c.res;
    if (res.status < 400 || !res.headers.get('content-type')?.includes('application/json')) return;
    let body: unknown;
    try {
      body = await res.clone().json();
    } catch {
      return;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
    const failure = body as Record<string, unknown>;
    if (failure.status !== 'failed' || failure.request_id !== undefined) return;
    const headers = new Headers(res.headers);
    headers.delete('content-length');
    c.res = undefined;
    c.res = new Response(JSON.stringify({ ...failure, request_id: c.get('requestId') }), {
      status: res.status,
      headers,
    });
  };
}
