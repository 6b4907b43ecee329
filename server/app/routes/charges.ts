import { vValidator } from '@hono/valibot-validator';
import { Hono } from 'hono';
import * as v from 'valibot';
import { isIamportError } from '../../iamport/index.ts';
import type { AppEnv } from '../app-env.ts';
import { invalidMerchantRequestHook } from '../middleware/validation-hook.ts';
import { findAlreadyPaid } from '../already-paid.ts';
import { rememberFailedAttempt } from '../failed-attempts.ts';
import { assertPgSupports } from '../pg-capabilities.ts';
import { paymentResultOf } from '../results.ts';
import type { ServerDeps } from '../server-deps.ts';
import { withLock } from '../store/keyed-lock.ts';
import { BuyerSchema } from '../token/token-request-schema.ts';
import { toServerError } from '../upstream-error.ts';

const uid = (max: number) =>
  v.pipe(v.string(), v.minLength(1), v.maxLength(max), v.regex(/^[\w.:@-]+$/));

/** Body of `POST /v1/charges`: charge a stored billing key (i'mport's `again`). */
export const ChargeRequestSchema = v.strictObject({
  customer_uid: uid(80),
  /** The merchant's dedupe key: i'mport accepts one paid payment per merchant_uid. */
  merchant_uid: uid(40),
  amount: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000_000)),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(40)),
  pg: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(80))),
  buyer: v.optional(BuyerSchema),
  card_quota: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(36))),
  custom_data: v.optional(v.pipe(v.string(), v.maxLength(2000))),
});

/** `POST /v1/charges` (API key): pay with a billing key, never twice for one merchant_uid. */
export function chargesRoute(deps: ServerDeps): Hono<AppEnv> {
  const { iamport, ledger } = deps;
  const app = new Hono<AppEnv>();
  app.post('/', vValidator('json', ChargeRequestSchema, invalidMerchantRequestHook), async (c) => {
    const request = c.req.valid('json');
    const log = c.get('log');
    const pg = request.pg ?? deps.pg;
    assertPgSupports({ pg, flow: 'again', buyer: request.buyer });
    const payment = await withLock(
      deps.store,
      `charge:${request.merchant_uid}`,
      { ttlMs: 120_000, waitMs: 75_000 },
      async () => {
        await ledger.expect(request.merchant_uid, {
          amount: request.amount,
          customer_uid: request.customer_uid,
        });
        const knownFailedImpUids = await ledger.failedAttempts(request.merchant_uid);
        try {
          return await iamport.payAgain(
            {
              customer_uid: request.customer_uid,
              merchant_uid: request.merchant_uid,
              amount: request.amount,
              name: request.name,
              pg,
              buyer_name: request.buyer?.name,
              buyer_email: request.buyer?.email,
              buyer_tel: request.buyer?.tel,
              card_quota: request.card_quota,
              custom_data: request.custom_data,
              notice_url: deps.noticeUrl,
            },
            { knownFailedImpUids },
          );
        } catch (error) {
          await rememberFailedAttempt(iamport, ledger, error, request.merchant_uid);
          // A retried charge whose first answer was lost: i'mport refuses the duplicate, and the
          // paid payment for the same key and amount is the answer the merchant is waiting for.
          if (isIamportError(error, 'UPSTREAM_REJECTED')) {
            const found = await findAlreadyPaid(iamport, request.merchant_uid);
            if (
              found?.status === 'paid' &&
              found.amount === request.amount &&
              (found.customer_uid ?? request.customer_uid) === request.customer_uid
            ) {
              return found;
            }
          }
          const failure = toServerError(error);
          log('info', 'charge.failed', { merchant_uid: request.merchant_uid, code: failure.code });
          throw failure;
        }
      },
    );
    log('info', 'charge.succeeded', {
      merchant_uid: request.merchant_uid,
      customer_uid: request.customer_uid,
    });
    await ledger.notify(payment, 'charge', log).catch(() => undefined);
    return c.json({ status: 'success' as const, payment: paymentResultOf(payment) }, 200);
  });
  return app;
}
