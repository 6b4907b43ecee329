/**
 * Stable error codes of an upstream (i'mport V1 or PortOne V2). Callers branch on these, or on
 * the {@link UpstreamOutcome} they fall in, never on messages.
 */
export type UpstreamErrorCode =
  /** The credentials were refused (V1: getToken or a second 401; V2: 401/403). */
  | 'UPSTREAM_AUTH_FAILED'
  /** The card company declined the card (or it is expired). */
  | 'CARD_DECLINED'
  /** The request to the PG itself failed; the PG's text is in `upstreamMessage`. */
  | 'PG_ERROR'
  /** Any other refusal: already-paid payment id, unknown billing key, unknown channel, … */
  | 'UPSTREAM_REJECTED'
  /** The payment is paid but for another amount than the one asked for. */
  | 'AMOUNT_MISMATCH'
  /** The call surely did not take effect: safe to retry (with the same payment id). */
  | 'UPSTREAM_UNAVAILABLE'
  /** A state-changing call whose outcome could not be established: do not retry blindly. */
  | 'OUTCOME_UNKNOWN'
  /** A 2xx answer that could not be understood, with nothing to reconcile. */
  | 'UPSTREAM_INVALID_RESPONSE';

/**
 * The classified outcome of a failed call (besides ok and not-found, which resolve):
 * `rejected`, the upstream answered and refused, nothing happened; `in-doubt`, it may have taken
 * effect (reconcile by looking it up, never resend blindly); `unavailable`, nothing happened and
 * nothing was decided (retry later).
 */
export type UpstreamOutcome = 'rejected' | 'in-doubt' | 'unavailable';

const OUTCOME_OF: Record<UpstreamErrorCode, UpstreamOutcome> = {
  CARD_DECLINED: 'rejected',
  PG_ERROR: 'rejected',
  UPSTREAM_REJECTED: 'rejected',
  // Money moved, for a wrong amount: not an answer to give as final.
  AMOUNT_MISMATCH: 'in-doubt',
  OUTCOME_UNKNOWN: 'in-doubt',
  UPSTREAM_UNAVAILABLE: 'unavailable',
  UPSTREAM_AUTH_FAILED: 'unavailable',
  UPSTREAM_INVALID_RESPONSE: 'unavailable',
};

export interface UpstreamErrorDetails {
  /** V1: the envelope's numeric `code`; V2: the error body's `type` (e.g. `PG_PROVIDER`). */
  upstreamCode?: number | string | undefined;
  /** The upstream's (or PG's) message, already redacted of card data. */
  upstreamMessage?: string | undefined;
  /** V2 `PG_PROVIDER`: the PG's own code. */
  pgCode?: string | undefined;
  httpStatus?: number | undefined;
  /** The failed attempt's upstream id (V1 imp_uid, V2 transactionId), when the answer names one. */
  transactionId?: string | undefined;
  cause?: unknown;
}

/**
 * The error every upstream implementation rejects with (the V1 client's IamportError is one).
 * Messages and fields never carry card data.
 */
export class UpstreamError extends Error {
  override readonly name: string = 'UpstreamError';
  readonly code: UpstreamErrorCode;
  readonly upstreamCode?: number | string;
  readonly upstreamMessage?: string;
  readonly pgCode?: string;
  readonly httpStatus?: number;
  readonly transactionId?: string;

  constructor(code: UpstreamErrorCode, message: string, details: UpstreamErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    if (details.upstreamCode !== undefined) this.upstreamCode = details.upstreamCode;
    if (details.upstreamMessage !== undefined) this.upstreamMessage = details.upstreamMessage;
    if (details.pgCode !== undefined) this.pgCode = details.pgCode;
    if (details.httpStatus !== undefined) this.httpStatus = details.httpStatus;
    if (details.transactionId !== undefined) this.transactionId = details.transactionId;
  }

  /** Which of the classified outcomes this error stands for. */
  get outcome(): UpstreamOutcome {
    return OUTCOME_OF[this.code];
  }
}

/** True when `e` is an {@link UpstreamError}, optionally with the given code. */
export function isUpstreamError(e: unknown, code?: UpstreamErrorCode): e is UpstreamError {
  return e instanceof UpstreamError && (code === undefined || e.code === code);
}
