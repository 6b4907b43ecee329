// A crash (here: the store failing) answers 500 INTERNAL_ERROR with our own words, and its log
// line carries the request id but no digits of what the error quoted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryStore } from './store/memory-store.ts';
import { cardBody, CARDS, createHarness, json } from '../testing/index.ts';

describe('a crash', () => {
  it('is 500 INTERNAL_ERROR, logged with the request id and without card data', async () => {
    const memory = createMemoryStore();
    const store = {
      ...memory,
      get: (key: string) =>
        key.startsWith('used:')
          ? Promise.reject(new Error('store down while reading 4242 4242 4242 4242 / 900101'))
          : memory.get(key),
    };
    const h = createHarness({ store });
    const token = await h.token({ customer_uid: 'crash', mode: 'billing_key' });
    const res = await h.register(cardBody(token, CARDS.approved));
    assert.equal(res.status, 500);
    const body = await json(res);
    assert.equal(body.code, 'INTERNAL_ERROR');
    assert.doesNotMatch(JSON.stringify(body), /4242|900101/);
    const crash = h.logs.find((l) => l.event === 'unhandled_error');
    assert.ok(crash, 'the crash is logged');
    assert.equal(crash.request_id, res.headers.get('x-request-id'));
    assert.doesNotMatch(JSON.stringify(h.logs), /4242|900101/);
  });
});
