import type { EventEmitter } from 'node:events';
import type * as Undici from 'undici';
import {
  httpLogEvent,
  NOT_SENT_CODES,
  RETRY_STATUSES,
  TransportFailure,
  errorCode,
  parseAnswer,
  retryDelayMs,
  toFailure,
  type Transport,
  type TransportOptions,
} from './transport.ts';

// undici's own timeouts: the answer's headers, and the whole body (enforced below), are not there.
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** What undici threw, as a TransportFailure (the same kinds as the ky path). */
function failureOf(error: unknown): TransportFailure {
  if (error instanceof TransportFailure) return error;
  const code = errorCode(error);
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return new TransportFailure('timeout', 'upstream timed out');
  }
  if (code !== undefined && NOT_SENT_CODES.has(code)) {
    return new TransportFailure('refused', `upstream unreachable (${code})`);
  }
  return toFailure(error);
}

/** Retried like ky does it: network errors and 5xx, never timeouts. */
function retryable(failure: TransportFailure): boolean {
  if (failure.kind === 'timeout') return false;
  if (failure.kind === 'http') return RETRY_STATUSES.has(failure.httpStatus ?? 0);
  return true;
}

/**
 * The transport over one undici `Pool` per client: persistent keep-alive connections, and per call
 * only the request options object (no Request, Headers, AbortController or merged ky options).
 * Same contract as the ky transport: 4xx answers are read, 5xx and network errors fail (retried
 * with ky's backoff for GETs and getToken), the body has the same deadline as the headers.
 */
export function createUndiciTransport(
  options: TransportOptions,
  undici: typeof Undici,
  Emitter: typeof EventEmitter,
): Transport {
  const base = new URL(options.baseUrl);
  const prefix = base.pathname.replace(/\/$/, '');
  const pool = new undici.Pool(base.origin, {
    keepAliveTimeout: 30_000,
    // Backstops only: the timer in attempt() is the deadline.
    headersTimeout: options.timeoutMs + 5_000,
    bodyTimeout: options.timeoutMs + 5_000,
    connect: { timeout: Math.min(options.timeoutMs, 10_000) },
  });

  async function attempt(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: string | undefined,
  ) {
    // undici's own timeouts tick coarsely (about a second): one timer of ours bounds the headers,
    // then, restarted, the body, like the ky path's timeout and body deadline. It aborts through
    // an EventEmitter, which undici takes as a `signal` like an AbortSignal: a Node 20
    // AbortController with undici's listener on it costs 8 µs of CPU per call, this 0.1 µs.
    const abort = new Emitter();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.emit('abort');
    }, options.timeoutMs);
    try {
      const response = await pool.request({
        method: method as Undici.Dispatcher.HttpMethod,
        path,
        headers,
        body: body ?? null,
        signal: abort,
      });
      if (response.statusCode >= 500) {
        await response.body.dump().catch(() => undefined);
        throw new TransportFailure(
          'http',
          `upstream answered HTTP ${response.statusCode}`,
          response.statusCode,
        );
      }
      timer.refresh();
      return parseAnswer(response.statusCode, await response.body.text());
    } catch (error) {
      if (timedOut) throw new TransportFailure('timeout', 'upstream timed out');
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  return async function send(request) {
    const started = performance.now();
    const event = httpLogEvent(request);
    const headers: Record<string, string> = { accept: 'application/json' };
    const body = request.json ? JSON.stringify(request.json) : undefined;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (request.token) headers.authorization = `Bearer ${request.token}`;
    const query = request.searchParams?.toString();
    const path = `${prefix}${request.path}${query ? `?${query}` : ''}`;
    const attempts = request.retry ? options.retryLimit + 1 : 1;
    try {
      for (let n = 1; ; n++) {
        try {
          const answer = await attempt(request.method, path, headers, body);
          event.status = answer.status;
          if (answer.envelope) event.upstreamCode = answer.envelope.code;
          return answer;
        } catch (error) {
          const failure = failureOf(error);
          if (n >= attempts || !retryable(failure)) throw failure;
          event.retries += 1;
          await new Promise((resolve) =>
            setTimeout(resolve, retryDelayMs(n, options.retryBackoffLimitMs)),
          );
        }
      }
    } catch (error) {
      const failure = failureOf(error);
      event.failure = failure.kind;
      if (failure.httpStatus !== undefined) event.status = failure.httpStatus;
      throw failure;
    } finally {
      event.durationMs = Math.round(performance.now() - started);
      options.log(event);
    }
  };
}
