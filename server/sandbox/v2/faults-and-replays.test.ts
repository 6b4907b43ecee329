// Faults on V2 paths (the same FaultSpecs as V1, answered in V2's shape) and Idempotency-Key
// replays, over real HTTP: what impcard's V2 client must survive without a double charge.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_PORTONE_API_SECRET, DEFAULT_PORTONE_CHANNEL_KEY } from '../index.ts';
import {
  CARDS,
  startPortOneSandboxHarness,
  uid,
  v2Credential,
  type PortOneSandboxHarness,
} from '../../testing/index.ts';

type Body = Record<string, unknown>;

const instantBody = (cardNumber: string = CARDS.approved, total = 1000) => ({
  channelKey: DEFAULT_PORTONE_CHANNEL_KEY,
  method: { card: { credential: v2Credential(cardNumber) } },
  orderName: '정기결제',
  amount: { total },
  currency: 'KRW',
});

/** A key of PortOne's recommended alphabet, 16+ characters. */
const key = (): string => `${uid('idem')}-0123456789`;

describe('V2 faults', () => {
  let h: PortOneSandboxHarness;
  before(async () => {
    h = await startPortOneSandboxHarness();
  });
  after(() => h.close());

  const rawInstant = (paymentId: string, idempotencyKey?: string, signal?: AbortSignal) =>
    fetch(`${h.url}/payments/${paymentId}/instant`, {
      method: 'POST',
      headers: {
        authorization: `PortOne ${DEFAULT_PORTONE_API_SECRET}`,
        ...(idempotencyKey === undefined ? {} : { 'idempotency-key': `"${idempotencyKey}"` }),
      },
      body: JSON.stringify(instantBody()),
      signal: signal ?? null,
    });
  const status = async (paymentId: string) =>
    (await h.call('GET', `/payments/${paymentId}`)).body['status'] ?? 'NOT_FOUND';

  it('delay: the instant payment answers late and commits', async () => {
    const paymentId = uid('delay');
    h.running.sandbox.injectFault({
      kind: 'delay',
      ms: 300,
      method: 'POST',
      path: `/payments/${paymentId}/instant`,
    });
    const started = Date.now();
    const answer = await h.call('POST', `/payments/${paymentId}/instant`, instantBody());
    assert.equal(answer.status, 200, answer.raw);
    assert.ok(Date.now() - started >= 290, 'answered after the delay');
    assert.equal(await status(paymentId), 'PAID');
  });

  it('drop: the payment is committed but the answer never arrives; a keyed retry replays it', async () => {
    const paymentId = uid('drop');
    const idempotencyKey = key();
    h.running.sandbox.injectFault({
      kind: 'drop',
      method: 'POST',
      path: `/payments/${paymentId}/instant`,
    });
    await assert.rejects(rawInstant(paymentId, idempotencyKey).then((r) => r.text()));
    assert.equal(await status(paymentId), 'PAID', 'the dropped request was committed');
    const retry = await h.call<Body>('POST', `/payments/${paymentId}/instant`, instantBody(), {
      idempotencyKey,
    });
    assert.equal(retry.status, 200, retry.raw);
    const payment = (await h.call<Body>('GET', `/payments/${paymentId}`)).body;
    assert.equal(
      (retry.body['payment'] as Body)['pgTxId'],
      payment['pgTxId'],
      'the same payment, replayed',
    );
    assert.equal(h.running.sandbox.attempts(paymentId).length, 1, 'charged once');
    // Without the key, the paymentId itself still refuses a second charge.
    const blind = await h.call<Body>('POST', `/payments/${paymentId}/instant`, instantBody());
    assert.equal(blind.status, 409);
    assert.equal(blind.body['type'], 'ALREADY_PAID');
    assert.equal(h.running.sandbox.attempts(paymentId).length, 1);
  });

  it('a keyed retry while the first is still delayed is IDEMPOTENCY_OUTSTANDING_REQUEST, then a replay', async () => {
    const paymentId = uid('slow');
    const idempotencyKey = key();
    const path = `/payments/${paymentId}/instant`;
    h.running.sandbox.injectFault({ kind: 'delay', ms: 1500, method: 'POST', path });
    const first = h.call<Body>('POST', path, instantBody(), { idempotencyKey });
    // Let the first reach the sandbox and take the key (well within its delay) before the retry.
    while (h.running.sandbox.callCount(path, 'POST') === 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const early = await h.call<Body>('POST', path, instantBody(), { idempotencyKey });
    assert.equal(early.status, 409, early.raw);
    assert.equal(early.body['type'], 'IDEMPOTENCY_OUTSTANDING_REQUEST');
    const settled = await first;
    assert.equal(settled.status, 200, settled.raw);
    const late = await h.call('POST', path, instantBody(), { idempotencyKey });
    assert.equal(late.raw, settled.raw);
    assert.equal(h.running.sandbox.attempts(paymentId).length, 1);
  });

  it('error500, refuse and hang commit nothing, answer in V2 shape, and are not replayed', async () => {
    const paymentId = uid('e500');
    const idempotencyKey = key();
    const path = `/payments/${paymentId}/instant`;
    h.running.sandbox.injectFault({ kind: 'error500', path });
    const failed = await h.call<Body>('POST', path, instantBody(), { idempotencyKey });
    assert.equal(failed.status, 500);
    assert.equal(typeof failed.body['type'], 'string');
    assert.equal(await status(paymentId), 'NOT_FOUND');

    h.running.sandbox.injectFault({ kind: 'refuse', path });
    const refused = await h.call<Body>('POST', path, instantBody(), { idempotencyKey });
    assert.equal(refused.status, 502);
    assert.equal(refused.body['type'], 'PG_PROVIDER');
    assert.equal(refused.body['pgCode'], 'SANDBOX_FAULT');
    assert.equal(await status(paymentId), 'NOT_FOUND');

    h.running.sandbox.injectFault({ kind: 'hang', path });
    await assert.rejects(rawInstant(paymentId, idempotencyKey, AbortSignal.timeout(200)));
    assert.equal(await status(paymentId), 'NOT_FOUND');

    const retry = await h.call('POST', path, instantBody(), { idempotencyKey });
    assert.equal(retry.status, 200, 'the same key runs once nothing was committed under it');
    assert.equal(h.running.sandbox.attempts(paymentId).length, 1);
  });
});

describe('V2 Idempotency-Key', () => {
  let clock = Date.UTC(2026, 5, 1, 3, 0, 0);
  let h: PortOneSandboxHarness;
  before(async () => {
    h = await startPortOneSandboxHarness({ now: () => clock });
  });
  after(() => h.close());

  it('a retry gets the first answer byte for byte, errors included, and runs nothing', async () => {
    const paymentId = uid('idem');
    const idempotencyKey = key();
    const path = `/payments/${paymentId}/instant`;
    const first = await h.call('POST', path, instantBody(CARDS.declined), { idempotencyKey });
    assert.equal(first.status, 502);
    const again = await h.call('POST', path, instantBody(CARDS.declined), { idempotencyKey });
    assert.equal(again.status, 502);
    assert.equal(again.raw, first.raw);
    assert.equal(h.running.sandbox.attempts(paymentId).length, 1, 'one declined attempt, not two');
  });

  it('a billing-key issue retried under its key returns the same key and issues no second one', async () => {
    const customerId = uid('cust');
    const idempotencyKey = key();
    const body = {
      channelKey: DEFAULT_PORTONE_CHANNEL_KEY,
      method: { card: { credential: v2Credential() } },
      customer: { id: customerId },
    };
    const first = await h.call<Body>('POST', '/billing-keys', body, { idempotencyKey });
    const again = await h.call<Body>('POST', '/billing-keys', body, { idempotencyKey });
    assert.equal(first.status, 200);
    assert.deepEqual(again.body, first.body);
    const filter = encodeURIComponent(JSON.stringify({ filter: { customerId } }));
    const list = await h.call<{ items: unknown[] }>('GET', `/billing-keys?requestBody=${filter}`);
    assert.equal(list.body.items.length, 1);
  });

  it('a DELETE retried under its key replays its answer rather than BILLING_KEY_ALREADY_DELETED', async () => {
    const issued = await h.sdk.payment.billingKey.issueBillingKey({
      channelKey: DEFAULT_PORTONE_CHANNEL_KEY,
      method: { card: { credential: v2Credential() } },
    });
    const path = `/billing-keys/${issued.billingKeyInfo.billingKey}`;
    const idempotencyKey = key();
    const first = await h.call('DELETE', path, undefined, { idempotencyKey });
    const again = await h.call('DELETE', path, undefined, { idempotencyKey });
    assert.equal(first.status, 200);
    assert.equal(again.raw, first.raw);
    const unkeyed = await h.call<Body>('DELETE', path);
    assert.equal(unkeyed.body['type'], 'BILLING_KEY_ALREADY_DELETED');
  });

  it('a key reused for another request is INVALID_REQUEST and charges nothing', async () => {
    const idempotencyKey = key();
    const paymentId = uid('idem');
    assert.equal(
      (await h.call('POST', `/payments/${paymentId}/instant`, instantBody(), { idempotencyKey }))
        .status,
      200,
    );
    const otherAmount = uid('idem');
    const reused = await h.call<Body>('POST', `/payments/${otherAmount}/instant`, instantBody(), {
      idempotencyKey,
    });
    assert.equal(reused.status, 400);
    assert.equal(reused.body['type'], 'INVALID_REQUEST');
    const otherBody = await h.call<Body>(
      'POST',
      `/payments/${paymentId}/instant`,
      instantBody(CARDS.approved, 2000),
      { idempotencyKey },
    );
    assert.equal(otherBody.status, 400);
    assert.deepEqual(h.running.sandbox.attempts(otherAmount), []);
    assert.equal(h.running.sandbox.attempts(paymentId).length, 1);
  });

  it('refuses a key that is not a quoted 16-256 character string', async () => {
    for (const header of ['unquoted-key-0123456789', '"short"', `"${'x'.repeat(257)}"`]) {
      const answer = await h.call<Body>('POST', `/payments/${uid('idem')}/instant`, instantBody(), {
        headers: { 'idempotency-key': header },
      });
      assert.equal(answer.status, 400, header);
      assert.equal(answer.body['type'], 'INVALID_REQUEST');
    }
  });

  it('forgets a key after 3 hours: the retry runs again (and meets ALREADY_PAID)', async () => {
    const paymentId = uid('idem');
    const idempotencyKey = key();
    const path = `/payments/${paymentId}/instant`;
    assert.equal((await h.call('POST', path, instantBody(), { idempotencyKey })).status, 200);
    clock += 3 * 3600_000 - 1000;
    assert.equal((await h.call('POST', path, instantBody(), { idempotencyKey })).status, 200);
    clock += 2000;
    const late = await h.call<Body>('POST', path, instantBody(), { idempotencyKey });
    assert.equal(late.status, 409);
    assert.equal(late.body['type'], 'ALREADY_PAID');
  });
});
