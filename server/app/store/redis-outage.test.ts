// With Redis stopped the server answers 503 STORE_UNAVAILABLE with Retry-After
// (never 500, never a payment without the store) and recovers on its own when Redis is back.
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
});
