import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { isIamportError } from './index.ts';
import { startIamportHarness, uid } from '../testing/index.ts';

const MINUTE = 60_000;

describe('token cache against the sandbox', async () => {
  let serverTime = Date.parse('2026-11-21T00:00:00Z');
  const env = await startIamportHarness({ now: () => serverTime });
  const { sandbox } = env.running;
  after(() => env.running.close());
  const getTokenCalls = () => sandbox.callCount('/users/getToken');

  it('shares one getToken between 100 concurrent calls', async () => {
    sandbox.reset();
    const client = env.another({ now: () => serverTime });
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => client.findPayment(`none-${i}`)),
    );
    assert.equal(results.length, 100);
    assert.ok(results.every((r) => r === null));
    assert.equal(getTokenCalls(), 1);
    assert.equal(sandbox.callCount('/payments/find/*'), 100);
  });

  it('reuses the token until expired_at minus the margin (injected clock)', async () => {
    sandbox.reset();
    const client = env.another({ now: () => serverTime });
    await client.getBillingKey(uid('c'));
    serverTime += 28 * MINUTE;
    await client.getBillingKey(uid('c'));
    assert.equal(getTokenCalls(), 1, 'still valid after 28 minutes');
    serverTime += 90_000; // 29.5 minutes: inside the 60 s margin
    await client.getBillingKey(uid('c'));
    assert.equal(getTokenCalls(), 2, 'refreshed within the last minute');
    serverTime += 3 * MINUTE; // the sandbox extended the same token by five minutes
    await client.getBillingKey(uid('c'));
    assert.equal(getTokenCalls(), 2);
  });

  it('judges expiry on the server clock when ours runs behind', async () => {
    sandbox.reset();
    const behind = 10 * MINUTE;
    const client = env.another({ now: () => serverTime - behind });
    await client.findPayment(uid('m'));
    serverTime += 29.5 * MINUTE;
    // Our clock says the token has 10.5 minutes left; i'mport's says 30 seconds.
    await client.findPayment(uid('m'));
    assert.equal(getTokenCalls(), 2);
    assert.equal(sandbox.callCount('/payments/find/*'), 2, 'no call was answered 401');
  });

  it("exposes the skew it measured against i'mport's clock", async () => {
    sandbox.reset();
    const behind = 10 * MINUTE;
    const client = env.another({ now: () => serverTime - behind });
    assert.equal(client.clock.skewMs, 0, 'nothing measured before the first token');
    await client.ensureToken();
    // i'mport's `now` has one-second resolution.
    assert.ok(Math.abs(client.clock.skewMs - behind) < 1000, String(client.clock.skewMs));
    assert.equal(client.clock.serverSecondsAt(serverTime - behind), Math.floor(serverTime / 1000));
  });

  it('keeps the token when our clock runs far ahead', async () => {
    sandbox.reset();
    const client = env.another({ now: () => serverTime + 60 * MINUTE });
    for (let i = 0; i < 3; i++) await client.findPayment(uid('m'));
    // Comparing expired_at with our own clock would have refreshed on every call.
    assert.equal(getTokenCalls(), 1);
  });

  it('refreshes once and retries once on a 401', async () => {
    sandbox.reset();
    const client = env.another({ now: () => serverTime });
    await client.findPayment('order-401');
    sandbox.reset(); // forgets every token: the cached one now gets 401
    const results = await Promise.all(
      Array.from({ length: 20 }, () => client.findPayment('order-401')),
    );
    assert.ok(results.every((r) => r === null));
    assert.equal(getTokenCalls(), 1, 'twenty 401s caused one refresh');
    assert.equal(sandbox.callCount('/payments/find/order-401'), 40, 'each call retried once');
    const events = env.events.filter((e) => e.type === 'token' && e.action === 'invalidated');
    assert.ok(events.length >= 1);
  });

  it('reports bad credentials as UPSTREAM_AUTH_FAILED', async () => {
    const client = env.another({ impSecret: 'wrong', now: () => serverTime });
    await assert.rejects(
      client.getBillingKey('c'),
      (e) => isIamportError(e, 'UPSTREAM_AUTH_FAILED') && e.httpStatus === 401,
    );
  });
});
