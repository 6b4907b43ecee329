import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as v from 'valibot';
import {
  RegistrationFailureSchema,
  RegistrationSuccessSchema,
} from '../../../widget/contract/index.ts';
import { BUSINESS_NUMBER, CARDS, cardBody, createHarness, json } from '../../testing/index.ts';

const onetime = '/subscribe/payments/onetime';

describe('POST /v1/registrations', () => {
  it('billing_key mode issues a key and answers the contract shape with a masked number', async () => {
    const h = createHarness();
    const token = await h.token({ customer_uid: 'cust_bk', mode: 'billing_key' });
    const res = await h.register(cardBody(token));
    assert.equal(res.status, 200);
    const body = v.parse(RegistrationSuccessSchema, await res.json());
    assert.equal(body.mode, 'billing_key');
    assert.equal(body.billing_key?.customer_uid, 'cust_bk');
    assert.match(body.billing_key?.card_number ?? '', /\*{4}/);
    assert.equal(body.payment, undefined);
    assert.equal(h.billingKeys.length, 1);
    assert.ok(await h.iamport.getBillingKey('cust_bk'));
  });

  it('an onBillingKeyIssued that throws leaves the success and logs the customer and its message', async () => {
    const h = createHarness({
      onBillingKeyIssued: () => {
        throw new Error('shop db down (card 4242424242424242 on hold)');
      },
    });
    const token = await h.token({ customer_uid: 'cust_hook', mode: 'billing_key' });
    const res = await h.register(cardBody(token));
    assert.equal(res.status, 200, 'the card is saved at i’mport: the customer gets the success');
    const line = h.logs.find((l) => l.event === 'hook.on_billing_key_issued_failed');
    assert.equal(line?.['customer_uid'], 'cust_hook');
    assert.match(String(line?.['message']), /^shop db down/);
    // Digits in a hook's message are masked like every logged text.
    assert.doesNotMatch(JSON.stringify(line), /4242424242424242/);
  });

  it('payment mode pays the token amount once and tells onPayment', async () => {
    const h = createHarness();
    const token = await h.token({
      customer_uid: 'c1',
      mode: 'payment',
      amount: 12_000,
      merchant_uid: 'order_1',
    });
    const res = await h.register(cardBody(token));
    assert.equal(res.status, 200);
    const body = v.parse(RegistrationSuccessSchema, await res.json());
    assert.equal(body.payment?.amount, 12_000);
    assert.equal(body.payment?.status, 'paid');
    assert.equal(body.payment?.merchant_uid, 'order_1');
    assert.equal(body.billing_key, undefined);
    assert.equal(h.sandbox.attempts('order_1').length, 1);
    assert.equal(h.payments.length, 1);
    assert.equal(h.payments[0]?.source, 'registration');
    assert.equal(await h.iamport.getBillingKey('c1'), null);
  });

  it('billing_key_and_payment pays and stores the key in one upstream call', async () => {
    const h = createHarness();
    const token = await h.token({
      customer_uid: 'c2',
      mode: 'billing_key_and_payment',
      amount: 9900,
    });
    const res = await h.register(cardBody(token));
    const body = v.parse(RegistrationSuccessSchema, await res.json());
    assert.equal(body.payment?.status, 'paid');
    assert.equal(body.billing_key?.customer_uid, 'c2');
    assert.equal(h.sandbox.callCount(onetime), 1);
    assert.ok(await h.iamport.getBillingKey('c2'));
  });

  it('a declined card answers 402 CARD_DECLINED and leaves the token usable; success then uses it up', async () => {
    const h = createHarness();
    const token = await h.token({ customer_uid: 'c3', mode: 'payment', amount: 1000 });
    const declined = await h.register(cardBody(token, CARDS.declined));
    assert.equal(declined.status, 402);
    const failure = v.parse(RegistrationFailureSchema, await declined.json());
    assert.equal(failure.code, 'CARD_DECLINED');
    assert.match(failure.message, /한도초과/);
    const ok = await h.register(cardBody(token));
    assert.equal(ok.status, 200);
    const again = await h.register(cardBody(token));
    assert.equal(again.status, 409);
    assert.equal((await json(again)).code, 'TOKEN_ALREADY_USED');
    assert.equal(h.sandbox.callCount(onetime), 2);
  });

  it('a PG error answers 402 PG_ERROR with the PG message; an expired card 402 CARD_DECLINED', async () => {
    const h = createHarness();
    const pay = await h.token({ customer_uid: 'c4', mode: 'payment', amount: 1000 });
    const pgError = await h.register(cardBody(pay, CARDS.pgError));
    assert.equal(pgError.status, 402);
    const body = await json(pgError);
    assert.equal(body.code, 'PG_ERROR');
    assert.match(String(body.message), /PG/);
    const key = await h.token({ customer_uid: 'c4', mode: 'billing_key' });
    const expired = await h.register(cardBody(key, CARDS.expired));
    assert.equal(expired.status, 402);
    assert.equal((await json(expired)).code, 'CARD_DECLINED');
  });

  it('bounds declined attempts per token: ATTEMPTS_EXCEEDED (403) without an upstream call', async () => {
    const h = createHarness({ maxAttempts: 2 });
    const token = await h.token({ customer_uid: 'c5', mode: 'payment', amount: 1000 });
    for (let i = 0; i < 2; i++)
      assert.equal((await h.register(cardBody(token, CARDS.declined))).status, 402);
    const res = await h.register(cardBody(token));
    assert.equal(res.status, 403);
    assert.equal((await json(res)).code, 'ATTEMPTS_EXCEEDED');
    assert.equal(h.sandbox.callCount(onetime), 2);
  });

  it('invalid card fields answer 400 with field codes, never values, and no upstream call', async () => {
    const h = createHarness();
    const token = await h.token({ customer_uid: 'c6', mode: 'payment', amount: 1000 });
    const res = await h.register({
      ...cardBody(token, '4242-4242-4242-4241'),
      birth: '901399',
      expiry: '2031-13',
    });
    assert.equal(res.status, 400);
    const text = await res.text();
    const body = v.parse(RegistrationFailureSchema, JSON.parse(text));
    assert.equal(body.code, 'INVALID_REQUEST');
    assert.deepEqual(body.fields?.card_number, ['luhn']);
    assert.ok(body.fields?.birth?.length);
    assert.ok(body.fields?.expiry?.length);
    assert.ok(!text.includes('4241') && !text.includes('901399'));
    for (const bad of ['{"token":', '[]', 'null', '']) {
      const r = await h.register(bad);
      assert.equal(r.status, 400, bad);
      assert.equal((await json(r)).code, 'INVALID_REQUEST');
    }
    const noPwd = await h.register({ ...cardBody(token), pwd_2digit: undefined });
    assert.deepEqual((await json(noPwd)).fields, { pwd_2digit: ['required'] });
    assert.equal(h.sandbox.callCount(onetime), 0);
  });

  it('a tampered token is TOKEN_INVALID and an expired one TOKEN_EXPIRED (401), before any upstream call', async () => {
    let now = Date.now();
    const h = createHarness({ now: () => now });
    const token = await h.token(
      { customer_uid: 'c7', mode: 'payment', amount: 50_000, ttl_seconds: 60 },
      () => now,
    );
    const [head, payload, sig] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const cheaper = Buffer.from(JSON.stringify({ ...claims, amount: 1 })).toString('base64url');
    const tampered = await h.register(cardBody(`${head}.${cheaper}.${sig}`));
    assert.equal(tampered.status, 401);
    assert.equal((await json(tampered)).code, 'TOKEN_INVALID');
    now += 61_000;
    const expired = await h.register(cardBody(token));
    assert.equal(expired.status, 401);
    assert.equal((await json(expired)).code, 'TOKEN_EXPIRED');
    assert.equal(h.sandbox.callCount(onetime), 0);
  });

  it('replays an Idempotency-Key without calling i’mport again, also for concurrent duplicates', async () => {
    const h = createHarness();
    const token = await h.token({
      customer_uid: 'c8',
      mode: 'payment',
      amount: 3000,
      merchant_uid: 'order_idem',
    });
    const headers = { 'idempotency-key': 'attempt-1' };
    const first = await h.register(cardBody(token), headers);
    const firstBody = await first.text();
    const second = await h.register(cardBody(token), headers);
    assert.equal(second.status, 200);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.equal(await second.text(), firstBody);
    assert.equal(h.sandbox.callCount(onetime), 1);

    const token2 = await h.token({
      customer_uid: 'c8',
      mode: 'payment',
      amount: 3000,
      merchant_uid: 'order_conc',
    });
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => h.register(cardBody(token2), { 'idempotency-key': 'same' })),
    );
    const texts = await Promise.all(answers.map((r) => r.text()));
    assert.deepEqual(
      answers.map((r) => r.status),
      [200, 200, 200, 200, 200, 200],
    );
    assert.equal(new Set(texts).size, 1);
    assert.equal(h.sandbox.attempts('order_conc').length, 1);
    assert.equal(h.payments.length, 2);
  });

  it('concurrent attempts with different keys on one token pay once; the others get 409', async () => {
    const h = createHarness();
    const token = await h.token({
      customer_uid: 'c9',
      mode: 'payment',
      amount: 3000,
      merchant_uid: 'order_race',
    });
    const answers = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        h.register(cardBody(token), { 'idempotency-key': `k${i}` }),
      ),
    );
    const statuses = answers.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 409, 409, 409]);
    assert.equal(h.sandbox.attempts('order_race').length, 1);
  });

  it('a declined answer is replayed for its key too (the widget retries a lost answer)', async () => {
    const h = createHarness();
    const token = await h.token({ customer_uid: 'c10', mode: 'payment', amount: 100 });
    const a = await h.register(cardBody(token, CARDS.declined), { 'idempotency-key': 'x' });
    const b = await h.register(cardBody(token, CARDS.declined), { 'idempotency-key': 'x' });
    assert.equal(a.status, 402);
    assert.equal(b.status, 402);
    assert.equal(b.headers.get('idempotent-replayed'), 'true');
    assert.equal(h.sandbox.callCount(onetime), 1);
  });

  it('an upstream 5xx that changed nothing answers 503 UPSTREAM_UNAVAILABLE with Retry-After, and a retry pays once', async () => {
    const h = createHarness();
    const token = await h.token({
      customer_uid: 'c11',
      mode: 'payment',
      amount: 700,
      merchant_uid: 'order_5xx',
    });
    h.sandbox.injectFault({ method: 'POST', path: onetime, kind: 'error500' });
    const res = await h.register(cardBody(token), { 'idempotency-key': 'r1' });
    assert.equal(res.status, 503);
    assert.equal((await json(res)).code, 'UPSTREAM_UNAVAILABLE');
    assert.ok(Number(res.headers.get('retry-after')) > 0);
    const retry = await h.register(cardBody(token), { 'idempotency-key': 'r1' });
    assert.equal(retry.status, 200);
    assert.equal(h.sandbox.attempts('order_5xx').filter((a) => a.status === 'paid').length, 1);
  });

  it('a committed payment whose answer was lost is reconciled, never paid twice', async () => {
    const h = createHarness();
    const token = await h.token({
      customer_uid: 'c12',
      mode: 'payment',
      amount: 800,
      merchant_uid: 'order_drop',
    });
    h.sandbox.injectFault({ method: 'POST', path: onetime, kind: 'drop' });
    const res = await h.register(cardBody(token));
    assert.ok([200, 502].includes(res.status), `status ${res.status}`);
    const retry = await h.register(cardBody(token));
    assert.ok([200, 409].includes(retry.status));
    assert.equal(h.sandbox.attempts('order_drop').filter((a) => a.status === 'paid').length, 1);
  });
});

describe('upstream failures', () => {
  it('answers 502 OUTCOME_UNKNOWN when a payment POST hangs and the lookup fails too', async () => {
    const h = createHarness({ client: { timeoutMs: 300 } });
    const { sandbox } = h;
    const token = await h.token({
      customer_uid: 'u1',
      mode: 'payment',
      amount: 100,
      merchant_uid: 'order_hang',
    });
    sandbox.injectFault({ method: 'POST', path: onetime, kind: 'hang' });
    sandbox.injectFault({ method: 'GET', path: '/payments/find*', kind: 'error500', times: 20 });
    const res = await h.register(cardBody(token), { 'idempotency-key': 'h1' });
    assert.equal(res.status, 502);
    assert.equal((await json(res)).code, 'OUTCOME_UNKNOWN');
    sandbox.releaseHangs();
  });

  it('answers 502 UPSTREAM_UNAVAILABLE when i’mport refuses the server’s credentials', async () => {
    const h = createHarness({ client: { impSecret: 'wrong-secret' } });
    const token = await h.token({ customer_uid: 'u2', mode: 'billing_key' });
    const res = await h.register(cardBody(token));
    assert.equal(res.status, 502);
    assert.equal((await json(res)).code, 'UPSTREAM_UNAVAILABLE');
    // Nothing happened, so the token is still good once the credentials are fixed.
    assert.equal((await h.register(cardBody(token))).status, 502);
  });
});

describe('PG rules', () => {
  it('paymentwall cannot issue a key alone (refused at mint, no upstream call) but can with a payment', async () => {
    const h = createHarness();
    await assert.rejects(
      h.token({ customer_uid: 'pw', mode: 'billing_key', pg: 'paymentwall' }),
      (error: Error & { code?: string }) =>
        error.code === 'PG_NOT_SUPPORTED' && /Paymentwall/.test(error.message),
    );
    const minted = await h.merchant('POST', '/v1/tokens', {
      customer_uid: 'pw',
      mode: 'billing_key',
      pg: 'paymentwall',
    });
    assert.equal(minted.status, 422);
    assert.equal(h.sandbox.callCount('/subscribe/customers/pw'), 0);
    const withPayment = await h.token({
      customer_uid: 'pw',
      mode: 'billing_key_and_payment',
      amount: 1000,
      pg: 'paymentwall',
      buyer: { email: 'buyer@example.com', name: 'Kim' },
    });
    assert.equal((await h.register(cardBody(withPayment))).status, 200);
  });

  it('paymentwall keys need the buyer email; window-only PGs take no card; KSNET needs the password digits', async () => {
    const h = createHarness();
    await assert.rejects(
      h.token({
        customer_uid: 'p1',
        mode: 'billing_key_and_payment',
        amount: 100,
        pg: 'paymentwall',
      }),
      /email/,
    );
    await assert.rejects(
      h.token({ customer_uid: 'p2', mode: 'payment', amount: 100, pg: 'kakaopay' }),
      /payment window/,
    );
    const ksnet = await h.token({
      customer_uid: 'p3',
      mode: 'billing_key',
      pg: 'ksnet.M1',
      buyer: { name: 'Kim' },
    });
    const corporate = { ...cardBody(ksnet), birth: BUSINESS_NUMBER, pwd_2digit: undefined };
    const res = await h.register(corporate);
    assert.equal(res.status, 422, JSON.stringify(await res.clone().json()));
    assert.match(String((await json(res)).message), /password/);
    assert.equal(h.sandbox.callCount(onetime), 0);
    assert.equal(h.sandbox.callCount('/subscribe/customers/p3'), 0);
  });

  it('an authorize hook naming a typo or a window-only code is refused at registration, before i’mport', async () => {
    for (const [pg, hint] of [
      ['kcq', /did you mean kcp\?/],
      ['kcp_billing.T0000', /use kcp for key-in/],
      // The hook's values meet no request schema: the code check alone holds the MID.
      ['kcp.A52CY\n', /malformed channel id/],
      ['kcp. ', /malformed channel id/],
      ['nice.x y', /malformed channel id/],
    ] as const) {
      const h = createHarness({
        authorize: () => ({ jti: `j_${pg}`, customer_uid: 'a1', mode: 'billing_key', pg }),
      });
      const res = await h.register(cardBody('unused'));
      assert.equal(res.status, 422);
      const body = await json(res);
      assert.equal(body.code, 'PG_NOT_SUPPORTED');
      assert.match(String(body.message), hint);
      assert.equal(h.sandbox.callCount('/subscribe/customers/a1'), 0);
    }
  });

  it('the server default pg applies when the token names none', async () => {
    const h = createHarness({ pg: 'paymentwall' });
    const token = await h.token({ customer_uid: 'p4', mode: 'billing_key' });
    assert.equal((await h.register(cardBody(token))).status, 422);
  });
});
