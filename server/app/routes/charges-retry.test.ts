// POST /v1/charges retried under a merchant_uid whose earlier charge was declined.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CARDS, cardBody, createHarness, json } from '../../testing/index.ts';

async function issueKey(h: ReturnType<typeof createHarness>, customerUid: string, card: string) {
  const token = await h.token({ customer_uid: customerUid, mode: 'billing_key' });
  assert.equal((await h.register(cardBody(token, card))).status, 200);
}

describe('POST /v1/charges after a declined charge', () => {
  it('a 5xx on the retry is 503 (nothing happened), not the earlier decline', async () => {
    const h = createHarness();
    await issueKey(h, 'sub_r', CARDS.declined);
    const charge = { customer_uid: 'sub_r', merchant_uid: 'renew_r', amount: 500, name: 'x' };
    assert.equal((await h.merchant('POST', '/v1/charges', charge)).status, 402);
    // The customer fixes their card; the merchant retries the same renewal.
    await issueKey(h, 'sub_r', CARDS.approved);
    h.sandbox.injectFault({ method: 'POST', path: '/subscribe/payments/again', kind: 'error500' });
    const lost = await h.merchant('POST', '/v1/charges', charge);
    assert.equal(lost.status, 503);
    assert.equal((await json(lost)).code, 'UPSTREAM_UNAVAILABLE');
    const retry = await h.merchant('POST', '/v1/charges', charge);
    assert.equal(retry.status, 200);
    assert.equal(h.sandbox.attempts('renew_r').filter((a) => a.status === 'paid').length, 1);
  });

  it('a retry refused as "already paid" whose lookup fails is 502 OUTCOME_UNKNOWN', async () => {
    const h = createHarness();
    await issueKey(h, 'sub_u', CARDS.approved);
    const charge = { customer_uid: 'sub_u', merchant_uid: 'renew_u', amount: 500, name: 'x' };
    h.sandbox.injectFault({ method: 'POST', path: '/subscribe/payments/again', kind: 'drop' });
    const find = { method: 'GET', path: '/payments/find/renew_u', kind: 'error500' } as const;
    h.sandbox.injectFault({ ...find, times: 6 });
    assert.equal((await h.merchant('POST', '/v1/charges', charge)).status, 502);
    const retry = await h.merchant('POST', '/v1/charges', charge);
    assert.equal(retry.status, 502);
    assert.equal((await json(retry)).code, 'OUTCOME_UNKNOWN');
    assert.equal((await h.merchant('POST', '/v1/charges', charge)).status, 200);
  });
});
