import { vValidator } from '@hono/valibot-validator';
import { Hono } from 'hono';
import * as v from 'valibot';
import type { Upstream } from '../../upstream/index.ts';
import type { AppEnv } from '../app-env.ts';
import { failureJson } from '../failure-json.ts';
import { jsonBody } from '../middleware/json-body.ts';
import { invalidMerchantRequestHook } from '../middleware/validation-hook.ts';
import type { PaymentLedger } from '../payments/payment-ledger.ts';
import { refundOnce, type RefundOnceDeps } from '../payments/refund-once.ts';
import { paymentResultOf } from '../payments/results.ts';
import { isServerError, ServerError } from '../server-error.ts';
import { MerchantUidSchema } from '../uid-schema.ts';
import { idempotencyKeyOf } from './idempotency-key.ts';

const Krw = v.pipe(v.number(), v.integer(), v.maxValue(1_000_000_000));

/**
 * Body of `POST /v1/payments/{merchant_uid}/cancel`: refund the order's paid payment, in full or
 * in part. No refund account fields: a card refund goes back to the card.
 */
export const RefundRequestSchema = v.strictObject({
  /** KRW to refund; absent: everything that remains. */
  amount: v.optional(v.pipe(Krw, v.minValue(1))),
  /**
   * Shown by the PG and in i'mport's console, followed by impcard's mark of the refund (23
   * characters: refund-once.ts), within i'mport's 255.
   */
  reason: v.pipe(
    v.string(),
    // Said before trim() so the published schema says it too: blank is no reason.
    v.regex(/\S/, 'Give a reason with at least one visible character.'),
    v.trim(),
    v.minLength(1),
    v.maxLength(200),
  ),
  /** The refundable balance the merchant believes remains before this refund. */
  checksum: v.optional(v.pipe(Krw, v.minValue(0))),
  /** Passed through for the PGs that need them on a partial refund. */
  tax_free: v.optional(v.pipe(Krw, v.minValue(0))),
  vat_amount: v.optional(v.pipe(Krw, v.minValue(0))),
});

/** What {@link paymentsRoute} uses. */
export interface PaymentsRouteDeps {
  upstream: Pick<Upstream, 'getPayment'>;
  ledger: Pick<PaymentLedger, 'expected' | 'notifyRefunds'>;
  /** What a refund moves money with. */
  refund: RefundOnceDeps;
}

function merchantUidOf(raw: string): string {
  if (!v.is(MerchantUidSchema, raw)) {
    throw new ServerError('INVALID_REQUEST', 'The merchant_uid is not valid.');
  }
  return raw;
}

/**
 * `GET /v1/payments/{merchant_uid}` (API key): the latest payment i'mport has for it.
 * `POST /v1/payments/{merchant_uid}/cancel` (API key, `Idempotency-Key` required): a refund.
 */
export function paymentsRoute(deps: PaymentsRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/:merchant_uid', async (c) => {
    const merchantUid = merchantUidOf(c.req.param('merchant_uid'));
    const payment = await deps.upstream.getPayment(
      { paymentId: merchantUid },
      { requestId: c.get('requestId') },
    );
    if (!payment) throw new ServerError('NOT_FOUND', 'No payment exists for this merchant_uid.');
    const expected = await deps.ledger.expected(merchantUid);
    return c.json({
      status: 'success' as const,
      payment: paymentResultOf(payment),
      ...(expected ? { amount_verified: payment.amount === expected.amount } : {}),
    });
  });

  const body = jsonBody(vValidator('json', RefundRequestSchema, invalidMerchantRequestHook));
  app.post('/:merchant_uid/cancel', body, async (c) => {
    const merchantUid = merchantUidOf(c.req.param('merchant_uid') ?? '');
    const request = c.req.valid('json');
    const log = c.get('log');
    // Without a key a retried refund could not be told from a second one.
    const idempotencyKey = idempotencyKeyOf(c);
    if (idempotencyKey === undefined) {
      throw new ServerError(
        'INVALID_REQUEST',
        'A refund needs an Idempotency-Key header (e.g. a UUID), reused when the refund is retried.',
      );
    }
    const answer = await refundOnce(
      deps.refund,
      { merchant_uid: merchantUid, ...request },
      idempotencyKey,
      { requestId: c.get('requestId') },
    ).catch((error: unknown) => {
      if (isServerError(error)) {
        log('info', 'refund.failed', { merchant_uid: merchantUid, code: error.code });
      }
      throw error;
    });
    if (answer.replayed) {
      c.header('Idempotent-Replayed', 'true');
      c.set('replayed', true);
    }
    const replayed = answer.replayed ? { replayed: true } : {};
    if (answer.body.status === 'failed') {
      log('info', 'refund.failed', {
        merchant_uid: merchantUid,
        code: answer.body.code,
        ...replayed,
      });
      return failureJson(c, answer.body, answer.status);
    }
    log('info', 'refund.succeeded', {
      merchant_uid: merchantUid,
      amount: answer.body.refund.amount,
      remaining: answer.body.refund.remaining,
      ...replayed,
    });
    if (answer.payment && answer.refund) {
      await deps.ledger.notifyRefunds(answer.payment, log, answer.refund).catch(() => undefined);
    }
    return c.json(answer.body, 200);
  });
  return app;
}
