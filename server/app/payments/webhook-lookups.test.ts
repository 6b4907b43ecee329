// The webhook lookups' bound against the real client and the in-process sandbox, whose lookups are
// slowed by a delay fault so that a burst finds every running place taken.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { iamportUpstream, type IamportClient } from '../../iamport/index.ts';
import { createInProcessIamport } from '../../testing/index.ts';
import { isServerError } from '../server-error.ts';
import { createWebhookLookups } from './webhook-lookups.ts';

/** The sandbox's client with lookups held 50 ms each, and the most that ran at once. */
function slowLookups() {
  const { sandbox, iamport } = createInProcessIamport();
  sandbox.injectFault({ kind: 'delay', ms: 50, method: 'GET', path: '/payments/*', times: 1000 });
  let running = 0;
  const seen = { most: 0 };
  const client = {
    ...iamport,
    async getPayment(...args: Parameters<IamportClient['getPayment']>) {
      seen.most = Math.max(seen.most, ++running);
      try {
        return await iamport.getPayment(...args);
      } finally {
        running--;
      }
    },
  } as IamportClient;
  return { client: iamportUpstream(client), seen, sandbox };
}

describe('webhook lookups', () => {
  it('a burst of webhooks beyond the running bound waits its turn instead of being refused', async () => {
    const { client, seen, sandbox } = slowLookups();
    const lookups = createWebhookLookups(client);
    const ids = Array.from({ length: 40 }, (_, i) => `imp_burst_${i}`);
    const results = await Promise.allSettled(ids.map((id) => lookups.lookup(id)));
    assert.deepEqual(
      results.filter((r) => r.status === 'rejected'),
      [],
    );
    assert.equal(lookups.upstreamCalls, 40);
    assert.equal(sandbox.callCount('/payments/*', 'GET'), 40);
    assert.equal(seen.most, 8, 'never more than 8 at i’mport at once');
  });

  it('refuses RATE_LIMITED only once the waiting places are taken too', async () => {
    const { client, seen } = slowLookups();
    const lookups = createWebhookLookups(client, { maxConcurrent: 2, maxWaiting: 3 });
    const results = await Promise.allSettled(
      Array.from({ length: 7 }, (_, i) => lookups.lookup(`imp_over_${i}`)),
    );
    const refused = results.filter(
      (r) => r.status === 'rejected' && isServerError(r.reason, 'RATE_LIMITED'),
    );
    assert.equal(refused.length, 2);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 5);
    assert.equal(seen.most, 2);
    // The places are free again once the lookups end.
    assert.equal(await lookups.lookup('imp_after'), null);
  });
});
