import type { IamportCallContext } from './options.ts';
import type { ImpEnvelope } from './schemas.ts';

// The contract between the client and its HTTP path. The client sends an UpstreamRequest through
// the one `send()` (create-send.ts), which hands each attempt to a Transport (ky-transport.ts,
// undici-transport.ts; select-transport.ts picks one) and reads what comes back.

/** Why an exchange produced no usable HTTP answer. */
export type FailureKind = 'timeout' | 'network' | 'refused' | 'http';

/**
 * An exchange that produced no answer to act on (after the retries the policy allows). `refused`
 * means the request never reached i'mport; every other kind may have been processed.
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
  /** The body as JSON, whatever its shape (PortOne V2 answers carry no envelope). */
  body?: unknown;
  /** True when the body could not be read as JSON (HTML error pages, truncated bodies…). */
  unreadable: boolean;
}

/** One call as the client describes it. */
export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Starts with `/`; logged as is, so it must hold ids only. */
  path: string;
  searchParams?: URLSearchParams | undefined;
  json?: Record<string, unknown> | undefined;
  token?: string | undefined;
  /** Further headers (PortOne V2: its `Authorization` scheme, `Idempotency-Key`). */
  headers?: Record<string, string> | undefined;
  /** Logged instead of `path` when the path holds an id that must not be logged (a V2 billing key). */
  logPath?: string | undefined;
  /** Stamped on the exchange's log event. */
  context?: IamportCallContext | undefined;
  /**
   * Whether the call may change anything upstream. Such a call is sent once (a repeat could pay
   * or cancel twice); getToken does not count: i'mport hands out the same token again.
   */
  changesState: boolean;
}

/** What `send()` resolves with: an answer to read, or the failure that stood for one. */
export type UpstreamOutcome = UpstreamAnswer | TransportFailure;

/** The one `send()` of a client (create-send.ts). */
export type Send = (request: UpstreamRequest) => Promise<UpstreamOutcome>;

/** One attempt on the wire, as `send()` prepared it. */
export interface WireRequest {
  method: string;
  /** Path and query, appended to the base URL's path. */
  target: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** Any HTTP answer, 5xx included (`send()` decides what a status means). */
export interface WireAnswer {
  status: number;
  text: string;
}

/**
 * An HTTP path to i'mport. `exchange` makes exactly one attempt, bounded by the timeout (headers,
 * then again the body), and rejects only with a TransportFailure.
 */
export interface Transport {
  readonly name: 'ky' | 'undici';
  exchange(request: WireRequest): Promise<WireAnswer>;
}

export interface TransportOptions {
  baseUrl: string;
  timeoutMs: number;
  fetch?: typeof fetch | undefined;
}

// Error codes meaning the connection was never established, so nothing was sent.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The system or undici error code of `error`, its `cause`, or an AggregateError's members. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const nested = (error as { errors?: unknown }).errors;
  if (Array.isArray(nested)) return nested.map(errorCode).find((c) => c !== undefined);
  const cause = (error as { cause?: unknown }).cause;
  return cause === undefined ? undefined : errorCode(cause);
}

/**
 * What either transport's library threw, once its own timeouts are recognised: refused when the
 * connection never opened, else a network failure that may have reached i'mport. The library's
 * error is never kept as a cause: ky's hold the request options, whose JSON body may be card data.
 */
export function networkFailure(error: unknown): TransportFailure {
  if (error instanceof TransportFailure) return error;
  const code = errorCode(error);
  if (code !== undefined && NOT_SENT_CODES.has(code)) {
    return new TransportFailure('refused', `upstream unreachable (${code})`);
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new TransportFailure('timeout', 'upstream timed out');
  }
  return new TransportFailure('network', `upstream connection failed${code ? ` (${code})` : ''}`);
}
