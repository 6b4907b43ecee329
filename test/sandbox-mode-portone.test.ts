// `npm start` with IMPCARD_UPSTREAM=portone, as a child process: sandbox mode on PortOne V2. A card
// registered and charged through the server goes through the sandbox's V2 API, and the sandbox's
// signed V2 webhooks come back to POST /v1/webhooks/portone and verify.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cardBody, uid } from '../server/testing/index.ts';
import { startMain, type MainProcess } from './e2e/start-main.ts';

describe('npm start with IMPCARD_UPSTREAM=portone', () => {
  let main: MainProcess;
  before(async () => {
    main = await startMain({ IMPCARD_UPSTREAM: 'portone' });
  });
  after(() => main?.stop());

  const post = (path: string, body: object) =>
    fetch(`${main.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${main.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  /** The JSON log lines the server printed, once `event` shows up for `merchantUid`. */
  async function logged(event: string, merchantUid: string) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const lines = main
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { event: string; merchant_uid?: string; result?: string });
      const found = lines.filter((l) => l.event === event && l.merchant_uid === merchantUid);
      if (found.length > 0 || Date.now() > deadline) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('says it runs on the PortOne V2 sandbox', () => {
    assert.match(main.output(), /PortOne V2 sandbox: http:\/\/127\.0\.0\.1:\d+/);
  });

  it('registers a card and charges it through V2, the webhooks verified', async () => {
    const customerUid = uid('v2c');
    const token = await main.mint({ customer_uid: customerUid, mode: 'billing_key' });
    const registered = await fetch(`${main.url}/v1/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(cardBody(token)),
    });
    assert.equal(registered.status, 200, await registered.clone().text());
    const merchantUid = uid('v2m');
    const charged = await post('/v1/charges', {
      customer_uid: customerUid,
      merchant_uid: merchantUid,
      amount: 12_000,
      name: 'monthly plan',
    });
    assert.equal(charged.status, 200, await charged.clone().text());
    const { payment } = (await charged.json()) as { payment: Record<string, unknown> };
    assert.deepEqual([payment.merchant_uid, payment.amount], [merchantUid, 12_000]);
    // V2's names beside V1's: the paymentId is ours, the transactionId PortOne's attempt.
    assert.equal(payment.payment_id, merchantUid);
    assert.equal(payment.transaction_id, payment.imp_uid);
    assert.match(String(payment.transaction_id), /\S/);
    // Made through V2: the sandbox lists the attempt as a V2 billing-key payment.
    const attempts = (await (
      await fetch(`${main.sandboxUrl}/__sandbox/payments?merchant_uid=${merchantUid}`)
    ).json()) as { response: { version: string; via: string }[] };
    assert.deepEqual(
      attempts.response.map((a) => a.version),
      ['V2'],
    );
    // Its Transaction.Paid webhook reached the server, once, verified. It races the charge's own
    // answer: it finds the charge already told ('duplicate') or tells it first ('notified').
    const processed = await logged('webhook.processed', merchantUid);
    assert.equal(processed.length, 1);
    assert.ok(
      ['duplicate', 'notified'].includes(String(processed[0]?.result)),
      processed[0]?.result,
    );
    assert.doesNotMatch(main.output(), /webhook\.signature_refused|webhook\.no_secret/);
  });
});
