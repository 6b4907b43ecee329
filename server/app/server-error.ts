import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { CardField, ErrorCode, FieldErrorCode } from '../../widget/contract/index.ts';

/**
 * Every code the server answers: the contract's codes (the widget knows them all) plus the
 * HTTP-level ones only a merchant backend or a probe can meet.
 */
export type ServerErrorCode = ErrorCode | 'METHOD_NOT_ALLOWED';

/** The HTTP status each public error code is answered with (docs/api.md's and OpenAPI's table). */
export const HTTP_STATUS_BY_CODE = {
  INVALID_REQUEST: 400,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  UNAUTHORIZED: 401,
  CARD_DECLINED: 402,
  PG_ERROR: 402,
  FORBIDDEN: 403,
  ATTEMPTS_EXCEEDED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  TOKEN_ALREADY_USED: 409,
  CUSTOMER_IN_DOUBT: 409,
  MERCHANT_UID_CONFLICT: 409,
  REFUND_CONFLICT: 409,
  REFUND_NOT_ALLOWED: 409,
  PAYLOAD_TOO_LARGE: 413,
  PG_NOT_SUPPORTED: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  OUTCOME_UNKNOWN: 502,
  UPSTREAM_UNAVAILABLE: 503,
  STORE_UNAVAILABLE: 503,
  // Never produced by the server: the widget uses it when the server could not be reached.
  NETWORK_ERROR: 503,
  // Never produced by the server either: the widget has no token or endpoint and sent nothing.
  MISCONFIGURED: 500,
  // Nor this: the isolated host on the merchant page could not use the frame of the form.
  FRAME_BLOCKED: 503,
} as const satisfies Record<ServerErrorCode, ContentfulStatusCode>;

export interface ServerErrorOptions {
  fields?: Partial<Record<CardField, FieldErrorCode[]>>;
  /** Seconds for a `Retry-After` header. */
  retryAfter?: number;
  /** Overrides the status of the code table (e.g. 502 instead of 503 for a broken upstream). */
  status?: ContentfulStatusCode;
  cause?: unknown;
}

/**
 * An error with a stable public code. Its message is sent to the client, so it must never
 * contain card data or anything the client sent.
 *
 * It is Hono's `HTTPException` carrying its own answer, so it plugs into Hono's error flow: our
 * `onError` adds the request id, and any other handler (Hono's default one, a merchant's
 * `onError` calling `getResponse()`) still answers the typed `{status: "failed", code, message}`.
 */
export class ServerError extends HTTPException {
  override readonly name = 'ServerError';
  readonly code: ServerErrorCode;
  readonly fields: Partial<Record<CardField, FieldErrorCode[]>> | undefined;
  readonly retryAfter: number | undefined;

  constructor(code: ServerErrorCode, message: string, options: ServerErrorOptions = {}) {
    // A typed answer, not a bug: no stack trace is read, and capturing one for every refused
    // request was 2.4% of the rejection path's CPU (`npm run bench -- --only=profile`). A cause
    // keeps its own.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(options.status ?? HTTP_STATUS_BY_CODE[code], { message, cause: options.cause });
    Error.stackTraceLimit = stackTraceLimit;
    this.code = code;
    this.fields = options.fields;
    this.retryAfter = options.retryAfter;
  }

  /** The typed failure as a Response (without `request_id`, which only a request's context has). */
  override getResponse(): Response {
    return Response.json(this.toBody(), {
      status: this.status,
      ...(this.retryAfter === undefined
        ? {}
        : { headers: { 'Retry-After': String(this.retryAfter) } }),
    });
  }

  /**
   * The `{status: "failed", code, message, fields?}` body; `request_id` is added on the way out
   * (failure-json.ts), so a stored body replayed later carries the new request's id.
   */
  toBody(): FailureBody {
    return {
      status: 'failed',
      code: this.code,
      message: this.message,
      ...(this.fields ? { fields: this.fields } : {}),
    };
  }
}

export interface FailureBody {
  status: 'failed';
  code: ServerErrorCode;
  message: string;
  fields?: Partial<Record<CardField, FieldErrorCode[]>>;
  /** The X-Request-Id of the answer, to quote to support. */
  request_id?: string;
}

export function isServerError(error: unknown, code?: ServerErrorCode): error is ServerError {
  return error instanceof ServerError && (code === undefined || error.code === code);
}
