// One HTTP contract suite, run against the same app on every runtime (test/run-runtimes.mjs):
// only requests and answers, nothing runtime-specific.
import assert from 'node:assert/strict';
import { validCardExpiry } from '../../server/testing/card-expiry.mjs';

// The cards of server/testing/test-cards.ts, copied: this plain .mjs runs on Node 20 without tsx,
// which cannot import TypeScript. Keep them equal to CARDS and VALID_CARD there; the expiry comes
// from the plain module that test-cards.ts reads it from.
const APPROVED = '4242-4242-4242-4242';
const EXPIRY = validCardExpiry();
const DECLINED = '4000-0000-0000-0002';

/**
 * @param {string} base the app's URL
 * @param {{ apiKey: string, origin: string }} contract
 * @returns {Array<{ name: string, run: () => Promise<void> }>}
 */
export function contractCases(base, contract) {
  let n = 0;
  const uid = (prefix) => `${prefix}_${Date.now().toString(36)}_${++n}`;
  const merchant = {
    authorization: `Bearer ${contract.apiKey}`,
    'content-type': 'application/json',
  };

  async function token(body) {
    const response = await fetch(`${base}/v1/tokens`, {
      method: 'POST',
      headers: merchant,
      body: JSON.stringify(body),
    });
    const json = await response.json();
    assert.equal(response.status, 201, JSON.stringify(json));
    return json.token;
  }

  async function register(tokenValue, card = APPROVED, headers = {}) {
    const response = await fetch(`${base}/v1/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: contract.origin, ...headers },
      body: JSON.stringify({
        token: tokenValue,
        card_number: card,
        expiry: EXPIRY,
        birth: '900101',
        pwd_2digit: '12',
      }),
    });
    return { status: response.status, body: await response.json(), headers: response.headers };
  }

  return [
    {
      name: 'health',
      async run() {
        const response = await fetch(`${base}/healthz`);
        assert.deepEqual(await response.json(), { status: 'ok' });
      },
    },
    {
      name: 'the widget, by default: the loader, the frame page and the scripts it names',
      async run() {
        const loader = await fetch(`${base}/imp-card.js`);
        assert.equal(loader.status, 200);
        assert.equal(loader.headers.get('cross-origin-resource-policy'), 'cross-origin');
        const frame = await fetch(`${base}/frame?origin=${encodeURIComponent(contract.origin)}`);
        assert.equal(frame.status, 200);
        const srcs = [...(await frame.text()).matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);
        assert.equal(srcs.length, 2);
        for (const src of srcs) {
          const script = await fetch(`${base}/${src}`);
          assert.equal(script.status, 200, src);
          assert.equal(script.headers.get('cache-control'), 'public, max-age=31536000, immutable');
          assert.ok((await script.text()).length > 1000, src);
        }
      },
    },
    {
      name: 'the client address reaches the app',
      async run() {
        const response = await fetch(`${base}/__contract/ip`);
        assert.match(await response.text(), /^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
      },
    },
    {
      name: 'tokens: minted with the API key, refused without',
      async run() {
        assert.match(await token({ customer_uid: uid('c'), mode: 'billing_key' }), /^ey/);
        const response = await fetch(`${base}/v1/tokens`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ customer_uid: 'x', mode: 'billing_key' }),
        });
        assert.equal(response.status, 401);
        assert.equal((await response.json()).code, 'UNAUTHORIZED');
      },
    },
    {
      name: 'registration: billing_key',
      async run() {
        const customer = uid('bk');
        const r = await register(await token({ customer_uid: customer, mode: 'billing_key' }));
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.billing_key.customer_uid, customer);
        assert.equal(r.body.payment, undefined);
      },
    },
    {
      name: 'registration: payment',
      async run() {
        const r = await register(
          await token({ customer_uid: uid('pay'), mode: 'payment', amount: 1000 }),
        );
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.payment.status, 'paid');
        assert.equal(r.body.payment.amount, 1000);
      },
    },
    {
      name: 'registration: billing_key_and_payment',
      async run() {
        const customer = uid('both');
        const r = await register(
          await token({ customer_uid: customer, mode: 'billing_key_and_payment', amount: 2500 }),
        );
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.billing_key.customer_uid, customer);
        assert.equal(r.body.payment.status, 'paid');
      },
    },
    {
      name: 'a decline: 402 CARD_DECLINED, the token stays usable',
      async run() {
        const t = await token({ customer_uid: uid('dec'), mode: 'payment', amount: 1000 });
        const declined = await register(t, DECLINED);
        assert.equal(declined.status, 402, JSON.stringify(declined.body));
        assert.equal(declined.body.code, 'CARD_DECLINED');
        const retried = await register(t, APPROVED);
        assert.equal(retried.status, 200, JSON.stringify(retried.body));
      },
    },
    {
      name: 'a replay: same Idempotency-Key replays, a used token is refused',
      async run() {
        const t = await token({ customer_uid: uid('rep'), mode: 'payment', amount: 1000 });
        const key = crypto.randomUUID();
        const first = await register(t, APPROVED, { 'idempotency-key': key });
        assert.equal(first.status, 200, JSON.stringify(first.body));
        const replay = await register(t, APPROVED, { 'idempotency-key': key });
        assert.equal(replay.status, 200, JSON.stringify(replay.body));
        assert.equal(replay.body.payment.imp_uid, first.body.payment.imp_uid);
        const again = await register(t, APPROVED, { 'idempotency-key': crypto.randomUUID() });
        assert.equal(again.status, 409, JSON.stringify(again.body));
        assert.equal(again.body.code, 'TOKEN_ALREADY_USED');
      },
    },
    {
      name: 'a charge of the stored billing key',
      async run() {
        const customer = uid('chg');
        const r = await register(await token({ customer_uid: customer, mode: 'billing_key' }));
        assert.equal(r.status, 200, JSON.stringify(r.body));
        const response = await fetch(`${base}/v1/charges`, {
          method: 'POST',
          headers: merchant,
          body: JSON.stringify({
            customer_uid: customer,
            merchant_uid: uid('order'),
            amount: 9900,
            name: 'Monthly plan',
          }),
        });
        const body = await response.json();
        assert.equal(response.status, 200, JSON.stringify(body));
        assert.equal(body.payment.status, 'paid');
      },
    },
    {
      name: 'CORS: the allowed origin gets a preflight answer, another does not',
      async run() {
        const preflight = (origin) =>
          fetch(`${base}/v1/registrations`, {
            method: 'OPTIONS',
            headers: {
              origin,
              'access-control-request-method': 'POST',
              'access-control-request-headers': 'content-type, idempotency-key',
            },
          });
        const allowed = await preflight(contract.origin);
        assert.equal(allowed.headers.get('access-control-allow-origin'), contract.origin);
        const other = await preflight('https://evil.example');
        assert.equal(other.headers.get('access-control-allow-origin'), null);
      },
    },
    {
      name: '413 over the body limit',
      async run() {
        const response = await fetch(`${base}/v1/registrations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: contract.origin },
          body: JSON.stringify({ token: 'x', padding: 'x'.repeat(9000) }),
        });
        assert.equal(response.status, 413);
        assert.equal((await response.json()).code, 'PAYLOAD_TOO_LARGE');
      },
    },
  ];
}
