import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newIdempotencyKey } from './new-idempotency-key.ts';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newIdempotencyKey', () => {
  it('makes UUID v4 keys, every random digit taking every value', () => {
    const keys = Array.from({ length: 2000 }, newIdempotencyKey);
    for (const key of keys) assert.match(key, UUID_V4);
    assert.equal(new Set(keys).size, keys.length);
    for (let at = 0; at < 36; at++) {
      const seen = new Set(keys.map((k) => k[at]));
      if (at === 8 || at === 13 || at === 18 || at === 23) assert.deepEqual([...seen], ['-']);
      else if (at === 14) assert.deepEqual([...seen], ['4']);
      else assert.equal(seen.size, at === 19 ? 4 : 16, `position ${at}`);
    }
  });
});
