import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../app-env.ts';
import type { WebhookRefusal } from '../crypto/standard-webhook.ts';
import type { PaymentLedger } from '../payments/payment-ledger.ts';
import { settleWebhookPayment } from '../payments/settle-webhook-payment.ts';
import type { createWebhookLookups } from '../payments/webhook-lookups.ts';
import { ServerError } from '../server-error.ts';

const id = v.pipe(v.string(), v.regex(/^[\w.:-]{1,200}$/));

/**
 * What PortOne V2 posts (webhook version `2024-04-25`). Only `type` and the ids are read, and only
 * to find the payment; unknown fields are ignored, as PortOne asks.
 */
export const PortOneWebhookSchema = v.looseObject({
  type: v.string(),
  timestamp: v.optional(v.string()),
  data: v.optional(
    v.looseObject({
      paymentId: v.optional(id),
      transactionId: v.optional(id),
      cancellationId: v.optional(id),
      billingKey: v.optional(v.string()),
      storeId: v.optional(v.string()),
    }),
    {},
  ),
});

/**
 * The status a `Transaction.*` type announces, in the upstream interface's words; it only decides
 * whether a recent lookup may answer it (payments/webhook-lookups.ts). A partial cancel keeps V1's
 * "paid", as the V2 adapter reads PARTIAL_CANCELLED.
 */
const CLAIMED_STATUS: Record<string, string | undefined> = {
  'Transaction.Paid': 'paid',
  'Transaction.PartialCancelled': 'paid',
  'Transaction.Cancelled': 'cancelled',
  'Transaction.Failed': 'failed',
  'Transaction.Ready': 'ready',
};

/** What {@link portOneWebhooksRoute} uses. */
export interface PortOneWebhooksRouteDeps {
  lookups: Pick<ReturnType<typeof createWebhookLookups>, 'lookup'>;
  ledger: Pick<PaymentLedger, 'expected' | 'notify' | 'notifyRefunds'>;
  /** Checks a message's Standard Webhooks signature; undefined: no secret configured. */
  verify: ((body: string, headers: Headers) => Promise<WebhookRefusal | null>) | undefined;
  /** Counts a message by kind and answer (`impcard_portone_webhooks_total`). */
  count?: (kind: WebhookKind, answer: 'received' | 'ignored' | 'refused' | 'invalid') => void;
}

/** What a message was, as counted: `unverified` when its signature did not verify. */
export type WebhookKind =
  'transaction' | 'billing_key_issued' | 'billing_key_deleted' | 'other' | 'unverified';

/**
 * `POST /v1/webhooks/portone`: PortOne V2's webhooks. The signature is checked first (a refusal
 * is a 401, which PortOne redelivers: a secret rotated on one side only heals once both agree);
 * the body is then a hint, never the truth: the payment is re-queried by its `paymentId` and
 * settled by the same rule as i'mport's webhooks. An upstream failure answers a 5xx so that
 * PortOne delivers again; everything this server will never act on answers 200 `ignored`, so that
 * it does not.
 */
export function portOneWebhooksRoute(deps: PortOneWebhooksRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const count = deps.count ?? (() => {});
  app.post('/', async (c) => {
    const log = c.get('log');
    if (!deps.verify) {
      count('unverified', 'refused');
      log('error', 'webhook.no_secret', {});
      throw new ServerError(
        'UNAUTHORIZED',
        'No PortOne webhook secret is configured (PORTONE_WEBHOOK_SECRET): nothing can be verified.',
      );
    }
    const body = await c.req.text();
    const refusal = await deps.verify(body, c.req.raw.headers);
    if (refusal) {
      count('unverified', 'refused');
      log('warn', 'webhook.signature_refused', { reason: refusal });
      throw new ServerError('UNAUTHORIZED', `The webhook signature does not verify (${refusal}).`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(body);
    } catch {
      raw = undefined;
    }
    const parsed = v.safeParse(PortOneWebhookSchema, raw);
    if (!parsed.success) {
      count('other', 'invalid');
      throw new ServerError('INVALID_REQUEST', 'A PortOne webhook needs a type and its data.');
    }
    const { type, data } = parsed.output;
    if (type === 'BillingKey.Issued' || type === 'BillingKey.Deleted') {
      // Informational: every read of a customer's key asks PortOne whether it is still issued
      // (portone-upstream.ts), so a key deleted in PortOne's console is already no longer charged.
      const kind = type === 'BillingKey.Issued' ? 'billing_key_issued' : 'billing_key_deleted';
      count(kind, 'received');
      log('info', `webhook.${kind}`, {});
      return c.json({ status: 'received' as const, result: 'noted' as const });
    }
    if (!type.startsWith('Transaction.')) {
      count('other', 'ignored');
      log('info', 'webhook.unknown_type', { type: type.slice(0, 64) });
      return c.json({ status: 'ignored' as const, reason: 'unknown type' });
    }
    if (data.paymentId === undefined) {
      count('transaction', 'invalid');
      throw new ServerError('INVALID_REQUEST', 'A Transaction webhook needs data.paymentId.');
    }
    const payment = await deps.lookups.lookup(
      data.paymentId,
      { requestId: c.get('requestId') },
      CLAIMED_STATUS[type],
      data.cancellationId,
    );
    if (!payment) {
      count('transaction', 'ignored');
      log('warn', 'webhook.unknown_payment', { merchant_uid: data.paymentId });
      return c.json({ status: 'ignored' as const, reason: 'unknown payment' });
    }
    const answer = await settleWebhookPayment(payment, deps.ledger, log);
    count('transaction', answer.status);
    return c.json(answer);
  });
  return app;
}
