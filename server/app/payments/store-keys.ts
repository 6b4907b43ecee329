/**
 * Every key the payment rules keep in the store, with its lifetime: the one place to read what a
 * shared Redis holds (docs/operations.md, "Running several instances", copies this table).
 * Rate-limit counters (`rl:<rule>:<id>:<window>`) live for their window (middleware/rate-limit.ts).
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const TTL_MS = {
  /** A replayed answer (`Idempotency-Key`): a day, so a late retry still gets its answer. */
  replay: DAY,
  /**
   * A refund's record under its `Idempotency-Key` (pending, then its answer): longer than a
   * charge's, because a pending refund forgotten too early would let a late retry take its
   * checksum from a fresh lookup, which is how a refund is made twice.
   */
  refundReplay: 35 * DAY,
  /**
   * What was asked under a merchant_uid (amount, customer): webhooks can come weeks later
   * (cancellations, late approvals), and a conflicting request must be refused until then.
   */
  expected: 35 * DAY,
  /** imp_uids of failed attempts answered under a merchant_uid. */
  failedAttempts: 35 * DAY,
  /** Which payment states and refunds the merchant was told about (`onPayment` once each). */
  notified: 35 * DAY,
  /** A customer whose billing key is in doubt: kept until resolved (the window is inside). */
  customerInDoubt: DAY,
  /** A billing key to read back once more after a doubt: kept a day past its due time. */
  billingKeyWatch: DAY,
  /** Used-token marks and attempt counters outlive the token by this much. */
  afterTokenExpiry: DAY,
  /**
   * A customer's PortOne V2 billing key: money state, renewed whenever it is read, and rebuilt
   * from PortOne (the customer's keys by `customer.id`) when lost (billing-key-directory.ts).
   */
  billingKeyRef: 400 * DAY,
} as const;

/**
 * The names `withLock` takes, each held in the store as {@link storeKeys}.lock(name) for the
 * lock's `ttlMs`: the upstream window (`upstreamWindowMs`), so a dead holder never blocks a retry
 * for longer than its lost call could still land.
 */
export const lockNames = {
  /** One request at a time per registration (token or `authorize` intent). */
  registration: (jti: string) => `reg:${jti}`,
  /**
   * Key-storing calls (and deletions) for one customer, one after another: an upsert's order
   * decides the card, and one still running would bring a deleted key back.
   */
  customer: (customerUid: string) => `customer:${customerUid}`,
  /** One payment call at a time per order. */
  payment: (merchantUid: string) => `pay:${merchantUid}`,
  /** One charge at a time per merchant `Idempotency-Key`. */
  charge: (idempotencyKey: string) => `idem:${idempotencyKey}`,
} as const;

export const storeKeys = {
  /** Owner id of a lock named by {@link lockNames}; TTL: the lock's. */
  lock: (name: string) => `lock:${name}`,
  /** The token's registration succeeded (once-only rule). */
  used: (jti: string) => `used:${jti}`,
  /** Declined attempts with a token. */
  attempts: (jti: string) => `attempts:${jti}`,
  /** A registration's recorded answer under its Idempotency-Key, with the card's last 4 + brand. */
  registrationReplay: (jti: string, key: string) => `idem:reg:${jti}:${key}`,
  /** A charge's recorded answer under its Idempotency-Key, with a hash of the request body. */
  chargeReplay: (key: string) => `idem:charge:${key}`,
  /**
   * A refund under its Idempotency-Key: pending (the checksum sent, a hash of the request body)
   * until its answer replaces it.
   */
  refundReplay: (key: string) => `idem:refund:${key}`,
  expected: (merchantUid: string) => `expect:${merchantUid}`,
  failedAttempts: (merchantUid: string) => `failed:${merchantUid}`,
  notified: (impUid: string, status: string) => `notified:${impUid}:${status}`,
  /** One refund told (`onPayment` with `source: "refund"`), by cancellation id or running total. */
  notifiedRefund: (impUid: string, cancellation: string) =>
    `notified:${impUid}:refund:${cancellation}`,
  customerInDoubt: (customerUid: string) => `doubt:${customerUid}`,
  /** The card saved after a doubt, to verify once more after the window (billing-key-watch.ts). */
  billingKeyWatch: (customerUid: string) => `watch:${customerUid}`,
  /** The customer's PortOne V2 billing key (V1 keys by customer_uid and needs none). */
  billingKeyRef: (customerUid: string) => `bk:${customerUid}`,
} as const;

/** How long an intent's marks live: until the token expires, plus a day. */
export function intentTtlMs(expSeconds: number | undefined, nowMs: number): number {
  const nowSec = Math.floor(nowMs / 1000);
  const exp = expSeconds ?? nowSec + 86_400;
  return Math.max(60_000, (exp - nowSec) * 1000 + TTL_MS.afterTokenExpiry);
}
