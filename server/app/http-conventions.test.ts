// HTTP conventions every route shares: 405 + Allow for a wrong method on a known path, and the
// request id (X-Request-Id) quoted in every failure body, whoever produced it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { API_KEY, CARDS, cardBody, createHarness, json } from '../testing/index.ts';

const auth = { authorization: `Bearer ${API_KEY}` };

describe('405 Method Not Allowed', () => {
  it('answers a wrong method on a known path with 405, Allow and METHOD_NOT_ALLOWED', async () => {
    const h = createHarness();
    const cases: [string, string, string][] = [
      ['POST', '/healthz', 'GET, HEAD'],
      ['DELETE', '/openapi.json', 'GET, HEAD'],
      ['GET', '/v1/charges', 'POST'],
      ['PUT', '/v1/tokens', 'POST'],
      ['POST', '/v1/billing-keys/cust_1', 'GET, HEAD, DELETE'],
      ['DELETE', '/v1/payments/order_1', 'GET, HEAD'],
      ['GET', '/v1/webhooks/iamport', 'POST'],
      ['POST', '/imp-card.js', 'GET, HEAD'],
    ];
    for (const [method, path, allow] of cases) {
      const res = await h.app.request(path, { method, headers: auth });
      assert.equal(res.status, 405, `${method} ${path}`);
      assert.equal(res.headers.get('allow'), allow, `${method} ${path}`);
      const body = await json(res);
      assert.equal(body.code, 'METHOD_NOT_ALLOWED');
      assert.equal(body.request_id, res.headers.get('x-request-id'));
    }
  });

  it('still answers 404 NOT_FOUND for a path no route has', async () => {
    const h = createHarness();
    const res = await h.app.request('/v1/nothing-here', { method: 'POST', headers: auth });
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('allow'), null);
    assert.equal((await json(res)).code, 'NOT_FOUND');
  });
});

describe('request_id in failure bodies', () => {
  it('quotes the X-Request-Id in validation, auth, decline and replayed failures', async () => {
    const h = createHarness();
    const token = await h.token({ customer_uid: 'rid', mode: 'payment', amount: 100 });
    const answers = [
      await h.register({ token, card_number: '1234' }),
      await h.app.request('/v1/charges', { method: 'POST' }),
      await h.register(cardBody(token, CARDS.declined), { 'idempotency-key': 'k-1' }),
      await h.register(cardBody(token, CARDS.declined), { 'idempotency-key': 'k-1' }),
    ];
    assert.deepEqual(
      answers.map((r) => r.status),
      [400, 401, 402, 402],
    );
    const ids = new Set<string>();
    for (const res of answers) {
      const id = res.headers.get('x-request-id');
      assert.ok(id);
      assert.equal((await json(res)).request_id, id);
      ids.add(id);
    }
    // A replay carries its own request's id, not the one of the stored answer.
    assert.equal(ids.size, answers.length);
  });

  it('leaves successful bodies alone', async () => {
    const h = createHarness();
    const res = await h.app.request('/healthz');
    assert.deepEqual(await json(res), { status: 'ok' });
  });
});
