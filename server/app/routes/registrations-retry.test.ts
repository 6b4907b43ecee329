// A second attempt under a merchant_uid that already has failed attempts: the answer must be about
// this attempt, never an earlier one (the reconciler's clock tolerance cannot tell them apart).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CARDS, cardBody, createHarness, json } from '../../testing/index.ts';

const onetime = '/subscribe/payments/onetime';

describe('registrations after a failed attempt', () => {
  it('a 5xx right after a decline is 503 (retry safe), not the earlier CARD_DECLINED', async () => {
    const h = createHarness();
    const token = await h.token({
      customer_uid: 'r1',
      mode: 'payment',
      amount: 1000,
      merchant_uid: 'order_r1',
    });
    assert.equal((await h.register(cardBody(token, CARDS.declined))).status, 402);
    h.sandbox.injectFault({ method: 'POST', path: onetime, kind: 'error500' });
    const lost = await h.register(cardBody(token), { 'idempotency-key': 'k2' });
    assert.equal(lost.status, 503);
    assert.equal((await json(lost)).code, 'UPSTREAM_UNAVAILABLE');
    const retry = await h.register(cardBody(token), { 'idempotency-key': 'k2' });
    assert.equal(retry.status, 200);
    assert.equal(h.sandbox.attempts('order_r1').filter((a) => a.status === 'paid').length, 1);
  });

  it('the same after a PG error (recorded upstream without an imp_uid in the answer)', async () => {
    const h = createHarness();
    const token = await h.token({
      customer_uid: 'r2',
      mode: 'billing_key_and_payment',
      amount: 1000,
      merchant_uid: 'order_r2',
    });
    assert.equal((await h.register(cardBody(token, CARDS.pgError))).status, 402);
    h.sandbox.injectFault({ method: 'POST', path: onetime, kind: 'error500' });
    const lost = await h.register(cardBody(token));
    assert.equal(lost.status, 503);
    assert.equal((await h.register(cardBody(token))).status, 200);
  });

  it('a new token for the same order knows the old token’s failed attempts', async () => {
    const h = createHarness();
    const order = { customer_uid: 'r3', mode: 'payment', amount: 500, merchant_uid: 'order_r3' };
    const first = await h.token({ ...order, mode: 'payment' });
    assert.equal((await h.register(cardBody(first, CARDS.declined))).status, 402);
    const second = await h.token({ ...order, mode: 'payment' });
    h.sandbox.injectFault({ method: 'POST', path: onetime, kind: 'error500' });
    assert.equal((await h.register(cardBody(second))).status, 503);
  });

  it('a POST that lands late after a decline is found by the reconciler, paid once', async () => {
    const h = createHarness();
    const token = await h.token({
      customer_uid: 'r4',
      mode: 'payment',
      amount: 700,
      merchant_uid: 'order_r4',
    });
    assert.equal((await h.register(cardBody(token, CARDS.declined))).status, 402);
    // The harness client times out after 2 s; the sandbox still pays at 2.5 s.
    h.sandbox.injectFault({ method: 'POST', path: onetime, kind: 'delay', ms: 2500 });
    const res = await h.register(cardBody(token), { 'idempotency-key': 'late' });
    assert.equal(res.status, 200);
    assert.equal(h.sandbox.attempts('order_r4').filter((a) => a.status === 'paid').length, 1);
  });

  it('a fresh decline after a decline is still a decline', async () => {
    const h = createHarness();
    const token = await h.token({ customer_uid: 'r5', mode: 'payment', amount: 100 });
    assert.equal((await h.register(cardBody(token, CARDS.declined))).status, 402);
    const again = await h.register(cardBody(token, CARDS.declined));
    assert.equal(again.status, 402);
    assert.equal((await json(again)).code, 'CARD_DECLINED');
  });
});

describe('an order already paid under another token', () => {
  it('is not reported as this customer’s success or billing key', async () => {
    const h = createHarness();
    const order = { mode: 'billing_key_and_payment', amount: 1000, merchant_uid: 'order_d' };
    const paid = await h.register(
      cardBody(await h.token({ ...order, customer_uid: 'dx' } as never)),
    );
    assert.equal(paid.status, 200);
    const other = await h.token({ ...order, customer_uid: 'dy' } as never);
    const res = await h.register(cardBody(other, '5555-5555-5555-4444'));
    assert.notEqual(res.status, 200);
    assert.equal(await h.iamport.getBillingKey('dy'), null);
    assert.equal(h.billingKeys.filter((b) => b.billing_key.customer_uid === 'dy').length, 0);
  });

  it('but a retry of this token’s own lost payment is its success, even with another card', async () => {
    const h = createHarness();
    const token = await h.token({
      customer_uid: 'dz',
      mode: 'billing_key_and_payment',
      amount: 900,
      merchant_uid: 'order_dz',
    });
    // The POST pays, its answer is lost and the lookup fails too: 502 OUTCOME_UNKNOWN.
    h.sandbox.injectFault({ method: 'POST', path: onetime, kind: 'drop' });
    h.sandbox.injectFault({
      method: 'GET',
      path: '/payments/find/order_dz',
      kind: 'error500',
      times: 3,
    });
    const lost = await h.register(cardBody(token));
    assert.equal(lost.status, 502);
    const retry = await h.register(cardBody(token, '5555-5555-5555-4444'));
    assert.equal(retry.status, 200);
    assert.equal(h.sandbox.attempts('order_dz').filter((a) => a.status === 'paid').length, 1);
  });

  it('a retry refused as "already paid" whose lookup fails is 502 OUTCOME_UNKNOWN, not 503 "nothing happened"', async () => {
    const h = createHarness();
    const token = await h.token({
      customer_uid: 'du',
      mode: 'payment',
      amount: 900,
      merchant_uid: 'order_du',
    });
    h.sandbox.injectFault({ method: 'POST', path: onetime, kind: 'drop' });
    // Each failing lookup is tried three times (ky retries GETs on a 5xx).
    const find = { method: 'GET', path: '/payments/find/order_du', kind: 'error500' } as const;
    h.sandbox.injectFault({ ...find, times: 6 });
    assert.equal((await h.register(cardBody(token))).status, 502);
    const retry = await h.register(cardBody(token));
    assert.equal(retry.status, 502);
    assert.equal((await json(retry)).code, 'OUTCOME_UNKNOWN');
    assert.equal((await h.register(cardBody(token))).status, 200);
  });
});
