// A merchant's `authorize` hook refuses the way Hono apps refuse: with `HTTPException`. Its status
// must reach the card holder's widget as that status with a typed code, not as a JSON complaint.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HTTPException } from 'hono/http-exception';
import { cardBody, createHarness, json } from '../testing/index.ts';
import type { RegistrationIntent } from './payments/intents.ts';

function refusing(refuse: () => never) {
  return createHarness({ authorize: (): RegistrationIntent => refuse() });
}

describe("authorize's HTTPException", () => {
  it('answers a 403 as 403 FORBIDDEN, with a request id and no upstream call', async () => {
    const h = refusing(() => {
      throw new HTTPException(403);
    });
    const res = await h.register(cardBody('unused'));
    assert.equal(res.status, 403);
    const body = await json(res);
    assert.equal(body.status, 'failed');
    assert.equal(body.code, 'FORBIDDEN');
    assert.equal(typeof body.message, 'string');
    assert.notEqual(body.message, '');
    assert.equal(body.request_id, res.headers.get('x-request-id'));
    assert.equal(h.sandbox.callCount('/subscribe/*'), 0);
  });

  it('answers a 401 as 401 UNAUTHORIZED', async () => {
    const h = refusing(() => {
      throw new HTTPException(401);
    });
    const res = await h.register(cardBody('unused'));
    assert.equal(res.status, 401);
    assert.equal((await json(res)).code, 'UNAUTHORIZED');
  });

  it("keeps the merchant's message, unless it holds what could be card digits", async () => {
    const kept = refusing(() => {
      throw new HTTPException(403, { message: 'This account may not add cards.' });
    });
    assert.equal(
      (await json(await kept.register(cardBody('unused')))).message,
      'This account may not add cards.',
    );
    const digits = refusing(() => {
      throw new HTTPException(403, { message: 'Card 4242 4242 4242 4242 is blocked.' });
    });
    const refused = await json(await digits.register(cardBody('unused')));
    assert.equal(refused.code, 'FORBIDDEN');
    assert.doesNotMatch(String(refused.message), /4242/);
  });

  it("answers a hook's crash (a plain Error, a 5xx) as a logged 500 INTERNAL_ERROR", async () => {
    for (const crash of [new Error('session db down'), new HTTPException(503)]) {
      const h = refusing(() => {
        throw crash;
      });
      const res = await h.register(cardBody('unused'));
      assert.equal(res.status, 500);
      assert.equal((await json(res)).code, 'INTERNAL_ERROR');
      const logged = h.logs.find((l) => l.event === 'unhandled_error');
      assert.equal(logged?.request_id, res.headers.get('x-request-id'));
    }
  });

  it('still answers malformed JSON with 400 INVALID_REQUEST', async () => {
    const h = createHarness({
      authorize: () => ({ jti: 'never', customer_uid: 'never', mode: 'billing_key' }),
    });
    const res = await h.register('{"token": ');
    assert.equal(res.status, 400);
    const body = await json(res);
    assert.equal(body.code, 'INVALID_REQUEST');
    assert.equal(body.message, 'The request body is not valid JSON.');
  });
});
