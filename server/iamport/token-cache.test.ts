import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TokenCache, type FetchedToken } from './token-cache.ts';

function harness(lifetimeS = 1800, skewS = 0) {
  let clock = 1_000_000_000_000;
  let fetches = 0;
  let failNext = false;
  const cache = new TokenCache(
    async (): Promise<FetchedToken> => {
      fetches += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (failNext) {
        failNext = false;
        throw new Error('down');
      }
      const serverNow = Math.floor(clock / 1000) + skewS;
      return {
        token: { access_token: `t${fetches}`, now: serverNow, expired_at: serverNow + lifetimeS },
        sentAt: clock,
      };
    },
    () => clock,
    60_000,
  );
  return {
    cache,
    fetches: () => fetches,
    advance: (ms: number) => (clock += ms),
    failOnce: () => (failNext = true),
  };
}

describe('TokenCache', () => {
  it('single-flights concurrent callers and caches until the margin', async () => {
    const h = harness();
    const tokens = await Promise.all(Array.from({ length: 50 }, () => h.cache.get()));
    assert.ok(tokens.every((t) => t === 't1'));
    assert.equal(h.fetches(), 1);
    h.advance(28 * 60_000);
    assert.equal(await h.cache.get(), 't1');
    h.advance(61_000); // 29:01, inside the one-minute margin
    assert.equal(await h.cache.get(), 't2');
  });

  it('measures expiry on the server clock whatever the skew', async () => {
    const h = harness(1800, -3600); // server clock an hour behind ours
    await h.cache.get();
    assert.equal(h.cache.skewMs, -3600_000);
    h.advance(10 * 60_000);
    await h.cache.get();
    assert.equal(h.fetches(), 1);
    assert.equal(
      h.cache.serverNowSeconds(),
      Math.floor((1_000_000_000_000 + 600_000) / 1000) - 3600,
    );
  });

  it('shares a failed refresh, then tries again on the next call', async () => {
    const h = harness();
    h.failOnce();
    const results = await Promise.allSettled([h.cache.get(), h.cache.get()]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected'],
    );
    assert.equal(h.fetches(), 1);
    assert.equal(await h.cache.get(), 't2');
  });

  it('drops only the token that got the 401', async () => {
    const h = harness();
    await h.cache.get();
    assert.equal(h.cache.invalidate('stale'), false);
    assert.equal(await h.cache.get(), 't1');
    assert.equal(h.cache.invalidate('t1'), true);
    assert.equal(await h.cache.get(), 't2');
  });

  it('hands out a token shorter-lived than the margin but refreshes on the next call', async () => {
    const h = harness(30);
    assert.equal(await h.cache.get(), 't1');
    assert.equal(await h.cache.get(), 't2');
    assert.equal(h.fetches(), 2);
  });
});
