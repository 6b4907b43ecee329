// The i'mport client is shared by every request, so the request id reaches its log events with
// each call (IamportCallContext): every upstream line of a request carries that request's id.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startSandbox } from '../sandbox/index.ts';
import { createServer } from './create-server.ts';
import type { LogEntry } from './logger.ts';
import { API_KEY, TOKEN_SECRET, cardBody } from '../testing/index.ts';
import { signRegistrationToken } from './token/sign-registration-token.ts';

describe('upstream log lines', () => {
  it('carry the request id of the request that caused them, in snake_case', async () => {
    const sandbox = await startSandbox();
    try {
      const entries: LogEntry[] = [];
      const app = createServer({
        impKey: 'sandbox_imp_key',
        impSecret: 'sandbox_imp_secret',
        impApiUrl: sandbox.url,
        tokenSecret: TOKEN_SECRET,
        apiKey: API_KEY,
        rateLimit: false,
        logger: (entry) => entries.push(entry),
      });
      const { token } = await signRegistrationToken(TOKEN_SECRET, {
        customer_uid: 'rid_customer',
        mode: 'billing_key_and_payment',
        amount: 1200,
      });
      const registration = await app.request('/v1/registrations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(cardBody(token)),
      });
      assert.equal(registration.status, 200);
      const charge = await app.request('/v1/charges', {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          customer_uid: 'rid_customer',
          merchant_uid: 'rid_charge',
          amount: 500,
          name: 'x',
        }),
      });
      assert.equal(charge.status, 200);

      const ids = [registration, charge].map((r) => r.headers.get('x-request-id') ?? '');
      assert.ok(ids.every((id) => id !== '') && ids[0] !== ids[1]);
      const upstream = entries.filter((e) => e.event.startsWith('iamport.'));
      const of = (id: string | undefined) =>
        upstream.filter((e) => e.request_id === id).map((e) => `${e.event} ${String(e.path)}`);
      // The first call fetches the token; each request's own calls carry its id, none is left out.
      assert.deepEqual(of(ids[0]), [
        'iamport.http /users/getToken',
        'iamport.token undefined',
        'iamport.http /subscribe/payments/onetime',
      ]);
      assert.deepEqual(of(ids[1]), ['iamport.http /subscribe/payments/again']);
      assert.equal(upstream.length, 4);
      for (const entry of upstream) {
        assert.equal(typeof entry.duration_ms === 'number', entry.event === 'iamport.http');
      }
      for (const entry of entries) {
        for (const key of Object.keys(entry)) {
          assert.match(key, /^[a-z][a-z0-9_]*$/, `${entry.event} has the field ${key}`);
        }
      }
    } finally {
      await sandbox.close();
    }
  });
});
