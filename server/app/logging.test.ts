import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createServer } from './create-server.ts';
import type { LogEntry } from './logger.ts';
import { API_KEY, CARDS, TOKEN_SECRET, createInProcessIamport } from '../testing/index.ts';
import { expiryYearsAhead } from '../testing/card-expiry.mjs';
import { signRegistrationToken } from './token/sign-registration-token.ts';

// Not the valid card of server/testing/test-cards.ts: values used nowhere else in the code base
// (the valid card's also stand in fixtures, API examples and hint texts), so that any of them
// found in the captured output can only have come from this test's requests. The expiry moves with
// the calendar like the valid card's, a July where that one is a December, so the two never meet.
const CARD = '4539-1488-0343-6467';
const BIRTH = '870315';
const EXPIRY = expiryYearsAhead(3, 7);
const PWD = '58';

describe('logs never hold card data', () => {
  it('runs every flow with logging captured and finds no card number, birth, expiry or password', async () => {
    const lines: string[] = [];
    const entries: LogEntry[] = [];
    const originals = {
      log: console.log,
      error: console.error,
      warn: console.warn,
      info: console.info,
    };
    for (const name of Object.keys(originals) as (keyof typeof originals)[]) {
      console[name] = (...args: unknown[]) => lines.push(args.map(String).join(' '));
    }
    try {
      const { iamport } = createInProcessIamport({
        client: { logger: (event) => lines.push(JSON.stringify(event)) },
      });
      const app = createServer({
        iamport,
        tokenSecret: TOKEN_SECRET,
        apiKey: API_KEY,
        rateLimit: false,
        logger: (entry) => {
          entries.push(entry);
          lines.push(JSON.stringify(entry));
        },
        onPayment: () => {
          throw new Error(`hook failed for ${CARD} ${BIRTH}`);
        },
      });
      const send = (token: string, card: string, extra: Record<string, unknown> = {}) =>
        app.request('/v1/registrations', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
          body: JSON.stringify({
            token,
            card_number: card,
            expiry: EXPIRY,
            birth: BIRTH,
            pwd_2digit: PWD,
            ...extra,
          }),
        });
      const mint = async (
        mode: 'billing_key' | 'payment' | 'billing_key_and_payment',
        customer: string,
      ) =>
        (
          await signRegistrationToken(TOKEN_SECRET, {
            customer_uid: customer,
            mode,
            ...(mode === 'billing_key' ? {} : { amount: 1200 }),
          })
        ).token;

      const statuses = [
        (await send(await mint('billing_key', 'log_a'), CARD)).status,
        (await send(await mint('payment', 'log_b'), CARD)).status,
        (await send(await mint('billing_key_and_payment', 'log_c'), CARD)).status,
        (await send(await mint('payment', 'log_d'), CARDS.declined)).status,
        (await send(await mint('payment', 'log_e'), '4000-0000-0000-0119')).status,
        (await send(await mint('payment', 'log_f'), CARD.replace(/7$/, '8'))).status,
        (await send('forged.token.value', CARD)).status,
        (await send(await mint('payment', 'log_g'), CARD, { birth: '8703155' })).status,
      ];
      assert.deepEqual(statuses, [200, 200, 200, 402, 402, 400, 401, 400]);
      const charge = await app.request('/v1/charges', {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          customer_uid: 'log_a',
          merchant_uid: 'log_charge',
          amount: 500,
          name: 'x',
        }),
      });
      assert.equal(charge.status, 200);
      const payment = await iamport.findPayment('log_charge');
      const webhook = await app.request('/v1/webhooks/iamport', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ imp_uid: payment?.imp_uid }),
      });
      assert.equal(webhook.status, 500); // the hook throws: i'mport is asked to deliver again
    } finally {
      Object.assign(console, originals);
    }

    assert.ok(entries.some((e) => e.event === 'registration.succeeded'));
    assert.ok(entries.some((e) => e.event === 'registration.declined'));
    assert.ok(entries.some((e) => e.event === 'unhandled_error'));
    assert.ok(entries.every((e) => e.event !== 'request' || typeof e.request_id === 'string'));
    const all = lines.join('\n');
    assert.ok(all.length > 1000, 'the flows produced logs');
    const digits = CARD.replace(/-/g, '');
    for (const secret of [
      CARD,
      digits,
      CARD.replace(/-/g, ' '),
      digits.slice(0, 12),
      BIRTH,
      EXPIRY,
      '4000000000000002',
    ]) {
      assert.ok(!all.includes(secret), `log contains ${secret}`);
    }
    assert.doesNotMatch(all, /"(card_number|birth|expiry|pwd_2digit)"\s*:/);
    assert.doesNotMatch(all, new RegExp(`"${PWD}"`));
  });
});
