import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The V2 error `type`s the sandbox produces, with the HTTP status PortOne's OpenAPI gives each. */
export const PORTONE_ERROR_STATUS = {
  INVALID_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CHANNEL_NOT_FOUND: 404,
  PAYMENT_NOT_FOUND: 404,
  BILLING_KEY_NOT_FOUND: 404,
  ALREADY_PAID: 409,
  BILLING_KEY_ALREADY_DELETED: 409,
  PAYMENT_NOT_PAID: 409,
  PAYMENT_ALREADY_CANCELLED: 409,
  CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT: 409,
  CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN: 409,
  // Not in the OpenAPI document: PortOne's API page describes it for an Idempotency-Key whose
  // first request is still running.
  IDEMPOTENCY_OUTSTANDING_REQUEST: 409,
  PG_PROVIDER: 502,
} as const satisfies Record<string, ContentfulStatusCode>;

export type PortOneErrorType = keyof typeof PORTONE_ERROR_STATUS;

/** The V2 error body: `{type, message}`, plus `pgCode`/`pgMessage` for PG_PROVIDER. */
export interface PortOneErrorBody {
  type: PortOneErrorType;
  message: string;
  pgCode?: string;
  pgMessage?: string;
}

/** A V2 refusal; the app's error handler turns it into its status and `{type, message, …}`. */
export class PortOneApiError extends Error {
  override readonly name = 'PortOneApiError';
  readonly type: PortOneErrorType;
  readonly pg: { code: string; message: string } | undefined;

  constructor(type: PortOneErrorType, message: string, pg?: { code: string; message: string }) {
    super(message);
    this.type = type;
    this.pg = pg;
  }

  get status(): ContentfulStatusCode {
    return PORTONE_ERROR_STATUS[this.type];
  }

  body(): PortOneErrorBody {
    const body: PortOneErrorBody = { type: this.type, message: this.message };
    if (this.pg !== undefined) {
      body.pgCode = this.pg.code;
      body.pgMessage = this.pg.message;
    }
    return body;
  }
}

/** A PG's refusal: 502 PG_PROVIDER with the PG's code and words. */
export function pgProviderError(pgCode: string, pgMessage: string): PortOneApiError {
  return new PortOneApiError('PG_PROVIDER', `PG사에서 오류를 전달했습니다. (${pgMessage})`, {
    code: pgCode,
    message: pgMessage,
  });
}

export function answerPortOneError(c: Context, error: PortOneApiError): Response {
  return c.json(error.body(), error.status);
}
