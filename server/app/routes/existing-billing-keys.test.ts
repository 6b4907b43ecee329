// A merchant moving to impcard already has customers whose billing keys it issued by calling
// i'mport directly. docs/migrate.md promises what the merchant routes do with them; this holds it:
// the old integration speaks to a real sandbox over HTTP, impcard's client reaches the same sandbox
// over HTTP, and nothing of impcard's store knows the customer.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServer } from '../create-server.ts';
import {
  API_KEY,
  TOKEN_SECRET,
  VALID_CARD,
  json,
  okResponse,
  sandboxClient,
  startSandboxHarness,
  type SandboxHarness,
} from '../../testing/index.ts';

describe('billing keys issued before impcard (straight at i’mport)', () => {
  let direct: SandboxHarness;
  let app: ReturnType<typeof createServer>;
  const merchant = (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${API_KEY}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  before(async () => {
    direct = await startSandboxHarness();
    app = createServer({
      iamport: sandboxClient(direct.url),
      tokenSecret: TOKEN_SECRET,
      apiKey: API_KEY,
      rateLimit: false,
      logger: false,
    });
  });
  after(() => direct.close());

  /** What the old integration did: `POST /subscribe/customers/{customer_uid}`, form-encoded. */
  async function issueDirectly(customerUid: string): Promise<void> {
    const issued = await direct.post<{ customer_uid: string }>(
      `/subscribe/customers/${encodeURIComponent(customerUid)}`,
      { ...VALID_CARD },
      { form: true },
    );
    assert.equal(okResponse(issued).customer_uid, customerUid);
  }

  it('POST /v1/charges charges them, once per merchant_uid; GET and DELETE see them', async () => {
    await issueDirectly('legacy_user_7');
    const charge = {
      customer_uid: 'legacy_user_7',
      merchant_uid: 'legacy_renewal_2026_12',
      amount: 9900,
      name: '월 정기결제',
    };
    const first = await merchant('POST', '/v1/charges', charge);
    assert.equal(first.status, 200);
    const payment = (await json(first)).payment as Record<string, unknown>;
    assert.equal(payment.status, 'paid');
    assert.equal(payment.amount, 9900);
    // A retry of the same month answers the same payment; i'mport holds one paid payment.
    const again = await merchant('POST', '/v1/charges', charge);
    assert.equal(again.status, 200);
    assert.equal(((await json(again)).payment as Record<string, unknown>).imp_uid, payment.imp_uid);
    const all = await direct.get<{ list: { status: string }[] }>(
      '/payments/findAll/legacy_renewal_2026_12',
    );
    const paid = okResponse(all).list.filter((p) => p.status === 'paid');
    assert.equal(paid.length, 1);

    const found = await merchant('GET', '/v1/payments/legacy_renewal_2026_12');
    assert.equal((await json(found)).amount_verified, true);
    const key = await merchant('GET', '/v1/billing-keys/legacy_user_7');
    assert.equal(key.status, 200);
    const deleted = await merchant('DELETE', '/v1/billing-keys/legacy_user_7');
    assert.equal((await json(deleted)).deleted, true);
    const gone = await merchant('POST', '/v1/charges', { ...charge, merchant_uid: 'legacy_next' });
    assert.equal(gone.status, 402);
    assert.equal((await json(gone)).code, 'PG_ERROR');
  });

  it('refuses a customer_uid outside impcard’s characters before calling i’mport (400)', async () => {
    // i'mport takes any string of up to 80 characters; impcard takes letters, digits and _ . : @ -.
    await issueDirectly('고객 7');
    const res = await merchant('POST', '/v1/charges', {
      customer_uid: '고객 7',
      merchant_uid: 'legacy_hangul_1',
      amount: 9900,
      name: 'x',
    });
    assert.equal(res.status, 400);
    assert.equal((await json(res)).code, 'INVALID_REQUEST');
    assert.equal((await direct.get('/payments/find/legacy_hangul_1')).status, 404);
  });

  it('refunds an order the old integration paid: the refund route reads the payment from i’mport', async () => {
    await issueDirectly('legacy_user_9');
    okResponse(
      await direct.post<{ imp_uid: string }>('/subscribe/payments/again', {
        customer_uid: 'legacy_user_9',
        merchant_uid: 'legacy_order_9',
        amount: 9900,
        name: 'x',
      }),
    );
    const refund = (amount: number, key: string) =>
      app.request('/v1/payments/legacy_order_9/cancel', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${API_KEY}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: JSON.stringify({ amount, reason: '부분 반품' }),
      });
    const first = await refund(3000, 'legacy-refund-1');
    assert.equal(first.status, 200);
    assert.deepEqual(
      { ...((await json(first)).refund as Record<string, unknown>), cancellation_id: undefined },
      { amount: 3000, refunded_total: 3000, remaining: 6900, cancellation_id: undefined },
    );
    const over = await refund(7000, 'legacy-refund-2');
    assert.equal(over.status, 409);
    assert.equal((await json(over)).code, 'REFUND_NOT_ALLOWED');
    const found = okResponse(
      await direct.get<{ cancel_amount: number; status: string }>('/payments/find/legacy_order_9'),
    );
    assert.deepEqual([found.status, found.cancel_amount], ['paid', 3000]);
  });

  it('ignores the webhook of a payment the old integration made (its own handler keeps it)', async () => {
    await issueDirectly('legacy_user_8');
    const paid = okResponse(
      await direct.post<{ imp_uid: string }>('/subscribe/payments/again', {
        customer_uid: 'legacy_user_8',
        merchant_uid: 'legacy_order_8',
        amount: 5000,
        name: 'x',
      }),
    );
    const res = await app.request('/v1/webhooks/iamport', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        imp_uid: paid.imp_uid,
        merchant_uid: 'legacy_order_8',
        status: 'paid',
      }),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await json(res), {
      status: 'ignored',
      reason: 'not a payment of this server',
    });
  });
});
