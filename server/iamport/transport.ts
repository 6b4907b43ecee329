import ky, { isHTTPError, isTimeoutError, type KyInstance } from 'ky';
import * as v from 'valibot';
import type { IamportCallContext, IamportHttpLogEvent, IamportLogEvent } from './options.ts';
import { ImpEnvelopeSchema, type ImpEnvelope } from './schemas.ts';
import { createUndiciTransport } from './undici-transport.ts';

/** Why an exchange produced no usable HTTP answer. */
export type FailureKind = 'timeout' | 'network' | 'refused' | 'http';

/**
 * An exchange that produced no answer to act on (after ky's retries for GETs). `refused` means the
 * request never reached i'mport; every other kind may have been processed.
 */
export class TransportFailure extends Error {
  override readonly name = 'TransportFailure';
  readonly kind: FailureKind;
  readonly httpStatus?: number;

  constructor(kind: FailureKind, message: string, httpStatus?: number) {
    super(message);
    this.kind = kind;
    if (httpStatus !== undefined) this.httpStatus = httpStatus;
  }
}

/** An HTTP answer below 500, liberally read: `envelope` is absent when the body had none. */
export interface UpstreamAnswer {
  status: number;
  envelope?: ImpEnvelope;
  /** True when the body could not be read as JSON (HTML error pages, truncated bodies…). */
  unreadable: boolean;
}

export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Starts with `/`; logged as is, so it must hold ids only. */
  path: string;
  searchParams?: URLSearchParams;
  json?: Record<string, unknown>;
  token?: string;
  /** Stamped on the exchange's log event. */
  context?: IamportCallContext | undefined;
  /** Let ky retry with backoff. GETs only, plus getToken (which changes nothing upstream). */
  retry: boolean;
}

/** The statuses retried (GETs and getToken only), as ky does. */
export const RETRY_STATUSES = new Set([500, 502, 503, 504]);

/** ky's backoff: 0.3 s doubling per attempt, capped. */
export function retryDelayMs(attempt: number, limitMs: number): number {
  return Math.min(limitMs, 0.3 * 2 ** (attempt - 1) * 1000);
}

export interface TransportOptions {
  baseUrl: string;
  timeoutMs: number;
  retryLimit: number;
  retryBackoffLimitMs: number;
  fetch?: typeof fetch | undefined;
  log: (event: IamportLogEvent) => void;
}

export type Transport = (request: UpstreamRequest) => Promise<UpstreamAnswer>;

interface CallStats {
  retries: number;
}

// Error codes meaning the connection was never established, so nothing was sent.
export const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const nested = (error as { errors?: unknown }).errors;
  if (Array.isArray(nested)) return nested.map(errorCode).find((c) => c !== undefined);
  return undefined;
}

/**
 * Turns whatever fetch/ky threw into a TransportFailure. ky's own errors are never kept as a
 * cause: they hold the request options, and the JSON body in them may be card data.
 */
export function toFailure(error: unknown): TransportFailure {
  if (error instanceof TransportFailure) return error;
  if (isTimeoutError(error)) return new TransportFailure('timeout', 'upstream timed out');
  if (isHTTPError(error)) {
    void error.response.body?.cancel().catch(() => undefined);
    const status = error.response.status;
    return new TransportFailure('http', `upstream answered HTTP ${status}`, status);
  }
  const code = errorCode((error as { cause?: unknown } | null)?.cause) ?? errorCode(error);
  if (code !== undefined && NOT_SENT_CODES.has(code)) {
    return new TransportFailure('refused', `upstream unreachable (${code})`);
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new TransportFailure('timeout', 'upstream timed out');
  }
  return new TransportFailure('network', `upstream connection failed${code ? ` (${code})` : ''}`);
}

async function readBody(response: Response, timeoutMs: number): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void response.body?.cancel().catch(() => undefined);
      reject(new TransportFailure('timeout', 'upstream body timed out'));
    }, timeoutMs);
  });
  try {
    return await Promise.race([response.text(), deadline]);
  } catch (error) {
    throw toFailure(error);
  } finally {
    clearTimeout(timer);
  }
}

/** The log event of one exchange, filled in (duration, status, retries) as it goes. */
export function httpLogEvent(request: UpstreamRequest): IamportHttpLogEvent {
  const event: IamportHttpLogEvent = {
    type: 'http',
    method: request.method,
    path: request.path,
    durationMs: 0,
    retries: 0,
  };
  if (request.context?.requestId) event.requestId = request.context.requestId;
  return event;
}

export function parseAnswer(status: number, text: string): UpstreamAnswer {
  if (text.trim() === '') return { status, unreadable: false };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { status, unreadable: true };
  }
  const parsed = v.safeParse(ImpEnvelopeSchema, json);
  return parsed.success
    ? { status, envelope: parsed.output, unreadable: false }
    : { status, unreadable: false };
}

/**
 * The client's HTTP path. On Node with the default fetch it is undici's `Pool` (keep-alive, no
 * Request/AbortSignal/option merging per call: an eighth of ky's CPU per call in `npm run bench`);
 * with an injected `fetch`, or where undici cannot load (other runtimes), the configured ky
 * instance. Both time, log and classify every exchange the same way.
 */
export function createTransport(options: TransportOptions): Transport {
  const node = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions
    ?.node;
  if (options.fetch || !node) return createKyTransport(options);
  const fallback = createKyTransport(options);
  // Variable specifiers keep bundlers for other runtimes from pulling undici (or node:events) in.
  const specifiers = ['undici', 'node:events'];
  let chosen: Transport | undefined;
  const loading = Promise.all([
    import(specifiers[0]!) as Promise<typeof import('undici')>,
    import(specifiers[1]!) as Promise<typeof import('node:events')>,
  ])
    .then(([undici, events]) => createUndiciTransport(options, undici, events.EventEmitter))
    .catch(() => fallback)
    .then((transport) => (chosen = transport));
  return (request) => (chosen ? chosen(request) : loading.then((t) => t(request)));
}

/** The one configured ky instance, wrapped so every exchange is timed, logged and classified. */
export function createKyTransport(options: TransportOptions): Transport {
  const api: KyInstance = ky.create({
    prefixUrl: options.baseUrl,
    timeout: options.timeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    // 4xx answers carry i'mport's envelope and are read like 200s; only 5xx become errors (and
    // thereby retryable for GETs).
    throwHttpErrors: (status) => status >= 500,
    retry: {
      limit: options.retryLimit,
      methods: ['get'],
      statusCodes: [500, 502, 503, 504],
      backoffLimit: options.retryBackoffLimitMs,
      retryOnTimeout: false,
    },
    hooks: {
      beforeRetry: [
        ({ options: requestOptions }) => {
          const stats = (requestOptions.context as { stats?: CallStats }).stats;
          if (stats) stats.retries += 1;
        },
      ],
    },
  });

  return async function send(request) {
    const stats: CallStats = { retries: 0 };
    const started = performance.now();
    const event = httpLogEvent(request);
    try {
      const response = await api(request.path.slice(1), {
        method: request.method,
        ...(request.json ? { json: request.json } : {}),
        ...(request.searchParams ? { searchParams: request.searchParams } : {}),
        headers: {
          accept: 'application/json',
          ...(request.token ? { authorization: `Bearer ${request.token}` } : {}),
        },
        retry: request.retry ? { methods: [request.method.toLowerCase()] } : { limit: 0 },
        context: { stats },
      });
      event.status = response.status;
      const answer = parseAnswer(response.status, await readBody(response, options.timeoutMs));
      if (answer.envelope) event.upstreamCode = answer.envelope.code;
      return answer;
    } catch (error) {
      const failure = toFailure(error);
      event.failure = failure.kind;
      if (failure.httpStatus !== undefined) event.status = failure.httpStatus;
      throw failure;
    } finally {
      event.durationMs = Math.round(performance.now() - started);
      event.retries = stats.retries;
      options.log(event);
    }
  };
}
