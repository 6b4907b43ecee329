import { UpstreamError, type UpstreamErrorCode } from '../upstream/upstream-error.ts';
import type { ImpPayment } from './schemas.ts';

/**
 * Stable error codes of the i'mport client (the upstream codes, each in its V1 sense). Callers
 * branch on these, never on messages.
 */
export type IamportErrorCode = UpstreamErrorCode &
  /** getToken answered 401 (or refused the keys), or a call stayed 401 after one token refresh. */
  (
    | 'UPSTREAM_AUTH_FAILED'
    /** The card company declined (`code 0` + `status "failed"`) or the card is expired. */
    | 'CARD_DECLINED'
    /** `code -1`: the request to the PG itself failed; the PG's text is in `upstreamMessage`. */
    | 'PG_ERROR'
    /** `code 1` or another non-zero code / 4xx: already-paid merchant_uid, unknown customer_uid, … */
    | 'UPSTREAM_REJECTED'
    /** The payment is paid but for another amount than the one asked for. */
    | 'AMOUNT_MISMATCH'
    /** The call surely did not take effect: safe to retry (with the same merchant_uid). */
    | 'UPSTREAM_UNAVAILABLE'
    /** A state-changing call whose outcome could not be established: do not retry blindly. */
    | 'OUTCOME_UNKNOWN'
    /**
     * A 2xx answer that could not be understood, with nothing to reconcile (lookups, getToken, a
     * cancel answered code 0).
     */
    | 'UPSTREAM_INVALID_RESPONSE'
  );

export interface IamportErrorDetails {
  upstreamCode?: number | undefined;
  upstreamMessage?: string | undefined;
  httpStatus?: number | undefined;
  payment?: ImpPayment | undefined;
  cause?: unknown;
}

/**
 * The only error type the client rejects with, apart from a `TypeError` for an id that cannot be
 * one segment of i'mport's URL (endpoints.ts), which nothing is sent for. Messages and fields never carry card data: the
 * `cause` is a sanitised error (never a ky error, whose request options hold the JSON body).
 */
export class IamportError extends UpstreamError {
  override readonly name: string = 'IamportError';
  declare readonly code: IamportErrorCode;
  declare readonly upstreamCode?: number;
  /** The failed (or mismatching) payment, for CARD_DECLINED and AMOUNT_MISMATCH. */
  readonly payment?: ImpPayment;

  constructor(code: IamportErrorCode, message: string, details: IamportErrorDetails = {}) {
    super(code, message, { ...details, transactionId: details.payment?.imp_uid });
    if (details.payment !== undefined) this.payment = details.payment;
  }
}

/** True when `e` is an {@link IamportError}, optionally with the given code. */
export function isIamportError(e: unknown, code?: IamportErrorCode): e is IamportError {
  return e instanceof IamportError && (code === undefined || e.code === code);
}
