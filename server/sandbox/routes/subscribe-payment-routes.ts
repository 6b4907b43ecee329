import { Hono, type Context } from 'hono';
import { checkCard, checkPgFlow } from '../card-input.ts';
import { assertNotPaid, charge } from '../charge.ts';
import { newCustomer } from '../customer-record.ts';
import { ok } from '../envelope.ts';
import { parseInput } from '../parse-input.ts';
import { resolvePg } from '../pg-channels.ts';
import { readBody } from '../read-params.ts';
import { AgainBodySchema, OnetimeBodySchema } from '../request-schemas.ts';
import type { SandboxDeps } from '../sandbox-deps.ts';
import { SandboxError } from '../sandbox-error.ts';
import type { ImpPayment } from '../types.ts';

type BuyerFields = Pick<
  ImpPayment,
  'buyer_name' | 'buyer_email' | 'buyer_tel' | 'buyer_addr' | 'buyer_postcode'
>;

/** Key-in payments (`onetime`, optionally storing the card as a billing key) and `again`. */
export function subscribePaymentRoutes(deps: SandboxDeps): Hono {
  const { state } = deps;
  return new Hono()
    .post('/subscribe/payments/onetime', async (c) => {
      const body = parseInput(OnetimeBodySchema, await readBody(c));
      const channel = resolvePg(body.pg ?? undefined);
      assertNotPaid(deps, body.merchant_uid);
      const customerUid = body.customer_uid ?? null;
      const flow = customerUid === null ? 'payment' : 'billing_key_and_payment';
      const card = checkCard(body, channel, flow, deps.nowMs());
      const buyer = buyerOf(body);
      const payment = charge(deps, {
        merchantUid: body.merchant_uid,
        amount: body.amount,
        name: body.name ?? null,
        currency: currencyFor(channel.provider, body.currency),
        channel,
        card,
        behaviour: card.behaviour,
        cardQuota: body.card_quota ?? 0,
        buyer,
        customData: body.custom_data ?? null,
        userAgent: c.req.header('user-agent') ?? null,
        customerUid,
        customerUidUsage: customerUid === null ? null : 'issue',
        via: 'onetime',
        noticeUrl: body.notice_url ?? null,
      });
      // The key is kept only when the first charge went through (declines leave no key behind).
      if (customerUid !== null && payment.status === 'paid') {
        state.customers.set(customerUid, {
          behaviour: card.behaviour,
          customer: newCustomer({
            customerUid,
            channel,
            card,
            customerId: null,
            // i'mport saves the buyer of the first payment as the key's customer.
            contact: {
              customer_name: buyer.buyer_name,
              customer_tel: buyer.buyer_tel,
              customer_email: buyer.buyer_email,
              customer_addr: buyer.buyer_addr,
              customer_postcode: buyer.buyer_postcode,
            },
            previous: state.customers.get(customerUid)?.customer,
            nowSeconds: deps.nowSeconds(),
          }),
        });
      }
      return ok(c, payment);
    })
    .post('/subscribe/payments/again', async (c: Context) => {
      const body = parseInput(AgainBodySchema, await readBody(c));
      assertNotPaid(deps, body.merchant_uid);
      const stored = state.customers.get(body.customer_uid);
      if (stored === undefined) {
        throw new SandboxError('UNKNOWN_CUSTOMER', '등록되지 않은 구매자입니다.', { impCode: 1 });
      }
      const { customer } = stored;
      const channel = resolvePg(`${customer.pg_provider}.${customer.pg_id}`);
      checkPgFlow(channel, 'again', body);
      const payment = charge(deps, {
        merchantUid: body.merchant_uid,
        amount: body.amount,
        name: body.name,
        currency: currencyFor(channel.provider, body.currency),
        channel,
        card: {
          masked: customer.card_number,
          cardCode: customer.card_code,
          cardName: customer.card_name,
          cardType: customer.card_type,
        },
        behaviour: stored.behaviour,
        cardQuota: body.card_quota ?? 0,
        buyer: buyerOf(body),
        customData: body.custom_data ?? null,
        userAgent: c.req.header('user-agent') ?? null,
        customerUid: body.customer_uid,
        customerUidUsage: 'payment',
        via: 'again',
        noticeUrl: body.notice_url ?? null,
      });
      return ok(c, payment);
    });
}

function buyerOf(body: {
  buyer_name?: string | null | undefined;
  buyer_email?: string | null | undefined;
  buyer_tel?: string | null | undefined;
  buyer_addr?: string | null | undefined;
  buyer_postcode?: string | null | undefined;
}): BuyerFields {
  return {
    buyer_name: body.buyer_name ?? null,
    buyer_email: body.buyer_email ?? null,
    buyer_tel: body.buyer_tel ?? null,
    buyer_addr: body.buyer_addr ?? null,
    buyer_postcode: body.buyer_postcode ?? null,
  };
}

// Only Paymentwall settles in other currencies; every domestic PG charges KRW.
function currencyFor(provider: string, requested: string | null | undefined): string {
  return provider === 'paymentwall' && requested ? requested : 'KRW';
}
