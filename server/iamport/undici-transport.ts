import type { EventEmitter } from 'node:events';
import type * as Undici from 'undici';
import {
  errorCode,
  networkFailure,
  TransportFailure,
  type Transport,
  type TransportOptions,
} from './transport.ts';

// undici's own timeouts: the answer's headers, and the whole body (enforced below), are not there.
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * The transport over one undici `Pool` per client: persistent keep-alive connections, and per call
 * only the request options object (no Request, Headers, AbortController or merged ky options).
 * undici and EventEmitter come in as arguments: select-transport.ts loads them only on Node.
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
    // Backstops only: the timer in exchange() is the deadline.
    headersTimeout: options.timeoutMs + 5_000,
    bodyTimeout: options.timeoutMs + 5_000,
    connect: { timeout: Math.min(options.timeoutMs, 10_000) },
  });

  return {
    name: 'undici',
    async exchange(request) {
      // undici's own timeouts tick coarsely (about a second): one timer of ours bounds the
      // headers, then, restarted, the body, like the ky transport's timeout and body deadline. It
      // aborts through an EventEmitter, which undici takes as a `signal` like an AbortSignal: a
      // Node 20 AbortController with undici's listener on it costs 8 µs of CPU per call, this 0.1 µs.
      const abort = new Emitter();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        abort.emit('abort');
      }, options.timeoutMs);
      try {
        const response = await pool.request({
          method: request.method as Undici.Dispatcher.HttpMethod,
          path: prefix + request.target,
          headers: request.headers,
          body: request.body ?? null,
          signal: abort,
        });
        timer.refresh();
        return { status: response.statusCode, text: await response.body.text() };
      } catch (error) {
        if (timedOut) throw new TransportFailure('timeout', 'upstream timed out');
        const code = errorCode(error);
        if (code !== undefined && TIMEOUT_CODES.has(code)) {
          throw new TransportFailure('timeout', 'upstream timed out');
        }
        throw networkFailure(error);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
