import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeBracketParams, splitBracketName } from './bracket-params.ts';

describe('bracket params', () => {
  it('splits PHP-style names', () => {
    assert.deepEqual(splitBracketName('extra[requester]'), ['extra', 'requester']);
    assert.deepEqual(splitBracketName('customer_uid[]'), ['customer_uid', '']);
    assert.deepEqual(splitBracketName('a[b'), ['a[b']);
  });

  it('decodes arrays, nested records and indexed lists', () => {
    const decoded = decodeBracketParams(
      new URLSearchParams(
        'customer_uid[]=a&customer_uid[]=b&extra[requester]=admin&schedules[0][amount]=10&schedules[0][name]=x&plain=1',
      ),
    );
    assert.deepEqual(JSON.parse(JSON.stringify(decoded)), {
      customer_uid: ['a', 'b'],
      extra: { requester: 'admin' },
      schedules: [{ amount: '10', name: 'x' }],
      plain: '1',
    });
  });

  it('ignores prototype keys and absurd depth', () => {
    const decoded = decodeBracketParams(
      new URLSearchParams(
        '__proto__[polluted]=1&a[constructor][prototype][x]=1&d[1][2][3][4][5][6]=1',
      ),
    );
    assert.deepEqual(Object.keys(decoded), []);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });
});
