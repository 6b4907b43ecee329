import type { Hono } from 'hono';

/** Options of {@link createSandbox}. Every option has a default that matches `npm run sandbox`. */
export interface SandboxOptions {
  /** REST API key accepted by `POST /users/getToken`. @default 'sandbox_imp_key' */
  impKey?: string;
  /** REST API secret accepted by `POST /users/getToken`. @default 'sandbox_imp_secret' */
  impSecret?: string;
  /** Clock in milliseconds; tests inject one to move tokens and card expiry through time. @default Date.now */
  now?: () => number;
  /** Mount the `/__sandbox/*` test-control routes. @default false */
  testControls?: boolean;
  /** Webhook target when a payment has no `notice_url`. @default undefined (no webhook) */
  webhookUrl?: string;
  /** Deliver every webhook twice, to test idempotent receivers. @default false */
  duplicateWebhooks?: boolean;
  /** HTTP status of a single GET/DELETE of an unknown customer_uid (body is always code 1). @default 200 */
  missingCustomerStatus?: 200 | 404;
  /**
   * Body encoding of webhooks; i'mport lets merchants pick JSON or form encoding in the console.
   * @default 'json'
   */
  webhookFormat?: 'json' | 'form';
  /** Time limit of one webhook delivery in ms. @default 10_000 */
  webhookTimeoutMs?: number;
  /**
   * Deliver webhooks to any host. Off by default so a `notice_url` sent by a caller can only reach
   * loopback addresses (the sandbox must never be a way to send traffic elsewhere). @default false
   */
  webhookAnyHost?: boolean;
  /**
   * PortOne V2 API secret accepted as `Authorization: PortOne <secret>`.
   * @default DEFAULT_PORTONE_API_SECRET ('sandbox_portone_api_secret')
   */
  portoneApiSecret?: string;
  /**
   * V2 webhook secret(s), `whsec_` + base64. Every V2 webhook is signed with each (a secret being
   * rotated in sends two signatures, as PortOne does). @default DEFAULT_PORTONE_WEBHOOK_SECRET
   */
  portoneWebhookSecret?: string | readonly string[];
  /**
   * V2 webhook target when a request has no `noticeUrls` (kept apart from `webhookUrl`: V1 and V2
   * receivers differ). @default undefined (no V2 webhook)
   */
  portoneWebhookUrl?: string;
}

/** One injected fault; see {@link Sandbox.injectFault}. */
export interface FaultSpec {
  /** HTTP method to match, e.g. 'POST'; any when absent. */
  method?: string;
  /** Exact request path, or a prefix ending in '*' such as '/subscribe/payments/*'; any when absent. */
  path?: string;
  /**
   * - `delay`: wait `ms`, then handle the request normally (the effect commits late).
   * - `error500`: answer HTTP 500 without handling the request (nothing is committed).
   * - `hang`: never answer and never handle, until the client gives up.
   * - `drop`: handle the request (the effect is committed), then destroy the socket with no response.
   */
  kind: 'delay' | 'error500' | 'hang' | 'drop' | 'refuse';
  /** Delay for `delay`, in ms. @default 1000 */
  ms?: number;
  /** How many of the next matching requests get the fault. @default 1 */
  times?: number;
}

/** The i'mport payment status union, with the values the sandbox produces. */
export type ImpPaymentStatus = 'ready' | 'paid' | 'cancelled' | 'failed';

/** One entry of `Payment.cancel_history`. */
export interface ImpCancelHistoryEntry {
  pg_tid: string;
  amount: number;
  cancelled_at: number;
  reason: string;
  cancellation_id: string;
  receipt_url: string;
}

/** The `Payment` object (reference §5.6) exactly as the sandbox returns it. */
export interface ImpPayment {
  imp_uid: string;
  merchant_uid: string;
  pay_method: 'card';
  channel: 'api';
  pg_provider: string;
  emb_pg_provider: null;
  pg_tid: string;
  pg_id: string;
  sandbox: boolean;
  escrow: boolean;
  apply_num: string;
  bank_code: null;
  bank_name: null;
  card_code: string;
  card_name: string;
  card_issuer_code: string;
  card_issuer_name: string;
  card_publisher_code: string;
  card_publisher_name: string;
  card_quota: number;
  card_number: string;
  card_type: 0 | 1;
  vbank_code: null;
  vbank_name: null;
  vbank_num: null;
  vbank_holder: null;
  vbank_date: number;
  vbank_issued_at: number;
  name: string | null;
  amount: number;
  cancel_amount: number;
  currency: string;
  buyer_name: string | null;
  buyer_email: string | null;
  buyer_tel: string | null;
  buyer_addr: string | null;
  buyer_postcode: string | null;
  custom_data: string | null;
  user_agent: string | null;
  status: ImpPaymentStatus;
  started_at: number;
  paid_at: number;
  failed_at: number;
  cancelled_at: number;
  fail_reason: string | null;
  cancel_reason: string | null;
  receipt_url: string | null;
  cancel_history: ImpCancelHistoryEntry[];
  cancel_receipt_urls: string[];
  cash_receipt_issued: boolean;
  customer_uid: string | null;
  customer_uid_usage: null | 'issue' | 'payment';
  promotion: null;
}

/** The `Customer` object (reference §4.2) exactly as the sandbox returns it. */
export interface ImpCustomer {
  customer_uid: string;
  pg_provider: string;
  pg_id: string;
  sandbox: boolean;
  customer_id: string | null;
  card_name: string;
  card_code: string;
  card_issuer_code: null;
  card_issuer_name: null;
  card_publisher_code: null;
  card_publisher_name: null;
  card_number: string;
  card_type: 0 | 1;
  customer_name: string | null;
  customer_tel: string | null;
  customer_email: string | null;
  customer_addr: string | null;
  customer_postcode: string | null;
  inserted: number;
  updated: number;
}

/** How the PG answers for a card; a billing key keeps the behaviour of the card it was issued for. */
export type CardBehaviour = 'approve' | 'decline' | 'pg_error' | 'expired';

/** What happened to one payment request, as listed by `GET /__sandbox/payments`. */
export type SandboxAttemptOutcome = 'paid' | 'declined' | 'pg_error';

/** One payment attempt (a stored payment record plus how it ended). */
export interface SandboxPaymentAttempt {
  imp_uid: string;
  merchant_uid: string;
  /** The record's current status (a paid attempt later cancelled shows 'cancelled'). */
  status: ImpPaymentStatus;
  outcome: SandboxAttemptOutcome;
  /** The endpoint that made it (V1 `onetime`/`again`, V2 `instant`/`billing-key`). */
  via: 'onetime' | 'again' | 'instant' | 'billing-key';
  /** The API that made it. */
  version: 'V1' | 'V2';
  amount: number;
  cancel_amount: number;
  customer_uid: string | null;
  pg_provider: string;
  started_at: number;
}

/** One webhook delivery attempt (a duplicate delivery is a separate entry). */
export interface SandboxWebhookDelivery {
  url: string;
  body: {
    imp_uid: string;
    merchant_uid: string;
    status: ImpPaymentStatus;
    cancellation_id?: string;
  };
  /** HTTP status of the receiver's answer, when there was one. */
  status?: number;
  /** Why the delivery failed without an HTTP answer (e.g. a timeout), when it did. */
  error?: string;
  /** 1 for the first delivery, 2 for the duplicate. */
  attempt: number;
  /** When it was sent, in ms of the sandbox clock. */
  sentAt: number;
}

/** A V2 webhook body (`2024-04-25` format), as the sandbox sends it. */
export interface SandboxPortOneWebhookBody {
  type:
    | 'Transaction.Paid'
    | 'Transaction.Failed'
    | 'Transaction.PartialCancelled'
    | 'Transaction.Cancelled'
    | 'BillingKey.Issued'
    | 'BillingKey.Deleted';
  /** RFC 3339, the same on a duplicate delivery. */
  timestamp: string;
  data: {
    storeId: string;
    paymentId?: string;
    transactionId?: string;
    cancellationId?: string;
    billingKey?: string;
  };
}

/** One V2 webhook delivery attempt, signed the Standard Webhooks way. */
export interface SandboxPortOneWebhookDelivery {
  url: string;
  body: SandboxPortOneWebhookBody;
  /** The `webhook-id` header (the same on a duplicate delivery). */
  webhookId: string;
  status?: number;
  error?: string;
  attempt: number;
  sentAt: number;
}

/** A running sandbox app plus the controls tests use in-process. */
export interface Sandbox {
  /** The Hono app; fetch-compatible, so serve it or `app.request()` it. */
  app: Hono;
  /** Same as `POST /__sandbox/faults`. Throws `SandboxConfigError` on an invalid spec. */
  injectFault(spec: FaultSpec): void;
  /** Same as `POST /__sandbox/reset`: forgets tokens, keys, payments, faults, counters, webhooks. */
  reset(): void;
  /**
   * Same as `GET /__sandbox/payments?merchant_uid=`: every attempt for that merchant_uid (or V2
   * paymentId), through either API, oldest first.
   */
  attempts(merchantUid: string): SandboxPaymentAttempt[];
  /** Requests received for a path (exact, or a prefix ending in '*'), optionally for one method. */
  callCount(path: string, method?: string): number;
  /** Every V1 webhook delivery made so far (the same array for the sandbox's lifetime). */
  webhooks: SandboxWebhookDelivery[];
  /** Every V2 webhook delivery made so far (the same array for the sandbox's lifetime). */
  portoneWebhooks: SandboxPortOneWebhookDelivery[];
  /** Resolves once every webhook delivery started so far has finished (answered, failed or timed out). */
  webhooksSettled(): Promise<void>;
  /** Releases requests held by a `hang` fault (they answer 503); used on close. */
  releaseHangs(): void;
}
