import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readOrder } from './read-order.ts';

const encode = (payload: unknown): string =>
  `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

const claims = {
  jti: 'j1',
  iat: 1_790_000_000,
  exp: 1_790_000_900,
  customer_uid: 'user_1',
  mode: 'payment',
  amount: 15_000,
  merchant_uid: 'order_1',
  name: '정기구독 1개월',
};

describe('readOrder', () => {
  it('reads mode, amount and name from the payload, UTF-8 included, without the signature', () => {
    assert.deepEqual(readOrder(encode(claims)), {
      mode: 'payment',
      amount: 15_000,
      name: '정기구독 1개월',
    });
  });

  it('returns null for anything that is not a token of a known mode', () => {
    for (const token of [
      '',
      'abc',
      'a.b',
      'a.%%%.c',
      encode({ ...claims, mode: 'refund' }),
      `x.${Buffer.from('not json').toString('base64url')}.y`,
      `x.${Buffer.from('null').toString('base64url')}.y`,
    ]) {
      assert.equal(readOrder(token), null, token);
    }
  });

  it('shows no amount the server would refuse, and no empty name', () => {
    for (const amount of [-1, 0, 9900.5, 1e21, '9900', null]) {
      assert.deepEqual(readOrder(encode({ ...claims, amount, name: '' })), { mode: 'payment' });
    }
  });
});
