import { Hono, type Context } from 'hono';
import { CARD_MESSAGES } from '../card-rules.ts';
import { checkCard, pgError } from '../card-input.ts';
import { newCustomer } from '../customer-record.ts';
import { ok } from '../envelope.ts';
import { pagedList } from '../paged-list.ts';
import { parseInput } from '../parse-input.ts';
import { resolvePg } from '../pg-channels.ts';
import { readBody, readQuery } from '../read-params.ts';
import { CUSTOMER_UID_MAX, IssueBillingKeyBodySchema } from '../request-schemas.ts';
import type { SandboxDeps } from '../sandbox-deps.ts';
import { SandboxError } from '../sandbox-error.ts';

/** Billing keys: issue (upsert), look up one or many, delete, and list a key's payments. */
export function customerRoutes(deps: SandboxDeps): Hono {
  const { state } = deps;

  const notFound = (uid: string): SandboxError =>
    new SandboxError(
      'CUSTOMER_NOT_FOUND',
      `요청하신 customer_uid(${uid})로 등록된 정보를 찾을 수 없습니다.`,
      {
        impCode: 1,
        status: deps.missingCustomerStatus,
      },
    );

  return new Hono()
    .post('/subscribe/customers/:customer_uid', async (c) => {
      const uid = customerUidParam(c);
      const body = parseInput(IssueBillingKeyBodySchema, await readBody(c));
      const channel = resolvePg(body.pg ?? undefined);
      if (!channel.standaloneBillingKey) {
        throw new SandboxError(
          'PG_NOT_SUPPORTED',
          `${channel.provider}은(는) 결제 없이 빌링키만 발급할 수 없습니다. customer_uid를 지정한 /subscribe/payments/onetime 결제로 발급하세요.`,
          { impCode: 1 },
        );
      }
      const card = checkCard(body, channel, 'billing_key', deps.nowMs());
      if (card.behaviour === 'expired') throw pgError(CARD_MESSAGES.expired);
      const customer = newCustomer({
        customerUid: uid,
        channel,
        card,
        customerId: body.customer_id ?? null,
        contact: {
          customer_name: body.customer_name ?? null,
          customer_tel: body.customer_tel ?? null,
          customer_email: body.customer_email ?? null,
          customer_addr: body.customer_addr ?? null,
          customer_postcode: body.customer_postcode ?? null,
        },
        previous: state.customers.get(uid)?.customer,
        nowSeconds: deps.nowSeconds(),
      });
      state.customers.set(uid, { customer, behaviour: card.behaviour });
      return ok(c, customer);
    })
    .get('/subscribe/customers/:customer_uid/payments', (c) => {
      const uid = customerUidParam(c);
      const query = readQuery(c);
      const payments = [...state.payments.values()]
        .filter((p) => p.payment.customer_uid === uid)
        .sort((a, b) => b.payment.started_at - a.payment.started_at || b.seq - a.seq)
        .map((p) => p.payment);
      return ok(c, pagedList(payments, query['page'], 20));
    })
    .get('/subscribe/customers/:customer_uid', (c) => {
      const uid = customerUidParam(c);
      const stored = state.customers.get(uid);
      if (stored === undefined) throw notFound(uid);
      return ok(c, stored.customer);
    })
    .delete('/subscribe/customers/:customer_uid', (c) => {
      const uid = customerUidParam(c);
      const stored = state.customers.get(uid);
      if (stored === undefined) throw notFound(uid);
      state.customers.delete(uid);
      return ok(c, stored.customer);
    })
    .get('/subscribe/customers', (c) => {
      const query = readQuery(c);
      const raw = query['customer_uid'];
      const uids = (Array.isArray(raw) ? raw : [raw]).filter(
        (u): u is string => typeof u === 'string' && u !== '',
      );
      if (uids.length === 0) {
        throw new SandboxError('INVALID_PARAMETER', 'customer_uid[] 파라메터가 누락되었습니다.', {
          impCode: -1,
          status: 400,
        });
      }
      const found = uids.flatMap((u) => {
        const stored = state.customers.get(u);
        return stored === undefined ? [] : [stored.customer];
      });
      if (found.length === 0) {
        throw new SandboxError(
          'CUSTOMER_NOT_FOUND',
          '요청하신 customer_uid로 등록된 정보를 찾을 수 없습니다.',
          {
            impCode: 1,
            status: 404,
          },
        );
      }
      return ok(c, found, found.length === uids.length ? 200 : 207);
    });
}

function customerUidParam(c: Context): string {
  const uid = c.req.param('customer_uid') ?? '';
  if (uid.length === 0 || uid.length > CUSTOMER_UID_MAX) {
    throw new SandboxError(
      'INVALID_PARAMETER',
      `customer_uid는 1~${CUSTOMER_UID_MAX}자여야 합니다.`,
    );
  }
  return uid;
}
