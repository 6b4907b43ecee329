// close() (what SIGTERM/SIGINT call) lets registrations in flight finish: every
// customer whose payment went through hears so, and nothing is left locked.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startSandbox } from '../../sandbox/index.ts';
import { signRegistrationToken } from '../../app/token/sign-registration-token.ts';
import { cardBody } from '../../testing/index.ts';
import { startNodeServer } from './start-node-server.ts';

const SECRET = 'drain-test-token-secret-0123456789abcdef';

describe('close() drains', () => {
  it('requests in flight finish with their answer; new connections are refused', async () => {
    const upstream = await startSandbox({ testControls: true });
    const running = await startNodeServer(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        IMP_KEY: 'sandbox_imp_key',
        IMP_SECRET: 'sandbox_imp_secret',
        IMP_API_URL: upstream.url,
        IMPCARD_TOKEN_SECRET: SECRET,
        IMPCARD_API_KEY: 'drain-test-api-key-0123456789',
        IMPCARD_RATE_LIMIT: 'off',
      },
      { print: () => {}, logger: () => {} },
    );
    try {
      // Each payment takes 800 ms upstream: all are in flight when close() starts.
      upstream.sandbox.injectFault({
        method: 'POST',
        path: '/subscribe/payments/onetime',
        kind: 'delay',
        ms: 800,
        times: 10,
      });
      const answers = Array.from({ length: 10 }, async (_, i) => {
        const { token } = await signRegistrationToken(SECRET, {
          customer_uid: `drain_${i}`,
          mode: 'payment',
          amount: 1000,
          merchant_uid: `drain_order_${i}`,
        });
        const res = await fetch(
          `${running.url.replace('localhost', '127.0.0.1')}/v1/registrations`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(cardBody(token)),
          },
        );
        return res.status;
      });
      // Every payment has reached i'mport (and sleeps there) before close() starts.
      while (upstream.sandbox.callCount('/subscribe/payments/onetime', 'POST') < 10) {
        await new Promise((r) => setTimeout(r, 20));
      }
      await running.close();
      assert.deepEqual(await Promise.all(answers), Array(10).fill(200));
      for (let i = 0; i < 10; i++) {
        assert.equal(upstream.sandbox.attempts(`drain_order_${i}`)[0]?.status, 'paid');
      }
      await assert.rejects(fetch(`${running.url.replace('localhost', '127.0.0.1')}/healthz`));
    } finally {
      await running.close();
      await upstream.close();
    }
  });
});
