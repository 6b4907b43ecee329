import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createServer } from '../create-server.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { verifyRegistrationToken } from '../token/verify-registration-token.ts';
import {
  API_KEY,
  CARDS,
  TOKEN_SECRET,
  VALID_CARD,
  cardBody,
  createHarness,
  createSkippingHarness,
  json,
  type ServerHarness,
} from '../../testing/index.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function issueKey(h: ServerHarness, customerUid: string, card: string = CARDS.approved) {
  const token = await h.token({ customer_uid: customerUid, mode: 'billing_key' });
  assert.equal((await h.register(cardBody(token, card))).status, 200);
}

describe('merchant API (API key)', () => {
  it('refuses every merchant route without the right key (401 UNAUTHORIZED)', async () => {
    const h = createHarness();
    for (const [method, path] of [
      ['POST', '/v1/tokens'],
      ['POST', '/v1/charges'],
      ['GET', '/v1/billing-keys/x'],
      ['DELETE', '/v1/billing-keys/x'],
      ['GET', '/v1/payments/x'],
      ['POST', '/v1/payments/x/cancel'],
    ] as const) {
      for (const authorization of [undefined, 'Bearer wrong-key-wrong-key', API_KEY]) {
        const res = await h.app.request(path, {
          method,
          headers: authorization ? { authorization } : {},
        });
        assert.equal(res.status, 401, `${method} ${path} ${authorization}`);
        assert.equal((await json(res)).code, 'UNAUTHORIZED');
      }
    }
  });

  it('POST /v1/tokens mints a verifiable token and generates a merchant_uid', async () => {
    const h = createHarness();
    const res = await h.merchant('POST', '/v1/tokens', {
      customer_uid: 'user_42',
      mode: 'billing_key_and_payment',
      amount: 15_000,
      name: 'Monthly plan',
      buyer: { name: 'Kim', email: 'kim@example.com' },
    });
    assert.equal(res.status, 201);
    const body = await json(res);
    const claims = await verifyRegistrationToken(String(body.token), TOKEN_SECRET, Date.now);
    assert.equal(claims.amount, 15_000);
    assert.equal(claims.merchant_uid, body.merchant_uid);
    assert.ok(Date.parse(String(body.expires_at)) > Date.now());
    const bad = await h.merchant('POST', '/v1/tokens', { customer_uid: 'u', mode: 'payment' });
    assert.equal(bad.status, 400);
    assert.match(String((await json(bad)).message), /amount/);
    const extra = await h.merchant('POST', '/v1/tokens', {
      customer_uid: 'u',
      mode: 'billing_key',
      admin: true,
    });
    assert.equal(extra.status, 400);
  });

  it('POST /v1/charges charges a stored key once per merchant_uid, even when retried', async () => {
    const h = createHarness();
    await issueKey(h, 'sub_1');
    const charge = {
      customer_uid: 'sub_1',
      merchant_uid: 'renewal_1',
      amount: 9900,
      name: 'Renewal',
    };
    const first = await h.merchant('POST', '/v1/charges', charge);
    assert.equal(first.status, 200);
    const body = await json(first);
    const payment = body.payment as Record<string, unknown>;
    assert.equal(payment.status, 'paid');
    assert.equal(payment.amount, 9900);
    const retry = await h.merchant('POST', '/v1/charges', charge);
    assert.equal(retry.status, 200);
    assert.equal(((await json(retry)).payment as Record<string, unknown>).imp_uid, payment.imp_uid);
    assert.equal(h.sandbox.attempts('renewal_1').filter((a) => a.status === 'paid').length, 1);
    assert.equal(h.payments.filter((p) => p.source === 'charge').length, 1);
    // With an Idempotency-Key, the replay is marked as one in the answer and in the log.
    const keyed = { 'idempotency-key': 'renewal_1' };
    await h.merchant('POST', '/v1/charges', { ...charge, merchant_uid: 'renewal_k' }, keyed);
    const replay = await h.merchant(
      'POST',
      '/v1/charges',
      { ...charge, merchant_uid: 'renewal_k' },
      keyed,
    );
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    const logged = h.logs.filter(
      (l) => l.event === 'charge.succeeded' && l['merchant_uid'] === 'renewal_k',
    );
    assert.deepEqual(
      logged.map((l) => l['replayed']),
      [undefined, true],
    );
  });

  it('the same Idempotency-Key and body replay on another instance configured otherwise', async () => {
    // One store, one i'mport, two instances whose notice_url and default pg differ: the replay
    // hash covers what the merchant sent, not what each instance adds to it.
    const store = createMemoryStore();
    const a = createHarness({ store, noticeUrl: 'https://a.example/hook', pg: 'nice' });
    const b = createServer({
      iamport: a.iamport,
      store,
      noticeUrl: 'https://b.example/webhook',
      pg: 'kcp',
      tokenSecret: TOKEN_SECRET,
      apiKey: API_KEY,
      rateLimit: false,
      logger: false,
    });
    await issueKey(a, 'sub_two');
    const charge = { customer_uid: 'sub_two', merchant_uid: 'two_1', amount: 500, name: 'Two' };
    const keyed = { 'idempotency-key': 'two-instances' };
    const first = await a.merchant('POST', '/v1/charges', charge, keyed);
    assert.equal(first.status, 200);
    const again = await b.request('/v1/charges', {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', ...keyed },
      body: JSON.stringify(charge),
    });
    assert.equal(again.status, 200, JSON.stringify(await again.clone().json()));
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await json(again), await json(first));
    assert.equal(a.sandbox.callCount('/subscribe/payments/again', 'POST'), 1);
    // Another body under the key is still refused, on either instance.
    const other = await a.merchant('POST', '/v1/charges', { ...charge, amount: 501 }, keyed);
    assert.equal((await json(other)).code, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('a charge of a declined card is 402, of an unknown key 402 PG_ERROR, a bad body 400', async () => {
    const h = createHarness();
    await issueKey(h, 'sub_bad', CARDS.declined);
    const declined = await h.merchant('POST', '/v1/charges', {
      customer_uid: 'sub_bad',
      merchant_uid: 'r_2',
      amount: 100,
      name: 'x',
    });
    // A key keeps its card's behaviour: the declining card is stored, then declined at charge time.
    assert.equal(declined.status, 402);
    assert.equal((await json(declined)).code, 'CARD_DECLINED');
    const unknown = await h.merchant('POST', '/v1/charges', {
      customer_uid: 'nobody',
      merchant_uid: 'r_3',
      amount: 100,
      name: 'x',
    });
    assert.equal(unknown.status, 402);
    assert.equal((await json(unknown)).code, 'PG_ERROR');
    const bad = await h.merchant('POST', '/v1/charges', { customer_uid: 'x', amount: -1 });
    assert.equal(bad.status, 400);
  });

  it('GET and DELETE /v1/billing-keys/{uid}: 200 with a masked card, then 404', async () => {
    const h = createHarness();
    await issueKey(h, 'bk_1');
    const got = await h.merchant('GET', '/v1/billing-keys/bk_1');
    assert.equal(got.status, 200);
    const key = (await json(got)).billing_key as Record<string, unknown>;
    assert.equal(key.customer_uid, 'bk_1');
    assert.match(String(key.card_number), /\*/);
    assert.equal((await h.merchant('DELETE', '/v1/billing-keys/bk_1')).status, 200);
    const gone = await h.merchant('GET', '/v1/billing-keys/bk_1');
    assert.equal(gone.status, 404);
    assert.equal((await json(gone)).code, 'NOT_FOUND');
    assert.equal((await h.merchant('DELETE', '/v1/billing-keys/bk_1')).status, 404);
    assert.equal((await h.merchant('GET', '/v1/billing-keys/bad%20uid')).status, 400);
  });

  it('DELETE /v1/billing-keys/{uid} while a lost key call may still land is 409 CUSTOMER_IN_DOUBT, so the key never comes back', async () => {
    const h = createSkippingHarness();
    await issueKey(h, 'bk_doubt');
    // A second card's issue lands after the client gave up: OUTCOME_UNKNOWN.
    h.sandbox.injectFault({
      method: 'POST',
      path: '/subscribe/customers/bk_doubt',
      kind: 'delay',
      ms: 900,
    });
    const token = await h.token({ customer_uid: 'bk_doubt', mode: 'billing_key' }, h.now);
    const lost = await h.register(cardBody(token, CARDS.other));
    assert.equal(lost.status, 502);
    assert.equal((await json(lost)).code, 'OUTCOME_UNKNOWN');
    const deletes = h.sandbox.callCount('/subscribe/customers/bk_doubt', 'DELETE');
    const refused = await h.merchant('DELETE', '/v1/billing-keys/bk_doubt');
    assert.equal(refused.status, 409);
    assert.equal((await json(refused)).code, 'CUSTOMER_IN_DOUBT');
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    assert.equal(h.sandbox.callCount('/subscribe/customers/bk_doubt', 'DELETE'), deletes);
    await sleep(700); // the lost issue lands
    h.skip(5_000); // the window has passed: nothing can land any more
    assert.equal((await h.merchant('DELETE', '/v1/billing-keys/bk_doubt')).status, 200);
    await sleep(500);
    assert.equal((await h.merchant('GET', '/v1/billing-keys/bk_doubt')).status, 404);
  });

  it('GET /v1/payments/{merchant_uid}: the payment with its amount checked, or 404', async () => {
    const h = createHarness();
    const token = await h.token({
      customer_uid: 'c',
      mode: 'payment',
      amount: 4500,
      merchant_uid: 'look_1',
    });
    await h.register(cardBody(token));
    const res = await h.merchant('GET', '/v1/payments/look_1');
    assert.equal(res.status, 200);
    const body = await json(res);
    assert.equal((body.payment as Record<string, unknown>).amount, 4500);
    assert.equal(body.amount_verified, true);
    assert.equal((await h.merchant('GET', '/v1/payments/none_such')).status, 404);
  });
});

describe('POST /v1/webhooks/iamport', () => {
  async function paidOutsideRegistration(h: ServerHarness, amount: number, asked: number) {
    // The merchant asked for `asked` (a minted token records it); the payment is made for `amount`.
    const minted = await json(
      await h.merchant('POST', '/v1/tokens', { customer_uid: 'w', mode: 'payment', amount: asked }),
    );
    const merchantUid = String(minted.merchant_uid);
    const payment = await h.iamport.payOnetime({
      merchant_uid: merchantUid,
      amount,
      ...VALID_CARD,
    });
    return payment;
  }

  it('re-queries the payment and calls onPayment once when delivered twice (JSON and form)', async () => {
    const h = createHarness();
    const payment = await paidOutsideRegistration(h, 2000, 2000);
    const hint = { imp_uid: payment.imp_uid, merchant_uid: payment.merchant_uid, status: 'paid' };
    const first = await h.app.request('/v1/webhooks/iamport', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(hint),
    });
    assert.equal(first.status, 200);
    assert.equal((await json(first)).result, 'notified');
    const second = await h.app.request('/v1/webhooks/iamport', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(hint).toString(),
    });
    assert.equal(second.status, 200);
    assert.equal((await json(second)).result, 'duplicate');
    assert.equal(h.payments.length, 1);
    assert.equal(h.payments[0]?.source, 'webhook');
    // One re-query, or two: a delivery within the reuse window shares the first lookup
    // (payments/webhook-lookups.ts), a later one asks again.
    const lookups = h.sandbox.callCount(`/payments/${payment.imp_uid}`);
    assert.ok(lookups === 1 || lookups === 2, `${lookups} lookups`);
  });

  it('a cancel announced right after the payment is seen as cancelled, not as the reused paid state', async () => {
    // Found by examples/hono: a refund made in i'mport's console within a second of the payment's
    // own webhook was judged by the reused lookup (paid), answered "duplicate", and lost.
    const h = createHarness();
    const payment = await paidOutsideRegistration(h, 2000, 2000);
    const deliver = (status: string) =>
      h.app.request('/v1/webhooks/iamport', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ imp_uid: payment.imp_uid, status }),
      });
    assert.equal((await json(await deliver('paid'))).result, 'notified');
    await h.iamport.cancelPayment({ imp_uid: payment.imp_uid, reason: 'console' });
    assert.equal((await json(await deliver('cancelled'))).result, 'notified');
    assert.deepEqual(
      h.payments.map((p) => [p.payment.status, p.source]),
      [
        ['paid', 'webhook'],
        ['cancelled', 'refund'],
      ],
    );
    // A repeat of the cancel within the window shares that lookup.
    const calls = h.sandbox.callCount(`/payments/${payment.imp_uid}`);
    assert.equal((await json(await deliver('cancelled'))).result, 'duplicate');
    assert.equal(h.sandbox.callCount(`/payments/${payment.imp_uid}`), calls);
  });

  it('trusts nothing in the body: a lying status, a wrong amount or an unknown id never reach onPayment', async () => {
    const h = createHarness();
    const cheap = await paidOutsideRegistration(h, 100, 50_000);
    const mismatch = await h.app.request('/v1/webhooks/iamport', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        imp_uid: cheap.imp_uid,
        merchant_uid: cheap.merchant_uid,
        status: 'paid',
      }),
    });
    assert.equal(mismatch.status, 200);
    assert.equal((await json(mismatch)).reason, 'amount mismatch');
    assert.ok(h.logs.some((l) => l.event === 'webhook.amount_mismatch'));
    const unknown = await h.app.request('/v1/webhooks/iamport', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ imp_uid: 'imps_000000000000', status: 'paid' }),
    });
    assert.equal(unknown.status, 200);
    assert.equal((await json(unknown)).status, 'ignored');
    const garbage = await h.app.request('/v1/webhooks/iamport', { method: 'POST', body: 'x' });
    assert.equal(garbage.status, 400);
    assert.equal(h.payments.length, 0);
  });

  it('a failing onPayment answers 500 so i’mport delivers again, and the redelivery notifies', async () => {
    let fail = true;
    const seen: string[] = [];
    const h = createHarness({
      onPayment: (e) => {
        if (fail) throw new Error('merchant db down');
        seen.push(e.payment.imp_uid);
      },
    });
    const payment = await paidOutsideRegistration(h, 300, 300);
    const deliver = () =>
      h.app.request('/v1/webhooks/iamport', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ imp_uid: payment.imp_uid }),
      });
    assert.equal((await deliver()).status, 500);
    fail = false;
    assert.equal((await deliver()).status, 200);
    assert.deepEqual(seen, [payment.imp_uid]);
  });
});
