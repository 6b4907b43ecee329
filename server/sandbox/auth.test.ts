import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertRefused, startSandboxHarness, type SandboxHarness } from '../testing/index.ts';

describe('authentication on API routes', () => {
  let h: SandboxHarness;
  let token: string;
  before(async () => {
    h = await startSandboxHarness();
    token = await h.token();
  });
  after(() => h.close());

  const lookup = (headers: Record<string, string>) =>
    h.get('/subscribe/customers/nobody', { noAuth: true, headers });

  it('accepts Bearer, raw Authorization and X-ImpTokenHeader', async () => {
    for (const headers of [
      { authorization: `Bearer ${token}` },
      { authorization: `bearer ${token}` },
      { authorization: token },
      { 'x-imptokenheader': token },
    ]) {
      const answer = await lookup(headers);
      assert.equal(answer.status, 200, JSON.stringify(headers));
      assert.equal(answer.code, 1); // authenticated: the unknown customer's own answer
    }
  });

  it('answers the 401 envelope otherwise', async () => {
    for (const headers of [
      {},
      { authorization: 'Bearer' },
      { authorization: 'Bearer nope' },
      { authorization: `Basic ${token}` },
      { authorization: `Bearer ${token} extra` },
      { 'x-imptokenheader': 'nope' },
    ]) {
      const answer = await lookup(headers);
      assertRefused(answer, -1, 401, 'Unauthorized');
      assert.deepEqual(JSON.parse(answer.raw), {
        code: -1,
        message: 'Unauthorized',
        response: null,
      });
    }
  });

  it('protects every API route, including POSTs, before looking at the body', async () => {
    for (const [method, path] of [
      ['POST', '/subscribe/customers/x'],
      ['POST', '/subscribe/payments/onetime'],
      ['POST', '/subscribe/payments/again'],
      ['POST', '/payments/cancel'],
      ['GET', '/payments/find/x'],
      ['GET', '/payments/findAll/x'],
      ['GET', '/subscribe/customers?customer_uid[]=x'],
      ['DELETE', '/subscribe/customers/x'],
    ] as const) {
      const res = await fetch(h.url + path, {
        method,
        body: method === 'POST' ? '{not json' : null,
      });
      assert.equal(res.status, 401, `${method} ${path}`);
    }
  });

  it('keeps test controls off unless enabled', async () => {
    const res = await fetch(`${h.url}/__sandbox/payments?merchant_uid=x`);
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { code: -1, message: 'Not Found', response: null });
  });
});
