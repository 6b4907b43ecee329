import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../app-env.ts';
import { ServerError } from '../server-error.ts';
import type { PaymentLedger } from '../payments/payment-ledger.ts';
import type { createWebhookLookups } from '../payments/webhook-lookups.ts';

/**
 * What i'mport posts; only `imp_uid` is used to look the payment up, `status` and
 * `cancellation_id` (on cancellations) only to tell whether a recent lookup is too old for it.
 */
export const WebhookSchema = v.looseObject({
  imp_uid: v.pipe(v.string(), v.regex(/^[\w-]{1,64}$/)),
  merchant_uid: v.optional(v.string()),
  status: v.optional(v.string()),
  cancellation_id: v.optional(v.string()),
});

/** What {@link webhooksRoute} uses. */
export interface WebhooksRouteDeps {
  lookups: Pick<ReturnType<typeof createWebhookLookups>, 'lookup'>;
  ledger: Pick<PaymentLedger, 'expected' | 'notify' | 'notifyRefunds'>;
  /** Who may post webhooks; undefined: anyone. */
  webhookSenders: ReadonlySet<string> | undefined;
  clientIp: (c: Context) => string;
}

/**
 * `POST /v1/webhooks/iamport`: the body is a hint, never the truth. The payment is re-queried,
 * its amount checked against what the merchant asked for, and `onPayment` called once per
 * payment state and once per refund (cancellation) however often i'mport delivers.
 */
export function webhooksRoute(deps: WebhooksRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { lookups } = deps;
  app.post('/', async (c) => {
    const log = c.get('log');
    if (deps.webhookSenders && !deps.webhookSenders.has(deps.clientIp(c))) {
      log('warn', 'webhook.sender_refused', {});
      throw new ServerError('UNAUTHORIZED', 'This address may not send webhooks.');
    }
    const type = c.req.header('content-type') ?? '';
    let raw: unknown;
    try {
      raw = type.includes('json') ? await c.req.json() : await c.req.parseBody();
    } catch {
      raw = undefined;
    }
    const parsed = v.safeParse(WebhookSchema, raw);
    if (!parsed.success) {
      throw new ServerError('INVALID_REQUEST', 'A webhook needs an imp_uid.');
    }
    // An i'mport failure answers a 5xx (onError), so i'mport delivers again later (when its
    // retries are on), which is what we want.
    const payment = await lookups.lookup(
      parsed.output.imp_uid,
      { requestId: c.get('requestId') },
      parsed.output.status,
      parsed.output.cancellation_id,
    );
    if (!payment) {
      log('warn', 'webhook.unknown_payment', { imp_uid: parsed.output.imp_uid });
      return c.json({ status: 'ignored' as const, reason: 'unknown payment' });
    }
    const expected = await deps.ledger.expected(payment.paymentId);
    const context = {
      imp_uid: payment.transactionId,
      merchant_uid: payment.paymentId,
      status: payment.status,
    };
    if (!expected) {
      log('warn', 'webhook.unknown_merchant_uid', context);
      return c.json({ status: 'ignored' as const, reason: 'not a payment of this server' });
    }
    if (payment.amount !== expected.amount) {
      log('error', 'webhook.amount_mismatch', {
        ...context,
        amount: payment.amount,
        expected_amount: expected.amount,
      });
      return c.json({ status: 'ignored' as const, reason: 'amount mismatch' });
    }
    if (payment.status !== 'paid' && payment.status !== 'cancelled') {
      log('info', 'webhook.not_final', context);
      return c.json({ status: 'ignored' as const, reason: `status ${payment.status}` });
    }
    // A refund keeps the payment "paid" until nothing remains: its cancellations are told as
    // refunds (once each, whether the refund route or this webhook saw them first).
    const paid =
      payment.status === 'paid' ? await deps.ledger.notify(payment, 'webhook', log) : null;
    const refunded =
      payment.cancelledAmount > 0 ? await deps.ledger.notifyRefunds(payment, log) : null;
    const result = paid === 'notified' || refunded === 'notified' ? 'notified' : 'duplicate';
    log('info', 'webhook.processed', { ...context, result });
    return c.json({ status: 'received' as const, result });
  });
  return app;
}
