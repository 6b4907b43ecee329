/** Options of {@link createIamportClient}. */
export interface IamportClientOptions {
  /** REST API key. */
  impKey: string;
  /** REST API secret. */
  impSecret: string;
  /** @default 'https://api.iamport.kr' */
  baseUrl?: string | undefined;
  /** Timeout of each HTTP attempt, and of reading its body, in ms. @default 30_000 */
  timeoutMs?: number | undefined;
  /** Retries of GET requests (and getToken) on network errors and 5xx, with backoff. @default 2 */
  retryLimit?: number | undefined;
  /** Upper bound of one backoff delay in ms (ky doubles from 300 ms). @default 2_000 */
  retryBackoffLimitMs?: number | undefined;
  /** Refresh the token this long before i'mport's `expired_at`, measured on i'mport's clock. @default 60_000 */
  tokenMarginMs?: number | undefined;
  /**
   * After a payment POST timed out, wait these delays before each `find` that still finds nothing,
   * because i'mport may still be talking to the PG. @default [0, 1_000, 3_000]
   */
  reconcileDelaysMs?: readonly number[] | undefined;
  /** Send `include_sandbox=true` on `GET /payments/{imp_uid}` (test-channel payments). @default false */
  includeSandbox?: boolean | undefined;
  /** @default globalThis.fetch */
  fetch?: typeof fetch | undefined;
  /** Clock in ms. @default Date.now */
  now?: (() => number) | undefined;
  /** Receives structured events; they never contain card data or request bodies. */
  logger?: ((event: IamportLogEvent) => void) | undefined;
}

/**
 * What a caller tells the client about the call it makes, for the log only: never sent upstream.
 * The client is shared by every request of a server, so the request id comes with each call.
 */
export interface IamportCallContext {
  /** Copied into every log event the call causes (HTTP exchanges, token fetches, reconciles). */
  requestId?: string | undefined;
}

/** One upstream HTTP exchange (after ky's retries, which are counted in `retries`). */
export interface IamportHttpLogEvent {
  type: 'http';
  /** From the call's {@link IamportCallContext}. */
  requestId?: string;
  method: string;
  /** The path with ids (customer_uid, merchant_uid, imp_uid), never card data. */
  path: string;
  status?: number;
  durationMs: number;
  retries: number;
  upstreamCode?: number;
  failure?: 'timeout' | 'network' | 'refused' | 'http';
}

/** A token was fetched (or a 401 made the client drop one). */
export interface IamportTokenLogEvent {
  type: 'token';
  /** From the call's {@link IamportCallContext}. */
  requestId?: string;
  action: 'fetched' | 'invalidated';
  /** Seconds until i'mport's `expired_at`, on i'mport's clock. */
  expiresInS?: number;
  /** i'mport's clock minus ours, in ms. */
  skewMs?: number;
}

/** A state-changing call with an unknown outcome was resolved by a lookup. */
export interface IamportReconcileLogEvent {
  type: 'reconcile';
  /** From the call's {@link IamportCallContext}. */
  requestId?: string;
  kind: 'payment' | 'billing_key' | 'cancel';
  /** merchant_uid for payments, customer_uid for billing keys, imp_uid/merchant_uid for cancels. */
  id: string;
  reason: 'timeout' | 'network' | 'http' | 'invalid_response';
  result: 'paid' | 'declined' | 'mismatch' | 'issued' | 'cancelled' | 'not_found' | 'unknown';
}

export type IamportLogEvent = IamportHttpLogEvent | IamportTokenLogEvent | IamportReconcileLogEvent;
