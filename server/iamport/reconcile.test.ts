import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, describe, it } from 'node:test';
import { createIamportClient, isIamportError } from './index.ts';
import { CARD_FIELDS, CARDS, startIamportHarness, uid } from '../testing/index.ts';

describe('unknown outcomes are reconciled, never retried blindly', async () => {
  const env = await startIamportHarness({}, { timeoutMs: 1_500, reconcileDelaysMs: [0, 2_000] });
  const { client } = env;
  const { sandbox } = env.running;
  after(() => env.running.close());

  const onetime = (card_number: string, merchant_uid: string) =>
    client.payOnetime({ ...CARD_FIELDS, card_number, merchant_uid, amount: 5_000, name: 'n' });
  const reconciles = () => env.events.filter((e) => e.type === 'reconcile');

  it('a timeout whose payment commits late is found paid, with one attempt', async () => {
    const merchantUid = uid('order');
    sandbox.injectFault({
      method: 'POST',
      path: '/subscribe/payments/onetime',
      kind: 'delay',
      // Commits after the client gave up (1.5 s), before its second look (3.5 s). Wide margins:
      // a loaded machine must not turn an answer into a timeout.
      ms: 2_500,
    });
    const paid = await onetime(CARDS.approved, merchantUid);
    assert.equal(paid.status, 'paid');
    assert.equal(paid.amount, 5_000);
    assert.equal(sandbox.attempts(merchantUid).length, 1);
    assert.equal(sandbox.callCount('/subscribe/payments/onetime', 'POST') >= 1, true);
    assert.deepEqual(reconciles().at(-1), {
      type: 'reconcile',
      kind: 'payment',
      id: merchantUid,
      reason: 'timeout',
      result: 'paid',
    });
  });

  // Sent and never answered is not "nothing happened" (it may still land).
  it('a hang (nothing recorded yet) is OUTCOME_UNKNOWN and a retry with the same merchant_uid pays once', async () => {
    const merchantUid = uid('order');
    const before = sandbox.callCount('/subscribe/payments/onetime', 'POST');
    sandbox.injectFault({ method: 'POST', path: '/subscribe/payments/onetime', kind: 'hang' });
    await assert.rejects(onetime(CARDS.approved, merchantUid), (e) =>
      isIamportError(e, 'OUTCOME_UNKNOWN'),
    );
    assert.equal(
      sandbox.callCount('/subscribe/payments/onetime', 'POST') - before,
      1,
      'the POST was not retried',
    );
    assert.equal(
      sandbox.callCount(`/payments/find/${merchantUid}`),
      2,
      'looked twice (0 s and 2 s)',
    );
    assert.equal(sandbox.attempts(merchantUid).length, 0);
    await onetime(CARDS.approved, merchantUid);
    assert.deepEqual(
      sandbox.attempts(merchantUid).map((a) => a.status),
      ['paid'],
    );
  });

  it('a dropped connection after commit is reconciled: paid, and declined', async () => {
    const paidUid = uid('order');
    sandbox.injectFault({ method: 'POST', path: '/subscribe/payments/onetime', kind: 'drop' });
    assert.equal((await onetime(CARDS.approved, paidUid)).status, 'paid');
    assert.equal(sandbox.attempts(paidUid).length, 1);
    assert.equal(
      reconciles().at(-1)?.type === 'reconcile' && reconciles().at(-1)?.reason,
      'network',
    );

    const declinedUid = uid('order');
    sandbox.injectFault({ method: 'POST', path: '/subscribe/payments/onetime', kind: 'drop' });
    await assert.rejects(
      onetime(CARDS.declined, declinedUid),
      (e) => isIamportError(e, 'CARD_DECLINED') && e.payment?.merchant_uid === declinedUid,
    );
  });

  it("a reconciled payment's events (POST, lookups, result) all carry the call's request id", async () => {
    const merchantUid = uid('order');
    sandbox.injectFault({ method: 'POST', path: '/subscribe/payments/onetime', kind: 'drop' });
    const from = env.events.length;
    const paid = await client.payOnetime(
      { ...CARD_FIELDS, card_number: CARDS.approved, merchant_uid: merchantUid, amount: 5_000 },
      {},
      { requestId: 'req-reconcile-1' },
    );
    assert.equal(paid.status, 'paid');
    const events = env.events.slice(from);
    assert.deepEqual(
      events.map((e) => e.type),
      ['http', 'http', 'reconcile'],
    );
    assert.ok(events.every((e) => e.requestId === 'req-reconcile-1'));
  });

  it('a dropped again is reconciled as well', async () => {
    const customerUid = uid('cust');
    await client.issueBillingKey(customerUid, { ...CARD_FIELDS, card_number: CARDS.approved });
    const merchantUid = uid('order');
    sandbox.injectFault({ method: 'POST', path: '/subscribe/payments/again', kind: 'drop' });
    const paid = await client.payAgain({
      customer_uid: customerUid,
      merchant_uid: merchantUid,
      amount: 700,
      name: 'n',
    });
    assert.equal(paid.amount, 700);
    assert.equal(sandbox.attempts(merchantUid).length, 1);
  });

  it('a 500 on the payment POST (not committed) is UPSTREAM_UNAVAILABLE after one find', async () => {
    const merchantUid = uid('order');
    sandbox.injectFault({ method: 'POST', path: '/subscribe/payments/onetime', kind: 'error500' });
    await assert.rejects(
      onetime(CARDS.approved, merchantUid),
      (e) => isIamportError(e, 'UPSTREAM_UNAVAILABLE') && e.cause instanceof Error,
    );
    assert.equal(sandbox.callCount(`/payments/find/${merchantUid}`), 1);
    assert.equal(sandbox.attempts(merchantUid).length, 0);
  });

  it('OUTCOME_UNKNOWN when the reconciling find fails too', async () => {
    const merchantUid = uid('order');
    sandbox.injectFault({ method: 'POST', path: '/subscribe/payments/onetime', kind: 'drop' });
    sandbox.injectFault({ method: 'GET', path: '/payments/find/*', kind: 'error500', times: 3 });
    await assert.rejects(onetime(CARDS.approved, merchantUid), (e) =>
      isIamportError(e, 'OUTCOME_UNKNOWN'),
    );
    assert.equal(
      sandbox.callCount(`/payments/find/${merchantUid}`),
      3,
      'the GET itself was retried twice',
    );
    assert.equal(
      sandbox.attempts(merchantUid).length,
      1,
      'it was in fact paid: the caller must look, not pay again',
    );
  });

  it('retries a GET answered 500', async () => {
    const merchantUid = uid('order');
    await onetime(CARDS.approved, merchantUid);
    sandbox.injectFault({
      method: 'GET',
      path: `/payments/find/${merchantUid}`,
      kind: 'error500',
      times: 2,
    });
    assert.equal((await client.findPayment(merchantUid))?.status, 'paid');
    assert.equal(sandbox.callCount(`/payments/find/${merchantUid}`), 3);
    const http = env.events
      .filter((e) => e.type === 'http' && e.path === `/payments/find/${merchantUid}`)
      .at(-1);
    assert.equal(http?.type === 'http' && http.retries, 2);
  });

  it('a timed-out GET is UPSTREAM_UNAVAILABLE', async () => {
    sandbox.injectFault({ method: 'GET', path: '/payments/find/*', kind: 'hang' });
    await assert.rejects(client.findPayment(uid('order')), (e) =>
      isIamportError(e, 'UPSTREAM_UNAVAILABLE'),
    );
  });

  it('a dropped billing-key issue is confirmed by GET customer (updated since the request)', async () => {
    const customerUid = uid('cust');
    sandbox.injectFault({ method: 'POST', path: '/subscribe/customers/*', kind: 'drop' });
    const key = await client.issueBillingKey(customerUid, {
      ...CARD_FIELDS,
      card_number: CARDS.approved,
    });
    assert.equal(key.customer_uid, customerUid);
    assert.equal(
      reconciles().at(-1)?.type === 'reconcile' && reconciles().at(-1)?.kind,
      'billing_key',
    );

    const missing = uid('cust');
    sandbox.injectFault({ method: 'POST', path: '/subscribe/customers/*', kind: 'error500' });
    await assert.rejects(
      client.issueBillingKey(missing, { ...CARD_FIELDS, card_number: CARDS.approved }),
      (e) => isIamportError(e, 'UPSTREAM_UNAVAILABLE'),
    );
  });

  it('a cancel with a lost answer is reconciled by its checksum, never resent', async () => {
    const dropped = await onetime(CARDS.approved, uid('order'));
    sandbox.injectFault({ method: 'POST', path: '/payments/cancel', kind: 'drop' });
    const cancelled = await client.cancelPayment({
      imp_uid: dropped.imp_uid,
      amount: 2_000,
      checksum: 5_000,
    });
    assert.equal(cancelled.cancel_amount, 2_000);

    const failed = await onetime(CARDS.approved, uid('order'));
    sandbox.injectFault({ method: 'POST', path: '/payments/cancel', kind: 'error500' });
    await assert.rejects(
      client.cancelPayment({ merchant_uid: failed.merchant_uid, checksum: 5_000 }),
      (e) => isIamportError(e, 'UPSTREAM_UNAVAILABLE'),
    );
    assert.equal((await client.getPayment(failed.imp_uid))?.cancel_amount, 0);

    const blind = await onetime(CARDS.approved, uid('order'));
    sandbox.injectFault({ method: 'POST', path: '/payments/cancel', kind: 'drop' });
    await assert.rejects(client.cancelPayment({ imp_uid: blind.imp_uid }), (e) =>
      isIamportError(e, 'OUTCOME_UNKNOWN'),
    );
    assert.equal(sandbox.callCount('/payments/cancel', 'POST'), 3, 'each cancel was sent once');
  });

  it('a lost cancel is not taken for another cancel of the same amount: the reason sent tells them apart', async () => {
    const paid = await onetime(CARDS.approved, uid('order'));
    await client.cancelPayment({
      imp_uid: paid.imp_uid,
      amount: 2_000,
      checksum: 5_000,
      reason: 'theirs',
    });
    sandbox.injectFault({ method: 'POST', path: '/payments/cancel', kind: 'error500' });
    // The balance is what this cancel would have left, but the only cancellation is the other one.
    await assert.rejects(
      client.cancelPayment({
        imp_uid: paid.imp_uid,
        amount: 2_000,
        checksum: 5_000,
        reason: 'mine',
      }),
      (e) => isIamportError(e, 'OUTCOME_UNKNOWN'),
    );
    assert.equal((await client.getPayment(paid.imp_uid))?.cancel_amount, 2_000);
  });

  it('a refused connection is UPSTREAM_UNAVAILABLE without reconciliation', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const offline = createIamportClient({
      impKey: 'k',
      impSecret: 's',
      baseUrl: `http://127.0.0.1:${port}`,
      retryBackoffLimitMs: 5,
    });
    await assert.rejects(
      offline.payOnetime({
        ...CARD_FIELDS,
        card_number: CARDS.approved,
        merchant_uid: 'x',
        amount: 1,
      }),
      (e) => isIamportError(e, 'UPSTREAM_UNAVAILABLE') && /ECONNREFUSED/.test(e.message),
    );
  });
});
