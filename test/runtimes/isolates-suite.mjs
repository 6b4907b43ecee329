// Two Workers isolates (miniflare's isolate-a and isolate-b) behind one Durable Object namespace:
// a token used on one is refused on the other.
import assert from 'node:assert/strict';
import { validCardExpiry } from '../../server/testing/card-expiry.mjs';

// The cards of server/testing/test-cards.ts, copied: this plain .mjs runs on Node 20 without tsx,
// which cannot import TypeScript. Keep them equal to CARDS and VALID_CARD there; the expiry comes
// from the plain module that test-cards.ts reads it from.
const APPROVED = '4242-4242-4242-4242';
const EXPIRY = validCardExpiry();

/** @param {import('miniflare').Miniflare} mf */
export function twoIsolateCases(mf, contract, storeKind) {
  // The memory store is the control: the same steps must show the bug the Durable Object fixes.
  const shared = storeKind === 'durable-object';
  return [
    {
      name: shared
        ? 'two isolates, Durable Object store: a token used on one is refused on the other'
        : 'two isolates, memory store (control): the other isolate accepts the used token',
      async run() {
        const a = await mf.getWorker('isolate-a');
        const b = await mf.getWorker('isolate-b');
        const tokenResponse = await a.fetch('http://impcard.test/v1/tokens', {
          method: 'POST',
          headers: {
            authorization: `Bearer ${contract.apiKey}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            customer_uid: `iso_${Date.now()}`,
            mode: 'payment',
            amount: 1000,
          }),
        });
        assert.equal(tokenResponse.status, 201);
        const { token } = await tokenResponse.json();
        const register = (worker) =>
          worker.fetch('http://impcard.test/v1/registrations', {
            method: 'POST',
            // No Origin: miniflare's dispatch refuses foreign ones; CORS is the contract suite's.
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              token,
              card_number: APPROVED,
              expiry: EXPIRY,
              birth: '900101',
              pwd_2digit: '12',
            }),
          });
        const first = await register(a);
        assert.equal(first.status, 200, await first.clone().text());
        const second = await register(b);
        const body = await second.json();
        if (shared) {
          assert.equal(second.status, 409, JSON.stringify(body));
          assert.equal(body.code, 'TOKEN_ALREADY_USED');
        } else {
          assert.equal(second.status, 200, JSON.stringify(body));
        }
      },
    },
  ];
}
