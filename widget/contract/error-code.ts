/**
 * The stable codes of a failed registration (and of every failure the server answers). The widget
 * adds `NETWORK_ERROR` when the server was not reached at all, `MISCONFIGURED` when it has no
 * `token` or `endpoint` and so refuses to send, and `FRAME_BLOCKED` when the isolated host cannot
 * use its frame (the page's origin is not allowed, or the frame did not load or answer).
 */
export type ErrorCode =
  | 'INVALID_REQUEST'
  | 'TOKEN_INVALID'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_ALREADY_USED'
  | 'ATTEMPTS_EXCEEDED'
  | 'CARD_DECLINED'
  | 'PG_ERROR'
  | 'PG_NOT_SUPPORTED'
  | 'RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'OUTCOME_UNKNOWN'
  | 'STORE_UNAVAILABLE'
  | 'CUSTOMER_IN_DOUBT'
  | 'MERCHANT_UID_CONFLICT'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'REFUND_CONFLICT'
  | 'REFUND_NOT_ALLOWED'
  | 'NOT_FOUND'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'PAYLOAD_TOO_LARGE'
  | 'INTERNAL_ERROR'
  | 'NETWORK_ERROR'
  | 'MISCONFIGURED'
  | 'FRAME_BLOCKED';

/**
 * Codes only the merchant's own routes answer (refunds): a card form never receives them, so the
 * widget carries no text for them.
 */
export type MerchantOnlyErrorCode = 'REFUND_CONFLICT' | 'REFUND_NOT_ALLOWED';

/** The codes of {@link MerchantOnlyErrorCode}. */
export const MERCHANT_ONLY_ERROR_CODES: readonly MerchantOnlyErrorCode[] = [
  'REFUND_CONFLICT',
  'REFUND_NOT_ALLOWED',
];

/** Type guard for {@link FormErrorCode}. */
export function isFormErrorCode(code: ErrorCode): code is FormErrorCode {
  return !(MERCHANT_ONLY_ERROR_CODES as readonly string[]).includes(code);
}

/** The codes a card form can meet, each with a text in every language of the widget. */
export type FormErrorCode = Exclude<ErrorCode, MerchantOnlyErrorCode>;

/** Every error code. */
export const ERROR_CODES: readonly ErrorCode[] = [
  'INVALID_REQUEST',
  'TOKEN_INVALID',
  'TOKEN_EXPIRED',
  'TOKEN_ALREADY_USED',
  'ATTEMPTS_EXCEEDED',
  'CARD_DECLINED',
  'PG_ERROR',
  'PG_NOT_SUPPORTED',
  'RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'OUTCOME_UNKNOWN',
  'STORE_UNAVAILABLE',
  'CUSTOMER_IN_DOUBT',
  'MERCHANT_UID_CONFLICT',
  'IDEMPOTENCY_KEY_REUSED',
  'REFUND_CONFLICT',
  'REFUND_NOT_ALLOWED',
  'NOT_FOUND',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'PAYLOAD_TOO_LARGE',
  'INTERNAL_ERROR',
  'NETWORK_ERROR',
  'MISCONFIGURED',
  'FRAME_BLOCKED',
];

/** Type guard for {@link ErrorCode}. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return (ERROR_CODES as readonly unknown[]).includes(value);
}
