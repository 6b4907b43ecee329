import { Hono } from 'hono';
import * as v from 'valibot';
import type { IamportClient } from '../../iamport/index.ts';
import type { AppEnv } from '../app-env.ts';
import type { PaymentLedger } from '../payments/payment-ledger.ts';
import { paymentResultOf } from '../payments/results.ts';
import { ServerError } from '../server-error.ts';
import { MerchantUidSchema } from '../uid-schema.ts';

/** What {@link paymentsRoute} uses. */
export interface PaymentsRouteDeps {
  iamport: Pick<IamportClient, 'findPayment'>;
  ledger: Pick<PaymentLedger, 'expected'>;
}

/** `GET /v1/payments/{merchant_uid}` (API key): the latest payment i'mport has for it. */
export function paymentsRoute(deps: PaymentsRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/:merchant_uid', async (c) => {
    const merchantUid = c.req.param('merchant_uid');
    if (!v.is(MerchantUidSchema, merchantUid)) {
      throw new ServerError('INVALID_REQUEST', 'The merchant_uid is not valid.');
    }
    const payment = await deps.iamport.findPayment(merchantUid, { requestId: c.get('requestId') });
    if (!payment) throw new ServerError('NOT_FOUND', 'No payment exists for this merchant_uid.');
    const expected = await deps.ledger.expected(merchantUid);
    return c.json({
      status: 'success' as const,
      payment: paymentResultOf(payment),
      ...(expected ? { amount_verified: payment.amount === expected.amount } : {}),
    });
  });
  return app;
}
