import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { bindLogger, type JsonLineLogger, type Logger } from '../logger.ts';
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

/** The part of Node's `ServerResponse` the edge uses. */
interface NodeResponse {
  setHeader(name: string, value: string): unknown;
  removeHeader(name: string): void;
  headersSent: boolean;
}

/**
 * The Node response @hono/node-server hands the app in `c.env` (its `HttpBindings`: `impcard`, a
 * merchant's own `serve()` and `nodeHandler` all pass it), read by shape as client-ip.ts reads
 * the socket; undefined elsewhere (`app.request()`, Bun, Deno, Workers).
 */
function nodeResponseOf(c: Context): NodeResponse | undefined {
  const env = c.env as
    { outgoing?: NodeResponse; server?: { outgoing?: NodeResponse } } | undefined;
  const outgoing = env?.server?.outgoing ?? env?.outgoing;
  return outgoing && typeof outgoing.setHeader === 'function' && !outgoing.headersSent
    ? outgoing
    : undefined;
}

const EDGE = Symbol('impcard.edge');

/**
 * Sets a header every answer of this request carries unless its handler sets its own: on Node on
 * the `ServerResponse` itself (Node's `writeHead` lets the handler's headers replace it), else
 * with `c.header()`. On Node it never enters Hono's `Headers`: each `set` there validates the
 * name and value through undici's WebIDL code, and an answer with any such header is then copied
 * out of the `Headers` again (@hono/node-server's `buildOutgoingHttpHeaders`).
 */
export function setEdgeHeader(c: Context, name: string, value: string): void {
  const node = (c as { [EDGE]?: NodeResponse | null })[EDGE];
  if (node) node.setHeader(name, value);
  else c.header(name, value);
}

/** Takes an edge header off this request's answer (the frame's X-Frame-Options). */
export function removeEdgeHeader(c: Context, name: string): void {
  (c as { [EDGE]?: NodeResponse | null })[EDGE]?.removeHeader(name);
  c.header(name, undefined);
}

/**
 * The `request` log line as the JSON-lines sink would write the entry bindLogger makes
 * (`{level, event, time, request_id, method, path, status, duration_ms}`, in that order), without
 * the entry or its `Object.assign`: request-edge.test.ts holds the two equal.
 */
// The ISO time's part up to the second, made once a second rather than a Date's per line.
let isoSecond = Number.NaN;
let isoPrefix = '';

/** `new Date(time).toISOString()`, for the clock's milliseconds. */
export function isoTime(time: number): string {
  const second = Math.floor(time / 1000);
  if (second !== isoSecond || !Number.isInteger(time)) {
    const iso = new Date(time).toISOString();
    if (!Number.isInteger(time) || iso.length !== 24) return iso;
    isoSecond = second;
    isoPrefix = iso.slice(0, 20);
  }
  const ms = time - second * 1000;
  return `${isoPrefix}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}

export function requestLine(
  time: number,
  id: string,
  method: string,
  path: string,
  status: number,
  durationMs: number,
): string {
  return (
    `{"level":"${status >= 500 ? 'error' : 'info'}","event":"request","time":"${isoTime(time)}",` +
    `"request_id":${JSON.stringify(id)},"method":${JSON.stringify(method)},"path":${JSON.stringify(path)},` +
    `"status":${status},"duration_ms":${JSON.stringify(durationMs)}}`
  );
}

/**
 * What every request gets, in one middleware: its id (the caller's `X-Request-Id` when it is
 * plain, else a UUID) in `c.var.requestId` and the answer's `X-Request-Id`, a logger bound to it,
 * the security headers, one `request` log line and the outcome metrics.
 *
 * It replaces hono's requestId, secureHeaders and two middlewares of ours: in a profile of a
 * refused token (`npm run bench -- --only=profile --profile-rejection=token`) the four cost 13.9%
 * of the CPU on their own, this one 10.7% (docs/performance.md). secureHeaders (`overwrite: false`)
 * asks `has` then `set` for 12 headers on the finished answer, each through undici's header-name
 * and value validation: 8.4% on its own. Here the headers are set before the handler runs (on
 * Node on the `ServerResponse`, see {@link setEdgeHeader}), and a handler's own header (the
 * frame's CSP, the widget script's CORP) still replaces ours. Off Node, an answer built without
 * Hono's context (`new Response`) lacks them: they are added after.
 */
export function requestEdge(
  deps: { logger: Logger; now: () => number },
  metrics: ServerMetrics,
): MiddlewareHandler<AppEnv> {
  const counters: Record<string, ServerMetrics['registrations'] | undefined> = {
    '/v1/registrations': metrics.registrations,
    '/v1/charges': metrics.charges,
  };
  // The JSON-lines sink takes the request line as text (see requestLine); any other logger gets
  // the entry.
  const line = (deps.logger as Partial<JsonLineLogger>).line;
  return async function requestEdgeMiddleware(c, next) {
    const started = deps.now();
    const given = c.req.header('x-request-id');
    const id = given !== undefined && CALLER_ID.test(given) ? given : crypto.randomUUID();
    c.set('requestId', id);
    const log = bindLogger(deps.logger, deps.now, id);
    c.set('log', log);
    const node = nodeResponseOf(c);
    (c as { [EDGE]?: NodeResponse | null })[EDGE] = node ?? null;
    if (node) {
      node.setHeader('X-Request-Id', id);
      for (const [name, value] of SECURITY_HEADERS) node.setHeader(name, value);
    } else {
      c.header('X-Request-Id', id);
      for (const [name, value] of SECURITY_HEADERS) c.header(name, value);
    }

    await next();

    const res = c.res;
    if (!node && !res.headers.has('x-content-type-options')) {
      if (!res.headers.has('x-request-id')) res.headers.set('X-Request-Id', id);
      for (const [name, value] of SECURITY_HEADERS) {
        if (!res.headers.has(name)) res.headers.set(name, value);
      }
    }
    const status = res.status;
    const { method, path } = c.req;
    const counter = method === 'POST' ? counters[path] : undefined;
    if (counter) {
      let outcome = 'success';
      // Marked by the routes with the header: reading the answer's headers back would build them.
      if (c.get('replayed')) {
        outcome = 'replayed';
      } else if (status >= 400) {
        // Set by failureJson: the answer is never read back (a clone and a parse per failure).
        outcome = c.get('failureCode') ?? `HTTP_${status}`;
      }
      counter.inc({ outcome });
    }
    // The path only: bodies and query strings are never logged.
    const ended = deps.now();
    if (line) {
      line(requestLine(ended, id, method, path, status, ended - started));
      return;
    }
    log(status >= 500 ? 'error' : 'info', 'request', {
      method,
      path,
      status,
      duration_ms: ended - started,
    });
  };
}
