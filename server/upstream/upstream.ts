// The upstream as the payment rules (server/app/payments) see it: i'mport V1 and PortOne V2 behind
// one interface. Its words are V2's where the two differ: a payment is named by our `paymentId`
// (V1 merchant_uid) and by the upstream's `transactionId` (V1 imp_uid); a billing key is asked for
// by our `customerId` (V1 customer_uid) and comes back with the upstream's `billingKey` reference
// (V1: the customer_uid itself; V2: the key PortOne issued).
//
// Every method resolves with its value when the upstream answered ok (a lookup: null when it found
// nothing) and otherwise rejects with an UpstreamError whose `outcome` is `rejected`, `in-doubt` or
// `unavailable` (upstream-error.ts). State-changing calls are sent once; a lost answer is
// reconciled by the implementation (looking the record up) before it rejects `in-doubt`.

/** Card data: only in flight, never logged, stored or echoed. */
export interface CardCredentials {
  /** Digits, with or without separators. */
  number: string;
  /** `YYYY-MM`. */
  expiry: string;
  /** `YYMMDD`, or the 10-digit business registration number. */
  birth?: string | undefined;
  /** The first two digits of the card password. */
  passwordTwoDigits?: string | undefined;
}

/** What the upstream is told about the buyer (some PGs require it). */
export interface UpstreamBuyer {
  name?: string | undefined;
  email?: string | undefined;
  tel?: string | undefined;
}

/** An amount with its currency: V2 requires the currency; V1 takes KRW by default. */
export interface Money {
  /** Integer, in the currency's minor unit as the upstream counts it (KRW: won). */
  total: number;
  /** ISO 4217, e.g. `KRW`. */
  currency: string;
}

/** What names a payment: ours, the upstream's attempt, or both. */
export type PaymentRef =
  | { paymentId: string; transactionId?: string | undefined }
  | { transactionId: string; paymentId?: string | undefined };

export interface IssueBillingKeyRequest {
  /**
   * Our id of the customer. V1 stores the key under it (an upsert: a second issue replaces the
   * card); V2 issues a new key and records it as `customer.id`.
   */
  customerId: string;
  card: CardCredentials;
  /** V1 `pg` (e.g. `nice`, `kcp.A52CY`); V2 a channel key (configuration maps one to the other). */
  channel?: string | undefined;
  buyer?: UpstreamBuyer | undefined;
  /**
   * Names this attempt of the intent (the widget's or the merchant's Idempotency-Key): a resend of
   * the same attempt may be replayed by the upstream (V2's Idempotency-Key), a new one is done
   * anew. V1 has no such header and ignores it.
   */
  attempt?: string | undefined;
}

interface PaymentRequestBase {
  /** Our payment id (V1 merchant_uid): the upstream accepts one paid payment per id. */
  paymentId: string;
  amount: Money;
  channel?: string | undefined;
  buyer?: UpstreamBuyer | undefined;
  /** Card installment months (0 or absent: none). */
  installmentMonths?: number | undefined;
  customData?: string | undefined;
  /** Where the upstream posts its webhook for this payment. */
  noticeUrl?: string | undefined;
  /**
   * Names this attempt of the intent (the widget's or the merchant's Idempotency-Key): a resend of
   * the same attempt may be replayed by the upstream (V2's Idempotency-Key), a new one is done
   * anew. V1 has no such header and ignores it.
   */
  attempt?: string | undefined;
}

/** A key-in payment; with `storeFor`, the card is also kept as that customer's billing key. */
export interface InstantPaymentRequest extends PaymentRequestBase {
  card: CardCredentials;
  /**
   * V2 requires an order name; V1 takes none on a key-in payment, and registration tokens may
   * carry none, so a V2 implementation supplies its own when absent.
   */
  orderName?: string | undefined;
  storeFor?: string | undefined;
  /** The customer's address, for the PG's fraud checks. */
  browserIp?: string | undefined;
}

/** A charge of the billing key kept for `customerId`. */
export interface BillingKeyPaymentRequest extends PaymentRequestBase {
  customerId: string;
  orderName: string;
}

/** A refund of a paid payment. */
export interface CancelRequest {
  payment: PaymentRef;
  /** Absent: everything that remains. */
  amount?: number | undefined;
  /**
   * The cancellable balance the caller believes remains before this cancel: the upstream refuses a
   * mismatch, which is what makes a lost cancel safe to resend.
   */
  checksum?: number | undefined;
  reason: string;
  taxFree?: number | undefined;
  vat?: number | undefined;
  /**
   * Names this attempt of the intent (the widget's or the merchant's Idempotency-Key): a resend of
   * the same attempt may be replayed by the upstream (V2's Idempotency-Key), a new one is done
   * anew. V1 has no such header and ignores it.
   */
  attempt?: string | undefined;
}

/** What the caller knows about earlier attempts; never sent upstream. */
export interface PayOptions {
  /**
   * Failed attempts under the same payment id that were already answered: when this request's
   * answer is lost, a lookup finding one of them keeps looking instead of taking that older
   * decline for this attempt's outcome.
   */
  knownFailedTransactionIds?: readonly string[] | undefined;
}

/** A payment's status; one the upstream adds later arrives as `unrecognised` (see `statusRaw`). */
export type UpstreamPaymentStatus = 'ready' | 'paid' | 'failed' | 'cancelled' | 'unrecognised';

/** One cancellation (refund) of a payment. */
export interface UpstreamCancellation {
  amount: number;
  /** The reason as the upstream kept it (maybe shortened). */
  reason?: string | null | undefined;
  id?: string | null | undefined;
}

/** A payment as either upstream reports it. */
export interface UpstreamPayment {
  paymentId: string;
  transactionId: string;
  status: UpstreamPaymentStatus;
  /** The status as the upstream wrote it. */
  statusRaw: string;
  /** The total asked (and, when paid, paid). */
  amount: number;
  currency: string;
  /** Refunded so far. */
  cancelledAmount: number;
  /** Oldest first; undefined when the upstream did not report the history. */
  cancellations?: UpstreamCancellation[] | undefined;
  /** Unix seconds, upstream clock; 0 when not paid. */
  paidAt: number;
  /** Unix seconds, upstream clock, when this attempt started; 0 when unknown. */
  startedAt: number;
  /** The customer the payment charged or stored a key for. */
  customerId: string | null;
  cardName: string | null;
  /** Masked by the upstream. */
  cardNumber: string | null;
  receiptUrl: string | null;
  pgProvider: string | null;
  /** Why it failed, redacted of card data. */
  failReason: string | null;
}

/** A billing key as either upstream reports it. */
export interface UpstreamBillingKey {
  customerId: string;
  /** The upstream's reference to charge it by (V1: the customer_uid). */
  billingKey: string;
  cardName: string | null;
  /** Masked by the upstream. */
  cardNumber: string | null;
  pgProvider: string | null;
  /** Unix seconds on the upstream's clock when the key last changed; 0 when unknown. */
  updatedAt: number;
}

/** The upstream's clock as the client measured it: records are stamped on it. */
export interface UpstreamClock {
  /** Our clock reading (ms) translated to the upstream's, in unix seconds. */
  serverSecondsAt(localMs: number): number;
}

/** Per call, for the log only: never sent upstream. */
export interface UpstreamCallContext {
  requestId?: string | undefined;
}

/** The upstream the payment rules talk to. */
export interface Upstream {
  /** `v1`: i'mport; `v2`: PortOne V2. */
  readonly version: 'v1' | 'v2';
  /** Its clock, when it measures one; without, the clocks are taken to agree. */
  readonly clock?: UpstreamClock | undefined;
  issueBillingKey(
    request: IssueBillingKeyRequest,
    context?: UpstreamCallContext,
  ): Promise<UpstreamBillingKey>;
  /** The key kept for `customerId`, or null. */
  getBillingKey(
    customerId: string,
    context?: UpstreamCallContext,
  ): Promise<UpstreamBillingKey | null>;
  /** The deleted key, or null when there was none. */
  deleteBillingKey(
    customerId: string,
    context?: UpstreamCallContext,
  ): Promise<UpstreamBillingKey | null>;
  /** Resolves only for a paid payment of exactly `amount` (AMOUNT_MISMATCH otherwise). */
  payInstant(
    request: InstantPaymentRequest,
    options?: PayOptions,
    context?: UpstreamCallContext,
  ): Promise<UpstreamPayment>;
  /** Resolves only for a paid payment of exactly `amount` (AMOUNT_MISMATCH otherwise). */
  payWithBillingKey(
    request: BillingKeyPaymentRequest,
    options?: PayOptions,
    context?: UpstreamCallContext,
  ): Promise<UpstreamPayment>;
  /**
   * The payment named by `ref`, or null: by `transactionId` the very attempt, by `paymentId`
   * alone the latest attempt under it.
   */
  getPayment(ref: PaymentRef, context?: UpstreamCallContext): Promise<UpstreamPayment | null>;
  /** The payment after the cancel. */
  cancelPayment(request: CancelRequest, context?: UpstreamCallContext): Promise<UpstreamPayment>;
  /** Resolves when the upstream accepts our credentials (the readiness probe). */
  ensureReady(context?: UpstreamCallContext): Promise<void>;
}
