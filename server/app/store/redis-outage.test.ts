// With Redis stopped the server answers 503 STORE_UNAVAILABLE with Retry-After
// (never 500, never a payment without the store) and recovers on its own when Redis is back.
// A call already sent when Redis stops stays OUTCOME_UNKNOWN, and its doubt is written once
// Redis is back.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CARDS,
  cardBody,
  createHarness,
  json,
  redisMissing,
  startRedis,
  type TestRedis,
} from '../../testing/index.ts';
import { storeKeys } from '../payments/store-keys.ts';
import { createRedisStore, type RedisStore } from './redis-store.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Redis stopped and started again', { skip: redisMissing }, () => {
  let redis: TestRedis;
  let store: RedisStore;
  before(async () => {
    redis = await startRedis();
    store = await createRedisStore({ url: redis.url, commandTimeoutMs: 500 });
  });
  after(async () => {
    await store?.close();
    await redis?.stop();
  });

  it('answers 503 STORE_UNAVAILABLE with Retry-After, calls i’mport for nothing, and recovers', async () => {
    const h = createHarness({
      store,
      rateLimit: {}, // the default limits: their counters live in the store too
    });
    const token = await h.token({
      customer_uid: 'outage_c',
      mode: 'payment',
      amount: 1500,
      merchant_uid: 'outage_order',
    });
    await redis.stop();
    const calls = h.sandbox.callCount('/subscribe/payments/onetime', 'POST');
    for (const res of [
      await h.register(cardBody(token, CARDS.approved)),
      await h.merchant('POST', '/v1/tokens', { customer_uid: 'outage_c', mode: 'billing_key' }),
      await h.merchant('POST', '/v1/charges', {
        customer_uid: 'outage_c',
        merchant_uid: 'outage_charge',
        amount: 100,
        name: 'Order',
      }),
    ]) {
      assert.equal(res.status, 503);
      assert.equal((await json(res)).code, 'STORE_UNAVAILABLE');
      assert.ok(Number(res.headers.get('retry-after')) >= 1);
    }
    assert.equal(h.sandbox.callCount('/subscribe/payments/onetime', 'POST'), calls);
    await redis.start();
    let res: Response | undefined;
    for (let i = 0; i < 100; i++) {
      res = await h.register(cardBody(token, CARDS.approved));
      if (res.status !== 503) break;
      await sleep(100);
    }
    assert.equal(res?.status, 200);
    assert.equal(h.sandbox.attempts('outage_order').filter((a) => a.status === 'paid').length, 1);
  });

  it('a billing-key call in doubt while Redis is down answers OUTCOME_UNKNOWN; the doubt is written when Redis is back', async () => {
    const h = createHarness({
      store,
      client: { timeoutMs: 400, reconcileDelaysMs: [0, 100] },
      upstreamWindowMs: 15_000,
    });
    const issue = '/subscribe/customers/outage_doubt';
    // Lands after the client gave up: the call is in doubt.
    h.sandbox.injectFault({ method: 'POST', path: issue, kind: 'delay', ms: 1_500 });
    const first = await h.token({ customer_uid: 'outage_doubt', mode: 'billing_key' });
    const lost = h.register(cardBody(first, CARDS.approved));
    // Redis stops once the call is on its way to i'mport: everything before it had the store.
    while (h.sandbox.callCount(issue, 'POST') === 0) await sleep(5);
    await redis.stop();
    const res = await lost;
    assert.equal(res.status, 502);
    assert.equal((await json(res)).code, 'OUTCOME_UNKNOWN');
    const held = h.logs.find((l) => l.event === 'registration.customer_in_doubt');
    assert.equal(held?.record, 'pending');

    await redis.start(); // no AOF: an empty Redis, as after a crash without persistence
    const probe = await createRedisStore({ url: redis.url });
    try {
      // Written with no request at all: the retry does not wait for traffic.
      let raw: string | null = null;
      for (let i = 0; i < 100 && !raw; i++) {
        raw = await probe.get(storeKeys.customerInDoubt('outage_doubt'));
        if (!raw) await sleep(50);
      }
      assert.ok(raw, 'the doubt record is in Redis');
      assert.ok(h.logs.some((l) => l.event === 'registration.doubt_recorded'));
    } finally {
      await probe.close();
    }
    // Another card for the customer while the lost call may still land is refused.
    const second = await h.token({ customer_uid: 'outage_doubt', mode: 'billing_key' });
    const refused = await h.register(cardBody(second, CARDS.other));
    assert.equal(refused.status, 409);
    assert.equal((await json(refused)).code, 'CUSTOMER_IN_DOUBT');
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
  });
});
