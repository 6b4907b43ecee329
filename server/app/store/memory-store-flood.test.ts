// Rate-limit counters are the one thing anyone can make the server store (one per client IP and
// window, no token needed). A flood of them from many addresses must not evict what protects
// payments: used tokens, locks, replay records.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cardBody, createHarness } from '../../testing/index.ts';
import { createMemoryStore } from './memory-store.ts';

describe('a full memory store', () => {
  it('drops counters before other entries', async () => {
    const store = createMemoryStore({ maxEntries: 10 });
    await store.set('used:t1', '1', 60_000);
    for (let i = 0; i < 50; i++) await store.increment(`rl:perIp:10.0.0.${i}:0`, 60_000);
    assert.equal(await store.get('used:t1'), '1');
    assert.equal(store.size(), 10);
    for (let i = 0; i < 20; i++) await store.set(`k${i}`, 'v', 60_000);
    assert.equal(store.size(), 10);
    assert.equal(await store.get('k19'), 'v');
  });

  it('keeps a used token used while requests from many addresses fill it', async () => {
    let ip = '203.0.113.1';
    const h = createHarness({
      store: createMemoryStore({ maxEntries: 40 }),
      rateLimit: { perIp: { limit: 30, windowMs: 60_000 } },
      remoteAddress: () => ip,
    });
    const token = await h.token({ customer_uid: 'flood', mode: 'billing_key' });
    assert.equal((await h.register(cardBody(token))).status, 200);
    for (let i = 0; i < 200; i++) {
      ip = `2001:db8::${i.toString(16)}`;
      await h.register('{}');
    }
    ip = '203.0.113.1';
    assert.equal((await h.register(cardBody(token))).status, 409);
  });
});
