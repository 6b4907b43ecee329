// POST /v1/payments/{merchant_uid}/cancel: the refund route through the server, the real i'mport
// client and the sandbox, with the sandbox's fault injector for lost answers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RefundResult } from '../payments/intents.ts';
import { createServer } from '../create-server.ts';
import {
  API_KEY,
  CARDS,
  createHarness,
  json,
  TOKEN_SECRET,
  VALID_CARD,
  type ServerHarness,
} from '../../testing/index.ts';

/** A payment the server knows (a minted token records its amount), paid at i'mport. */
async function paid(h: ServerHarness, amount = 10_000, card: string = CARDS.approved) {
  const minted = await json(
    await h.merchant('POST', '/v1/tokens', { customer_uid: 'r', mode: 'payment', amount }),
  );
  const merchantUid = String(minted.merchant_uid);
  // A declining card leaves a failed payment under the order.
  await h.iamport
    .payOnetime({ merchant_uid: merchantUid, amount, ...VALID_CARD, card_number: card })
    .catch(() => undefined);
  return merchantUid;
}

function refund(
  h: ServerHarness,
  merchantUid: string,
  body: Record<string, unknown>,
  key: string | null = crypto.randomUUID(),
) {
  return h.merchant(
    'POST',
    `/v1/payments/${merchantUid}/cancel`,
    body,
    key === null ? {} : { 'idempotency-key': key },
  );
}

const cancels = (h: ServerHarness) => h.sandbox.callCount('/payments/cancel', 'POST');
const cancelledAt = async (h: ServerHarness, merchantUid: string) =>
  (await h.iamport.findPayment(merchantUid))?.cancel_amount;
const refundEvents = (h: ServerHarness) => h.payments.filter((e) => e.source === 'refund');

/**
 * A 3000 KRW refund of a 10 000 KRW order whose answer is dropped while the lookups fail: it lands
 * at i'mport, and the server cannot tell (502).
 */
async function lostRefund(key: string) {
  const h = createHarness();
  const order = await paid(h, 10_000);
  const impUid = (await h.iamport.findPayment(order))?.imp_uid ?? '';
  h.sandbox.injectFault({ method: 'POST', path: '/payments/cancel', kind: 'drop' });
  h.sandbox.injectFault({ method: 'GET', path: `/payments/${impUid}`, kind: 'error500', times: 3 });
  const body = { amount: 3000, reason: 'in doubt' };
  return { h, order, body, first: await refund(h, order, body, key) };
}

describe('POST /v1/payments/{merchant_uid}/cancel', () => {
  it('refunds in full: the payment is cancelled, nothing remains, onPayment told once', async () => {
    const h = createHarness();
    const order = await paid(h, 10_000);
    const res = await refund(h, order, { reason: 'customer asked' });
    assert.equal(res.status, 200);
    const body = await json(res);
    assert.equal(body.status, 'success');
    assert.equal((body.payment as Record<string, unknown>).status, 'cancelled');
    assert.equal((body.payment as Record<string, unknown>).cancel_amount, 10_000);
    const result = body.refund as RefundResult;
    assert.equal(result.amount, 10_000);
    assert.equal(result.refunded_total, 10_000);
    assert.equal(result.remaining, 0);
    assert.equal(typeof result.cancellation_id, 'string');
    assert.deepEqual(
      refundEvents(h).map((e) => e.refund),
      [result],
    );
    // The reason reaches i'mport (the PG and the console show it).
    const found = await h.iamport.findPayment(order);
    // The merchant's reason, and the mark that names the refund at i'mport (refund-once.ts).
    assert.match(
      found?.cancel_history?.[0]?.reason ?? '',
      /^\[impcard [0-9a-f]{12}\] customer asked$/,
    );
  });

  it('refunds in part: the answer shows what was refunded and what remains', async () => {
    const h = createHarness();
    const order = await paid(h, 10_000);
    const first = await json(await refund(h, order, { amount: 3000, reason: 'one item' }));
    assert.equal((first.payment as Record<string, unknown>).status, 'paid');
    assert.deepEqual(
      { ...(first.refund as RefundResult), cancellation_id: undefined },
      { amount: 3000, refunded_total: 3000, remaining: 7000, cancellation_id: undefined },
    );
    const second = await refund(h, order, { amount: 2000, checksum: 7000, reason: 'another' });
    assert.equal(second.status, 200);
    const result = (await json(second)).refund as RefundResult;
    assert.equal(result.refunded_total, 5000);
    assert.equal(result.remaining, 5000);
    assert.equal(await cancelledAt(h, order), 5000);
    // Two cancellations, two events, though the payment stays "paid".
    assert.deepEqual(
      refundEvents(h).map((e) => [e.refund?.amount, e.payment.status]),
      [
        [3000, 'paid'],
        [2000, 'paid'],
      ],
    );
  });

  it('two concurrent partial refunds with the same checksum: one wins, the other is 409 REFUND_CONFLICT', async () => {
    const h = createHarness();
    const order = await paid(h, 10_000);
    const answers = await Promise.all([
      refund(h, order, { amount: 3000, checksum: 10_000, reason: 'a' }),
      refund(h, order, { amount: 3000, checksum: 10_000, reason: 'b' }),
    ]);
    assert.deepEqual(answers.map((r) => r.status).sort(), [200, 409]);
    const loser = await json(answers.find((r) => r.status === 409) as Response);
    assert.equal(loser.code, 'REFUND_CONFLICT');
    assert.match(String(loser.message), /GET \/v1\/payments\/\{merchant_uid\}/);
    assert.match(String(loser.message), /7000/);
    assert.equal(await cancelledAt(h, order), 3000);
    assert.equal(refundEvents(h).length, 1);
  });

  it('a stale checksum is refused before anything is sent', async () => {
    const h = createHarness();
    const order = await paid(h, 10_000);
    await h.iamport.cancelPayment({ merchant_uid: order, amount: 1000, reason: 'console' });
    const before = cancels(h);
    const res = await refund(h, order, { amount: 500, checksum: 10_000, reason: 'x' });
    assert.equal(res.status, 409);
    assert.equal((await json(res)).code, 'REFUND_CONFLICT');
    assert.equal(cancels(h), before);
  });

  it('replays the same key and body without a second cancel; another body is 422', async () => {
    const h = createHarness();
    const order = await paid(h, 10_000);
    const body = { amount: 4000, reason: 'replay' };
    const first = await refund(h, order, body, 'refund-key-1');
    const firstBody = await json(first);
    assert.equal(first.headers.get('idempotent-replayed'), null);
    const again = await refund(h, order, body, 'refund-key-1');
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await json(again), firstBody);
    assert.equal(cancels(h), 1);
    assert.equal(await cancelledAt(h, order), 4000);
    assert.equal(refundEvents(h).length, 1);
    const other = await refund(h, order, { ...body, amount: 1000 }, 'refund-key-1');
    assert.equal(other.status, 422);
    assert.equal((await json(other)).code, 'IDEMPOTENCY_KEY_REUSED');
    // The same key on another order is another body too.
    const elsewhere = await refund(h, await paid(h, 5000), body, 'refund-key-1');
    assert.equal(elsewhere.status, 422);
    assert.equal(cancels(h), 1);
  });

  it('a lost answer is reconciled by the checksum: one refund, and a retry replays it', async () => {
    const h = createHarness();
    const order = await paid(h, 10_000);
    h.sandbox.injectFault({ method: 'POST', path: '/payments/cancel', kind: 'drop' });
    const body = { amount: 3000, reason: 'dropped' };
    const first = await refund(h, order, body, 'lost-1');
    assert.equal(first.status, 200);
    assert.equal(((await json(first)).refund as RefundResult).remaining, 7000);
    const retry = await refund(h, order, body, 'lost-1');
    assert.equal(retry.status, 200);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    assert.equal(await cancelledAt(h, order), 3000);
    assert.equal(cancels(h), 1);
  });

  it('a lost answer that cannot be looked up is 502 OUTCOME_UNKNOWN; the retry with the key never refunds twice', async () => {
    const { h, order, body, first } = await lostRefund('doubt-1');
    assert.equal(first.status, 502);
    const failure = await json(first);
    assert.equal(failure.code, 'OUTCOME_UNKNOWN');
    assert.match(String(failure.message), /same Idempotency-Key/);
    assert.equal(await cancelledAt(h, order), 3000);
    // The retry sends nothing new: the lookup shows the first refund landed, and it is the answer.
    const retry = await refund(h, order, body, 'doubt-1');
    assert.equal(retry.status, 200);
    const result = (await json(retry)).refund as RefundResult;
    assert.equal(result.amount, 3000);
    assert.equal(result.remaining, 7000);
    assert.equal(await cancelledAt(h, order), 3000);
    assert.equal(cancels(h), 1);
    assert.equal(refundEvents(h).length, 1);
  });

  it('a 5xx that did nothing is 503; the retry sends the same checksum and refunds once', async () => {
    const h = createHarness();
    const order = await paid(h, 10_000);
    h.sandbox.injectFault({ method: 'POST', path: '/payments/cancel', kind: 'error500' });
    const body = { amount: 2500, reason: 'upstream down' };
    const first = await refund(h, order, body, 'down-1');
    assert.equal(first.status, 503);
    assert.equal((await json(first)).code, 'UPSTREAM_UNAVAILABLE');
    assert.equal(await cancelledAt(h, order), 0);
    const retry = await refund(h, order, body, 'down-1');
    assert.equal(retry.status, 200);
    assert.equal(await cancelledAt(h, order), 2500);
  });

  it('a pending refund overtaken by another one is 409 REFUND_CONFLICT, never a second refund', async () => {
    const h = createHarness();
    const order = await paid(h, 10_000);
    h.sandbox.injectFault({ method: 'POST', path: '/payments/cancel', kind: 'error500' });
    const body = { amount: 2500, reason: 'overtaken' };
    assert.equal((await refund(h, order, body, 'over-1')).status, 503);
    await h.iamport.cancelPayment({ merchant_uid: order, amount: 1000, reason: 'console' });
    const retry = await refund(h, order, body, 'over-1');
    assert.equal(retry.status, 409);
    assert.equal((await json(retry)).code, 'REFUND_CONFLICT');
    assert.equal(await cancelledAt(h, order), 1000);
  });

  it('refuses without an Idempotency-Key (400), an unknown order (404) and an over-refund (409)', async () => {
    const h = createHarness();
    const order = await paid(h, 5000);
    const keyless = await refund(h, order, { reason: 'x' }, null);
    assert.equal(keyless.status, 400);
    const missing = await json(keyless);
    assert.equal(missing.code, 'INVALID_REQUEST');
    assert.match(String(missing.message), /Idempotency-Key/);
    const unknown = await refund(h, 'no_such_order', { reason: 'x' });
    assert.equal(unknown.status, 404);
    assert.equal((await json(unknown)).code, 'NOT_FOUND');
    const over = await refund(h, order, { amount: 6000, reason: 'x' });
    assert.equal(over.status, 409);
    const overBody = await json(over);
    assert.equal(overBody.code, 'REFUND_NOT_ALLOWED');
    assert.match(String(overBody.message), /5000/);
    assert.equal(cancels(h), 0);
    assert.equal((await refund(h, order, { reason: 'all' })).status, 200);
    const twice = await refund(h, order, { reason: 'again' });
    assert.equal(twice.status, 409);
    assert.equal((await json(twice)).code, 'REFUND_NOT_ALLOWED');
    const declined = await paid(h, 5000, CARDS.declined);
    const unpaid = await refund(h, declined, { reason: 'x' });
    assert.equal(unpaid.status, 409);
    assert.match(String((await json(unpaid)).message), /not paid/);
    assert.equal(cancels(h), 1);
  });

  it('refuses bad bodies (400) with no upstream call', async () => {
    const h = createHarness();
    const order = await paid(h, 5000);
    for (const body of [
      {},
      { reason: '' },
      { reason: 'x', amount: 0 },
      { reason: 'x', amount: 1.5 },
      { reason: 'x', checksum: -1 },
      { reason: 'x', refund_account: '123' },
    ]) {
      const res = await refund(h, order, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal((await json(res)).code, 'INVALID_REQUEST');
    }
    assert.equal(cancels(h), 0);
  });
});

describe('refunds and the cancel webhook', () => {
  const deliver = (h: ServerHarness, body: Record<string, unknown>) =>
    h.app.request('/v1/webhooks/iamport', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('a refund seen by the route and by its webhook is told once', async () => {
    const h = createHarness();
    const order = await paid(h, 10_000);
    const impUidOf = async () => (await h.iamport.findPayment(order))?.imp_uid;
    // The payment's own webhook first: "paid" is told, as a payment.
    assert.equal((await json(await deliver(h, { imp_uid: await impUidOf() }))).result, 'notified');
    const res = await json(await refund(h, order, { amount: 1000, reason: 'route' }));
    const result = res.refund as RefundResult;
    const impUid = String((res.payment as Record<string, unknown>).imp_uid);
    const hint = { imp_uid: impUid, status: 'paid', cancellation_id: result.cancellation_id };
    const seen = await json(await deliver(h, hint));
    assert.equal(seen.status, 'received');
    assert.equal(seen.result, 'duplicate');
    assert.deepEqual(
      h.payments.map((e) => [e.source, e.refund?.cancellation_id]),
      [
        ['webhook', undefined],
        ['refund', result.cancellation_id],
      ],
    );
  });

  it('a cancel in i’mport’s console is told by its webhook once, redeliveries included', async () => {
    const h = createHarness();
    const order = await paid(h, 10_000);
    const payment = await h.iamport.cancelPayment({
      merchant_uid: order,
      amount: 4000,
      reason: 'console',
    });
    const cancellationId = payment.cancel_history?.[0]?.cancellation_id;
    const hint = { imp_uid: payment.imp_uid, status: 'paid', cancellation_id: cancellationId };
    assert.equal((await json(await deliver(h, hint))).result, 'notified');
    assert.equal((await json(await deliver(h, hint))).result, 'duplicate');
    // The payment's own "paid" is told as a payment; the cancellation as a refund, once.
    assert.deepEqual(
      h.payments.map((e) => [e.source, e.refund?.amount, e.refund?.cancellation_id]),
      [
        ['webhook', undefined, undefined],
        ['refund', 4000, cancellationId],
      ],
    );
  });

  it('never takes another refund of the same amount for its own: the retry of a failed key is a conflict', async () => {
    const h = createHarness();
    const order = await paid(h, 10_000);
    h.sandbox.injectFault({ method: 'POST', path: '/payments/cancel', kind: 'error500' });
    const first = await refund(h, order, { amount: 3000, reason: 'item A' }, 'key-A');
    assert.equal(first.status, 503);
    const other = await refund(h, order, { amount: 3000, reason: 'item B' }, 'key-B');
    assert.equal(other.status, 200);
    // The balance is exactly what key A would have left, but the refund is B's.
    const retried = await refund(h, order, { amount: 3000, reason: 'item A' }, 'key-A');
    assert.equal(retried.status, 409);
    assert.equal((await json(retried)).code, 'REFUND_CONFLICT');
    assert.equal(await cancelledAt(h, order), 3000);
    assert.equal(refundEvents(h).length, 1);
  });

  it('a retry after a restart that lost the store refunds nothing twice: i’mport’s record names the refund', async () => {
    const { h, order, body, first } = await lostRefund('K1');
    assert.equal(first.status, 502);
    assert.equal(await cancelledAt(h, order), 3000, 'the dropped cancel landed');
    // The process restarts with the memory store: same i'mport, an empty store.
    const restarted = createServer({
      iamport: h.iamport,
      tokenSecret: TOKEN_SECRET,
      apiKey: API_KEY,
      rateLimit: false,
      logger: false,
    });
    const send = (sent: typeof body) =>
      restarted.request(`/v1/payments/${order}/cancel`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${API_KEY}`,
          'content-type': 'application/json',
          'idempotency-key': 'K1',
        },
        body: JSON.stringify(sent),
      });
    // Another amount under the key is refused as the lost record would have refused it.
    const other = await send({ ...body, amount: 5000 });
    assert.equal(other.status, 422);
    assert.equal((await json(other)).code, 'IDEMPOTENCY_KEY_REUSED');
    // So is "everything that remains" while 7000 remains: the key's refund was 3000.
    const everything = await send({ reason: body.reason } as typeof body);
    assert.equal(everything.status, 422);
    const retried = await send(body);
    assert.equal(retried.status, 200);
    const answer = (await json(retried)).refund as RefundResult;
    assert.deepEqual([answer.amount, answer.refunded_total, answer.remaining], [3000, 3000, 7000]);
    assert.equal(await cancelledAt(h, order), 3000);
    assert.equal(cancels(h), 1);
  });

  it('a refusal of the retry while the first send may still land is no final answer: the first lands, the key answers it', async () => {
    const h = createHarness({ client: { timeoutMs: 500 } });
    const order = await paid(h, 10_000);
    // The first cancel reaches i'mport late, after the client gave up and the lookup saw nothing.
    h.sandbox.injectFault({ method: 'POST', path: '/payments/cancel', kind: 'delay', ms: 2000 });
    const body = { amount: 3000, reason: 'slow' };
    const first = await refund(h, order, body, 'slow-1');
    assert.ok([502, 503].includes(first.status), String(first.status));
    // The retry is refused by the PG while the first is still on its way.
    h.sandbox.injectFault({ method: 'POST', path: '/payments/cancel', kind: 'refuse' });
    const refused = await refund(h, order, body, 'slow-1');
    assert.equal(refused.status, 502);
    assert.equal((await json(refused)).code, 'OUTCOME_UNKNOWN');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.equal(await cancelledAt(h, order), 3000, 'the first send landed');
    const settled = await refund(h, order, body, 'slow-1');
    assert.equal(settled.status, 200);
    assert.equal(((await json(settled)).refund as RefundResult).amount, 3000);
    assert.equal(await cancelledAt(h, order), 3000);
  });

  it('retrying at once while an earlier send may land is answered with Retry-After, and settles when its window ends', async () => {
    const windowMs = 1500;
    const h = createHarness({ client: { timeoutMs: 300 }, upstreamWindowMs: windowMs });
    const order = await paid(h, 10_000);
    // The first cancel is never handled: its outcome is unknown from the moment the client gives up.
    h.sandbox.injectFault({ method: 'POST', path: '/payments/cancel', kind: 'hang' });
    const body = { amount: 3000, reason: 'stuck' };
    const first = await refund(h, order, body, 'stuck-1');
    const unknownSince = Date.now();
    assert.equal(first.status, 502);
    h.sandbox.injectFault({ method: 'POST', path: '/payments/cancel', kind: 'refuse', times: 50 });
    let last: Response | undefined;
    while (Date.now() - unknownSince < 4 * windowMs) {
      last = await refund(h, order, body, 'stuck-1');
      if (last.status !== 502) break;
      assert.ok(
        Number(last.headers.get('retry-after')) >= 1,
        'Retry-After on each in-doubt answer',
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // Quick retries did not push the window out: the refusal became final once it ended.
    assert.equal(last?.status, 402);
    assert.ok(Date.now() - unknownSince < windowMs + 1500, `${Date.now() - unknownSince} ms`);
    assert.equal(await cancelledAt(h, order), 0);
  });
});
