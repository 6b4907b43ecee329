import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServer } from '../create-server.ts';
import {
  API_KEY,
  CARDS,
  TOKEN_SECRET,
  cardBody,
  createHarness,
  redisMissing,
  startRedis,
  type TestRedis,
} from '../../testing/index.ts';
import { createMemoryStore } from './memory-store.ts';
import { createRedisStore } from './redis-store.ts';
import { Redis } from 'ioredis';
import { StoreUnavailableError, type Store } from './store.ts';

if (redisMissing) console.log(`# ${redisMissing}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The Store contract, run against each implementation with real time and short TTLs. */
function storeContract(name: string, make: () => Promise<Store>) {
  describe(`${name}: Store contract`, () => {
    it('gets what was set until its TTL passes', async () => {
      const store = await make();
      await store.set('a', 'one', 80);
      assert.equal(await store.get('a'), 'one');
      assert.equal(await store.get('missing'), null);
      await sleep(120);
      assert.equal(await store.get('a'), null);
    });

    it('setIfAbsent is won by exactly one of many concurrent callers', async () => {
      const store = await make();
      const wins = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.setIfAbsent('lock', `c${i}`, 5000)),
      );
      assert.equal(wins.filter(Boolean).length, 1);
      await store.delete('lock');
      assert.equal(await store.setIfAbsent('lock', 'again', 5000), true);
    });

    it('deleteIfEquals deletes only the expected value', async () => {
      const store = await make();
      await store.set('owner', 'me', 5000);
      assert.equal(await store.deleteIfEquals('owner', 'someone else'), false);
      assert.equal(await store.get('owner'), 'me');
      assert.equal(await store.deleteIfEquals('owner', 'me'), true);
      assert.equal(await store.get('owner'), null);
      assert.equal(await store.deleteIfEquals('owner', 'me'), false);
    });
    it('increments atomically and restarts after the TTL', async () => {
      const store = await make();
      const counts = await Promise.all(Array.from({ length: 25 }, () => store.increment('n', 100)));
      assert.deepEqual(
        [...counts].sort((x, y) => x - y),
        Array.from({ length: 25 }, (_, i) => i + 1),
      );
      await sleep(150);
      assert.equal(await store.increment('n', 100), 1);
    });
  });
}

storeContract('memory store', () => Promise.resolve(createMemoryStore()));

describe('Redis store', { skip: redisMissing }, () => {
  let redis: TestRedis | undefined;
  let url = '';
  const stores: Store[] = [];
  const make = async () => {
    const store = await createRedisStore({ url, keyPrefix: `t${stores.length}:` });
    stores.push(store);
    return store;
  };

  before(async () => {
    redis = await startRedis();
    url = redis.url;
  });

  after(async () => {
    for (const store of stores) await store.close?.();
    await redis?.stop();
  });

  storeContract('redis store', make);

  it('reconnects after Redis drops its connection (a restart, an idle timeout)', async () => {
    const store = await make();
    await store.set('before', '1', 60_000);
    const { port } = new URL(url);
    const admin = new Redis(Number(port), '127.0.0.1');
    await admin.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
    await admin.quit();
    // Until it has reconnected a call fails fast (503 STORE_UNAVAILABLE), it never hangs.
    let value: string | null = null;
    for (let i = 0; i < 100 && value === null; i++) {
      value = await store.get('before').catch((error: unknown) => {
        assert.ok(error instanceof StoreUnavailableError);
        return null;
      });
      if (value === null) await sleep(50);
    }
    assert.equal(value, '1');
    await store.set('after', '2', 60_000);
    assert.equal(await store.get('after'), '2');
  });

  it('refuses a bad URL naming the option', async () => {
    await assert.rejects(createRedisStore({ url: 'http://x' }), /"url"/);
  });
  it('a stalled Redis times out a command instead of hanging it', async () => {
    const store = await createRedisStore({ url, keyPrefix: 'stall:', commandTimeoutMs: 200 });
    stores.push(store);
    const admin = new Redis(Number(new URL(url).port), '127.0.0.1');
    // CLIENT PAUSE holds every other client's commands, as a stalled or overloaded Redis would.
    await admin.call('CLIENT', 'PAUSE', '1500', 'ALL');
    await assert.rejects(store.set('k', 'v', 1000), StoreUnavailableError);
    await admin.call('CLIENT', 'UNPAUSE');
    await admin.quit();
  });
  it('says whether Redis persists (the server warns at start-up when it does not)', async () => {
    const store = await createRedisStore({ url, keyPrefix: 'p:' });
    stores.push(store);
    assert.equal(await store.appendOnly(), false);
  });

  it('lets two server instances sharing Redis pay once for concurrent attempts on one token', async () => {
    const shared = await make();
    const h = createHarness({ store: shared });
    const other = createServer({
      iamport: h.iamport,
      tokenSecret: TOKEN_SECRET,
      apiKey: API_KEY,
      rateLimit: false,
      logger: false,
      store: shared,
    });
    const token = await h.token({
      customer_uid: 'redis_c',
      mode: 'payment',
      amount: 2000,
      merchant_uid: 'redis_order',
    });
    const send = (
      app: { request: typeof h.app.request },
      key: string,
      card: string = CARDS.approved,
    ) =>
      app.request('/v1/registrations', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(cardBody(token, card)),
      });
    const answers = await Promise.all([
      send(h.app, 'a'),
      send(other, 'b'),
      send(h.app, 'c'),
      send(other, 'd'),
    ]);
    assert.deepEqual(answers.map((r) => r.status).sort(), [200, 409, 409, 409]);
    assert.equal(h.sandbox.attempts('redis_order').length, 1);
    // A replay of the winner's key on the other instance comes from Redis, not from i'mport.
    const winner = ['a', 'b', 'c', 'd'][answers.findIndex((r) => r.status === 200)]!;
    const replay = await send(other, winner);
    assert.equal(replay.status, 200);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(h.sandbox.callCount('/subscribe/payments/onetime'), 1);
  });
});
