// A red-team review's money findings, each replayed through the HTTP API (app.request, the real i'mport
// client, the in-process sandbox). Each failed on the code before its fix.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServerOptions } from './server-options.ts';
import {
  CARDS,
  TOKEN_SECRET,
  VALID_CARD,
  cardBody,
  createSkippingHarness,
  json,
} from '../testing/index.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The skipping harness, with POST-only merchant calls and tokens on its clock. */
function setup(extra: Partial<ServerOptions> = {}) {
  const h = createSkippingHarness(extra);
  return {
    ...h,
    merchant: (path: string, body: unknown, headers?: Record<string, string>) =>
      h.merchant('POST', path, body, headers),
    token: (input: Record<string, unknown>) => h.token(input as never, h.now),
  };
}

describe('money defects over the HTTP API', () => {
  it('1: a late billing-key call never replaces the card the customer was last told about', async () => {
    const t = setup();
    t.sandbox.injectFault({
      method: 'POST',
      path: '/subscribe/customers/late_c',
      kind: 'delay',
      ms: 900,
    });
    const first = await t.token({ customer_uid: 'late_c', mode: 'billing_key' });
    const lost = await t.post('/v1/registrations', cardBody(first));
    assert.ok(lost.status >= 500, `the lost issue answers a 5xx, got ${lost.status}`);
    const second = await t.token({ customer_uid: 'late_c', mode: 'billing_key' });
    let told = await t.post('/v1/registrations', cardBody(second, CARDS.other));
    if (told.status === 409) {
      assert.equal((await json(told)).code, 'CUSTOMER_IN_DOUBT');
      assert.ok(Number(told.headers.get('retry-after')) >= 1);
      await sleep(700);
      t.skip(5_000);
      told = await t.post('/v1/registrations', cardBody(second, CARDS.other));
    }
    assert.equal(told.status, 200);
    const shown = (await json(told)).billing_key as { card_number: string };
    await sleep(700); // whatever was still on its way has landed now
    const stored = await t.iamport.getBillingKey('late_c');
    assert.equal(stored?.card_number?.slice(-4), shown.card_number.slice(-4));
  });

  it('2: a payment sent and never answered answers OUTCOME_UNKNOWN, never "nothing happened"', async () => {
    const t = setup();
    t.sandbox.injectFault({ method: 'POST', path: '/subscribe/payments/onetime', kind: 'hang' });
    const token = await t.token({
      customer_uid: 'u2',
      mode: 'payment',
      amount: 800,
      merchant_uid: 'order_u2',
    });
    const res = await t.post('/v1/registrations', cardBody(token));
    assert.equal(res.status, 502);
    assert.equal((await json(res)).code, 'OUTCOME_UNKNOWN');
    t.sandbox.releaseHangs();
    const retry = await t.post('/v1/registrations', cardBody(token));
    assert.equal(retry.status, 200);
    assert.equal(t.sandbox.attempts('order_u2').filter((a) => a.status === 'paid').length, 1);
  });

  it('3: a refused retry with another amount leaves the expected amount, and the webhook is processed', async () => {
    const t = setup();
    await t.iamport.issueBillingKey('u3', VALID_CARD);
    const charge = { customer_uid: 'u3', merchant_uid: 'order_u3', name: 'Order' };
    const paid = await t.merchant('/v1/charges', { ...charge, amount: 1000 });
    assert.equal(paid.status, 200);
    const impUid = ((await json(paid)).payment as { imp_uid: string }).imp_uid;
    const calls = t.sandbox.callCount('/subscribe/payments/again', 'POST');
    const conflicting = await t.merchant('/v1/charges', { ...charge, amount: 5000 });
    assert.equal(conflicting.status, 409);
    assert.equal((await json(conflicting)).code, 'MERCHANT_UID_CONFLICT');
    assert.equal(t.sandbox.callCount('/subscribe/payments/again', 'POST'), calls);
    const hook = await t.post('/v1/webhooks/iamport', { imp_uid: impUid, status: 'paid' });
    assert.equal((await json(hook)).status, 'received');
  });

  it('6: a token with a future nbf or iat, or without exp, is refused', async () => {
    const t = setup();
    const { sign } = await import('hono/jwt');
    const nowSec = Math.floor(Date.now() / 1000);
    const claims = { jti: 'j6', customer_uid: 'u6', mode: 'billing_key', iat: nowSec };
    for (const bad of [
      { ...claims, exp: nowSec + 600, nbf: nowSec + 300 },
      { ...claims, exp: nowSec + 600, iat: nowSec + 300 },
      { ...claims, exp: nowSec + 400 * 86_400 },
    ]) {
      const res = await t.post('/v1/registrations', cardBody(await sign(bad, TOKEN_SECRET)));
      assert.equal(res.status, 401, JSON.stringify(bad));
      assert.equal((await json(res)).code, 'TOKEN_INVALID');
    }
    assert.equal(t.sandbox.callCount('/subscribe/customers/u6', 'POST'), 0);
  });

  it('8: a flood of webhooks costs few upstream lookups; an allow-list refuses other senders', async () => {
    const t = setup();
    await t.iamport.issueBillingKey('u8', VALID_CARD);
    const paid = await t.merchant('/v1/charges', {
      customer_uid: 'u8',
      merchant_uid: 'order_u8',
      name: 'Order',
      amount: 100,
    });
    const impUid = ((await json(paid)).payment as { imp_uid: string }).imp_uid;
    const before = t.sandbox.callCount(`/payments/${impUid}`, 'GET');
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => t.post('/v1/webhooks/iamport', { imp_uid: impUid })),
    );
    assert.ok(answers.every((r) => r.status === 200));
    assert.ok(t.sandbox.callCount(`/payments/${impUid}`, 'GET') - before <= 2);
    // Unknown imp_uids beyond the concurrency cap wait their turn (at most 8 lookups at once:
    // webhook-lookups.test.ts) rather than being refused, so genuine webhooks under load are not
    // lost; each is answered, none with a server error.
    const flood = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.post('/v1/webhooks/iamport', { imp_uid: `imp_x${i}` }),
      ),
    );
    assert.deepEqual(
      flood.filter((r) => r.status >= 500 || r.status === 429).map((r) => r.status),
      [],
    );
    const guarded = setup({ webhookSenders: ['52.78.100.19'], remoteAddress: () => '203.0.113.9' });
    const refused = await guarded.post('/v1/webhooks/iamport', { imp_uid: impUid });
    assert.equal(refused.status, 401);
  });

  it('a charge Idempotency-Key replays the same body and refuses another', async () => {
    const t = setup();
    await t.iamport.issueBillingKey('u12', VALID_CARD);
    const body = { customer_uid: 'u12', merchant_uid: 'order_u12', name: 'Order', amount: 300 };
    const key = { 'idempotency-key': 'charge-1' };
    const first = await t.merchant('/v1/charges', body, key);
    assert.equal(first.status, 200);
    const replay = await t.merchant('/v1/charges', body, key);
    assert.equal(replay.status, 200);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await json(replay), await json(first));
    const reused = await t.merchant('/v1/charges', { ...body, amount: 301 }, key);
    assert.equal(reused.status, 422);
    assert.equal((await json(reused)).code, 'IDEMPOTENCY_KEY_REUSED');
  });
});
