import { vValidator } from '@hono/valibot-validator';
import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../app-env.ts';
import { jsonBody } from '../middleware/json-body.ts';
import type { PaymentLedger } from '../payments/payment-ledger.ts';
import { failureJson } from '../failure-json.ts';
import { invalidMerchantRequestHook } from '../middleware/validation-hook.ts';
import { chargeOnce } from '../payments/charge-once.ts';
import type { PayOnceDeps } from '../payments/pay-once.ts';
import { assertPgSupports } from '../pg-capabilities.ts';
import { BuyerSchema } from '../token/token-request-schema.ts';
import { PgSchema } from '../pg-schema.ts';
import { CustomerUidSchema, MerchantUidSchema } from '../uid-schema.ts';
import { isServerError } from '../server-error.ts';
import { idempotencyKeyOf } from './idempotency-key.ts';

/** Body of `POST /v1/charges`: charge a stored billing key (i'mport's `again`). */
export const ChargeRequestSchema = v.strictObject({
  customer_uid: CustomerUidSchema,
  /** The merchant's dedupe key: i'mport accepts one paid payment per merchant_uid. */
  merchant_uid: MerchantUidSchema,
  amount: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000_000)),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(40)),
  pg: v.optional(PgSchema),
  buyer: v.optional(BuyerSchema),
  card_quota: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(36))),
  custom_data: v.optional(v.pipe(v.string(), v.maxLength(2000))),
});

/** What {@link chargesRoute} uses. */
export interface ChargesRouteDeps {
  /** What a charge moves money with. */
  pay: PayOnceDeps;
  ledger: Pick<PaymentLedger, 'notify'>;
  /** The default PG, when a request names none. */
  pg: string | undefined;
  noticeUrl: string | undefined;
}

/**
 * `POST /v1/charges` (API key): pay with a billing key, never twice for one merchant_uid. An
 * optional `Idempotency-Key` replays the recorded answer for the same body.
 */
export function chargesRoute(deps: ChargesRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const body = jsonBody(vValidator('json', ChargeRequestSchema, invalidMerchantRequestHook));
  app.post('/', body, async (c) => {
    const request = c.req.valid('json');
    const log = c.get('log');
    const idempotencyKey = idempotencyKeyOf(c);
    const pg = request.pg ?? deps.pg;
    assertPgSupports({ pg, flow: 'again', buyer: request.buyer });
    const answer = await chargeOnce(
      deps.pay,
      {
        customerId: request.customer_uid,
        paymentId: request.merchant_uid,
        amount: { total: request.amount, currency: 'KRW' },
        orderName: request.name,
        channel: pg,
        buyer: request.buyer,
        installmentMonths: request.card_quota,
        customData: request.custom_data,
        noticeUrl: deps.noticeUrl,
        attempt: idempotencyKey,
      },
      idempotencyKey === undefined ? undefined : { key: idempotencyKey, request },
      { requestId: c.get('requestId') },
    ).catch((error: unknown) => {
      if (isServerError(error)) {
        log('info', 'charge.failed', { merchant_uid: request.merchant_uid, code: error.code });
      }
      throw error;
    });
    if (answer.replayed) {
      c.header('Idempotent-Replayed', 'true');
      c.set('replayed', true);
    }
    if (answer.body.status === 'failed') {
      log('info', 'charge.failed', {
        merchant_uid: request.merchant_uid,
        code: answer.body.code,
        ...(answer.replayed ? { replayed: true } : {}),
      });
      return failureJson(c, answer.body, answer.status);
    }
    log('info', 'charge.succeeded', {
      merchant_uid: request.merchant_uid,
      customer_uid: request.customer_uid,
      // A replay answers an earlier charge again: no new payment.
      ...(answer.replayed ? { replayed: true } : {}),
    });
    if (answer.payment)
      await deps.ledger.notify(answer.payment, 'charge', log).catch(() => undefined);
    return c.json(answer.body, 200);
  });
  return app;
}
