import { MetricsRegistry } from './metrics-registry.ts';

/** Latency buckets in seconds: i'mport answers in 0.1-2 s, and its client gives up at 30 s. */
const UPSTREAM_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Every metric `GET /metrics` shows (docs/api.md lists them). */
export function createServerMetrics() {
  const registry = new MetricsRegistry();
  return {
    registry,
    registrations: registry.counter(
      'impcard_registrations_total',
      'POST /v1/registrations answers by outcome: success, replayed, or the error code.',
      ['outcome'],
    ),
    charges: registry.counter(
      'impcard_charges_total',
      'POST /v1/charges answers by outcome: success, replayed, or the error code.',
      ['outcome'],
    ),
    upstream: registry.histogram(
      'impcard_upstream_request_duration_seconds',
      "i'mport client operations by endpoint and status (ok, not_found or the client's error code), with their latency including token fetches, retries and reconciliation.",
      ['endpoint', 'status'],
      UPSTREAM_BUCKETS,
    ),
    billingKeyChanges: registry.counter(
      'impcard_billing_key_changes_total',
      'Billing keys found replaced behind this server (a lost call that landed after the window).',
      [],
    ),
    portoneWebhooks: registry.counter(
      'impcard_portone_webhooks_total',
      'POST /v1/webhooks/portone messages by kind (transaction, billing_key_issued, billing_key_deleted, other; unverified when refused) and answer (received, ignored, refused, invalid).',
      ['kind', 'answer'],
    ),
    storeErrors: registry.counter(
      'impcard_store_errors_total',
      'Store operations that failed (Redis down or refusing), by operation.',
      ['operation'],
    ),
    rateLimited: registry.counter(
      'impcard_rate_limited_total',
      'Requests refused with 429 RATE_LIMITED, by rule (perIp, perToken, perCustomer, perIpOther).',
      ['rule'],
    ),
  };
}

export type ServerMetrics = ReturnType<typeof createServerMetrics>;
