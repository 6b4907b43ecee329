import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryStore } from './memory-store.ts';
import { withLock } from '../payments/with-lock.ts';

describe('memory store', () => {
  it('expires entries by the injected clock', async () => {
    let t = 0;
    const store = createMemoryStore({ now: () => t });
    await store.set('a', '1', 100);
    assert.equal(await store.get('a'), '1');
    t = 100;
    assert.equal(await store.get('a'), null);
  });

  it('setIfAbsent wins once until the entry expires', async () => {
    let t = 0;
    const store = createMemoryStore({ now: () => t });
    assert.equal(await store.setIfAbsent('k', 'first', 50), true);
    assert.equal(await store.setIfAbsent('k', 'second', 50), false);
    assert.equal(await store.get('k'), 'first');
    t = 60;
    assert.equal(await store.setIfAbsent('k', 'third', 50), true);
  });

  it('counts within a TTL window and restarts after it', async () => {
    let t = 0;
    const store = createMemoryStore({ now: () => t });
    assert.equal(await store.increment('c', 1000), 1);
    assert.equal(await store.increment('c', 1000), 2);
    t = 999;
    assert.equal(await store.increment('c', 1000), 3);
    t = 1000;
    assert.equal(await store.increment('c', 1000), 1);
  });

  it('stays within maxEntries, dropping the oldest', async () => {
    const store = createMemoryStore({ maxEntries: 100 });
    for (let i = 0; i < 1000; i++) await store.set(`k${i}`, 'v', 60_000);
    assert.equal(store.size(), 100);
    assert.equal(await store.get('k0'), null);
    assert.equal(await store.get('k999'), 'v');
  });

  it('keeps dropping the oldest as entries are rewritten, deleted and written again', async () => {
    const store = createMemoryStore({ maxEntries: 3 });
    const values = (keys: string) => Promise.all([...keys].map((key) => store.get(key)));
    for (const key of 'abcd') await store.set(key, '1', 60_000);
    await store.set('b', '2', 60_000);
    await store.set('e', '1', 60_000);
    assert.deepEqual(await values('abcde'), [null, '2', null, '1', '1']);
    for (const key of 'bde') await store.delete(key);
    for (const key of 'fghi') await store.set(key, '1', 60_000);
    await store.increment('n', 60_000);
    assert.deepEqual(await values('fghin'), [null, null, '1', '1', '1']);
    await store.set('j', '1', 60_000);
    assert.deepEqual(await values('hijn'), ['1', '1', '1', null]);
  });

  it('sweeps expired entries every 1000 writes, after sweeps that found nothing too', async () => {
    let t = 0;
    const store = createMemoryStore({ now: () => t });
    // The 1000th write sweeps and finds nothing expired.
    for (let i = 0; i < 1000; i++) await store.set(`long${i}`, 'v', 1_000_000);
    await store.set('short', 'v', 10);
    await store.increment('counter', 20);
    t = 100;
    // The next sweep, at the 1000th write after it, drops both: nothing reads them before.
    for (let i = 0; i < 997; i++) await store.set(`more${i}`, 'v', 1_000_000);
    assert.equal(store.size(), 1000 + 2 + 997);
    await store.set('last', 'v', 1_000_000);
    assert.equal(store.size(), 1000 + 997 + 1);
  });

  it('refuses a bad maxEntries', () => {
    assert.throws(() => createMemoryStore({ maxEntries: 0 }), /maxEntries/);
  });

  it('withLock runs concurrent holders of one key one at a time', async () => {
    const store = createMemoryStore();
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        withLock(store, 'same', { ttlMs: 5000, waitMs: 5000, pollMs: 2 }, async () => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          await new Promise((r) => setTimeout(r, 5));
          inside--;
        }),
      ),
    );
    assert.equal(maxInside, 1);
    assert.equal(await store.get('lock:same'), null);
  });
});
