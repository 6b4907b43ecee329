import type { TokenMode } from '../../../widget/contract/index.ts';
import type { BillingKeyResult, PaymentResult } from './results.ts';

/** What a registration may do, fixed by the merchant (a verified token or `authorize`). */
export interface RegistrationIntent {
  /** Unique per intent: the key for replay protection and attempt counting. */
  jti: string;
  customer_uid: string;
  mode: TokenMode;
  amount?: number | undefined;
  merchant_uid?: string | undefined;
  name?: string | undefined;
  pg?: string | undefined;
  buyer?:
    { name?: string | undefined; email?: string | undefined; tel?: string | undefined } | undefined;
  /** Unix seconds; replay records live until then. */
  exp?: number | undefined;
}

export interface BillingKeyIssuedEvent {
  billing_key: BillingKeyResult;
  /** The request that issued it. */
  request_id: string;
}

/** A card as the billing-key watch tells it: the brand and last four digits, nothing more. */
export interface CardSummary {
  card_name: string | null;
  /** null when i'mport's masking hides the last four digits. */
  last4: string | null;
}

/**
 * The card i'mport holds for a customer is not the one this server saved last: a lost key-storing
 * call landed after the in-doubt window (or the key was changed outside this server).
 */
export interface BillingKeyChangedEvent {
  customer_uid: string;
  /** The card this server saved last; null when it deleted the key. */
  saved: CardSummary | null;
  /** The card i'mport holds now; null when it holds none. */
  found: CardSummary | null;
}

/** One refund (i'mport: one cancellation) of a payment. */
export interface RefundResult {
  /** KRW refunded by this cancellation. */
  amount: number;
  /** i'mport's id of the cancellation, when it gives one. */
  cancellation_id?: string;
  /** KRW refunded so far, this one included. */
  refunded_total: number;
  /** KRW that can still be refunded. */
  remaining: number;
}

export interface PaymentEvent {
  payment: PaymentResult;
  customer_uid: string | undefined;
  /**
   * Who saw the payment first: the registration, a charge, or i'mport's webhook; `refund` for a
   * refund (once per cancellation, whether the refund route or a cancel webhook saw it first).
   */
  source: 'registration' | 'charge' | 'webhook' | 'refund';
  /** With `source: "refund"`: the cancellation this event is about. */
  refund?: RefundResult;
}
