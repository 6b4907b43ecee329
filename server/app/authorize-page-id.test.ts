// The README's authorize example: the jti comes from a per-page id the page puts in the widget's
// `token` attribute, so a double submit of one page pays once, and a new page can pay again.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cardBody, createHarness } from '../testing/index.ts';

describe('authorize with a per-page jti', () => {
  it('pays once per page, even for concurrent submits', async () => {
    const h = createHarness({
      authorize: async (c) => {
        const { token } = await c.req.json<{ token: string }>();
        return {
          jti: `card-alice-${token}`,
          customer_uid: 'alice',
          mode: 'payment',
          amount: 1000,
          merchant_uid: `order_${token}`,
        };
      },
    });
    const submit = (page: string, key: string) =>
      h.register(cardBody(page), { 'idempotency-key': key });
    const twice = await Promise.all([submit('page1', 'a'), submit('page1', 'b')]);
    assert.deepEqual(twice.map((r) => r.status).sort(), [200, 409]);
    assert.equal((await submit('page1', 'a')).headers.get('idempotent-replayed'), 'true');
    assert.equal((await submit('page2', 'c')).status, 200);
    assert.equal(h.sandbox.attempts('order_page1').length, 1);
  });
});
