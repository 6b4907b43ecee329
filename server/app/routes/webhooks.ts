import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../app-env.ts';
import { ServerError } from '../server-error.ts';
import type { PaymentLedger } from '../payments/payment-ledger.ts';
import { settleWebhookPayment } from '../payments/settle-webhook-payment.ts';
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
 * `POST /v1/webhooks/iamport`: the body is a hint, never the truth. The payment is re-queried
 * and settled by the rule both upstreams' webhooks share (payments/settle-webhook-payment.ts).
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
    return c.json(await settleWebhookPayment(payment, deps.ledger, log));
  });
  return app;
}
