// @portone/server-sdk (PortOne's own client, unmodified) against the sandbox over HTTP: every call
// impcard's V2 side makes, the typed errors it must classify, and Webhook.verify of a webhook the
// sandbox sent. A client nobody here wrote is the check that the sandbox speaks V2, not our idea of it.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { PortOneClient, Webhook } from '@portone/server-sdk';
import {
  GetPaymentError,
  PayInstantlyError,
  PayWithBillingKeyError,
} from '@portone/server-sdk/payment';
import {
  GetBillingKeyInfoError,
  IssueBillingKeyError,
} from '@portone/server-sdk/payment/billingKey';
import {
  DEFAULT_PORTONE_CHANNEL_KEY,
  DEFAULT_PORTONE_STORE_ID,
  DEFAULT_PORTONE_WEBHOOK_SECRET,
  PORTONE_CHANNEL_KEYS,
} from '../index.ts';
import {
  CARDS,
  startPortOneSandboxHarness,
  uid,
  v2Credential,
  type PortOneSandboxHarness,
} from '../../testing/index.ts';

interface Received {
  raw: string;
  headers: IncomingHttpHeaders;
}

/** A loopback receiver keeping each webhook's raw body and headers, as a verifier needs them. */
async function startReceiver(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      received.push({ raw, headers: req.headers });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/webhooks`, received, server };
}

/** Node's headers as the plain object Webhook.verify requires (a Fetch Headers fails it). */
const plain = (headers: IncomingHttpHeaders): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );

async function rejectsWith<E extends Error>(
  promise: Promise<unknown>,
  errorClass: abstract new (...args: never[]) => E,
  check: (e: E) => void,
): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof errorClass, `expected ${errorClass.name}, got ${String(e)}`);
    check(e);
    return true;
  });
}

describe('@portone/server-sdk against the sandbox', () => {
  let h: PortOneSandboxHarness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  before(async () => {
    receiver = await startReceiver();
    h = await startPortOneSandboxHarness({ portoneWebhookUrl: receiver.url });
  });
  after(async () => {
    await h.close();
    receiver.server.closeAllConnections();
    receiver.server.close();
  });

  const issue = (customerId: string, cardNumber: string = CARDS.approved) =>
    h.sdk.payment.billingKey.issueBillingKey({
      channelKey: DEFAULT_PORTONE_CHANNEL_KEY,
      method: { card: { credential: v2Credential(cardNumber) } },
      customer: { id: customerId, name: { full: '홍길동' } },
    });
  const payInstantly = (paymentId: string, cardNumber: string = CARDS.approved) =>
    h.sdk.payment.payInstantly({
      paymentId,
      channelKey: DEFAULT_PORTONE_CHANNEL_KEY,
      method: { card: { credential: v2Credential(cardNumber) } },
      orderName: '정기결제',
      amount: { total: 1000 },
      currency: 'KRW',
    });

  it('issues a billing key, reads it back and finds it by customer id', async () => {
    const customerId = uid('cust');
    const issued = await issue(customerId);
    const { billingKey } = issued.billingKeyInfo;
    assert.match(billingKey, /^billing-key-/);
    assert.equal(issued.billingKeyInfo.channels?.[0]?.key, DEFAULT_PORTONE_CHANNEL_KEY);
    assert.equal(issued.billingKeyInfo.channels?.[0]?.pgProvider, 'NICE_V2');

    const info = await h.sdk.payment.billingKey.getBillingKeyInfo({ billingKey });
    assert.equal(info.status, 'ISSUED');
    assert.equal(info.customer.id, customerId);
    assert.equal(info.customer.name, '홍길동');
    assert.equal(info.storeId, DEFAULT_PORTONE_STORE_ID);
    const method = info.methods?.[0];
    assert.ok(method && method.type === 'BillingKeyPaymentMethodCard');
    assert.equal(method.card?.number, '42424242****4242', 'only a masked number comes back');

    await issue(uid('other'));
    const listed = await h.sdk.payment.billingKey.getBillingKeyInfos({
      filter: { customerId },
    });
    assert.deepEqual(
      listed.items.map((k) => ('billingKey' in k ? k.billingKey : null)),
      [billingKey],
    );
    assert.equal(listed.page.totalCount, 1);
  });

  it('pays with a billing key, then reads the payment as PAID with its key', async () => {
    const { billingKeyInfo } = await issue(uid('cust'));
    const paymentId = uid('pay');
    const paid = await h.sdk.payment.payWithBillingKey({
      paymentId,
      billingKey: billingKeyInfo.billingKey,
      orderName: '월 구독',
      amount: { total: 9900 },
      currency: 'KRW',
    });
    assert.ok(paid.payment.pgTxId.length > 0);
    const payment = await h.sdk.payment.getPayment({ paymentId });
    assert.equal(payment.status, 'PAID');
    if (payment.status !== 'PAID') return;
    assert.equal(payment.id, paymentId);
    assert.equal(payment.billingKey, billingKeyInfo.billingKey);
    assert.equal(payment.amount.total, 9900);
    assert.equal(payment.amount.paid, 9900);
    assert.equal(payment.orderName, '월 구독');
    assert.equal(payment.paidAt, paid.payment.paidAt);
    assert.equal(payment.version, 'V2');
    assert.deepEqual(
      h.running.sandbox.attempts(paymentId).map((a) => [a.via, a.version, a.outcome]),
      [['billing-key', 'V2', 'paid']],
    );
  });

  it('pays instantly once per paymentId: the second is ALREADY_PAID', async () => {
    const paymentId = uid('pay');
    await payInstantly(paymentId);
    await rejectsWith(payInstantly(paymentId), PayInstantlyError, (e) =>
      assert.equal(e.data.type, 'ALREADY_PAID'),
    );
    assert.equal(h.running.sandbox.attempts(paymentId).length, 1);
  });

  it('a declined card is a PayInstantlyError PG_PROVIDER with pgCode/pgMessage, and a FAILED payment', async () => {
    const paymentId = uid('pay');
    await rejectsWith(payInstantly(paymentId, CARDS.declined), PayInstantlyError, (e) => {
      assert.equal(e.data.type, 'PG_PROVIDER');
      if (e.data.type !== 'PG_PROVIDER') return;
      assert.equal(e.data.pgCode, '8046');
      assert.match(e.data.pgMessage, /한도초과/);
    });
    const payment = await h.sdk.payment.getPayment({ paymentId });
    assert.equal(payment.status, 'FAILED');
    if (payment.status === 'FAILED') assert.equal(payment.failure.pgCode, '8046');
    // A retry on the same paymentId with a good card is allowed: only one attempt may succeed.
    await payInstantly(paymentId);
    assert.equal((await h.sdk.payment.getPayment({ paymentId })).status, 'PAID');
  });

  it('a declining card gets a key (as in V1) and its charge fails with PG_PROVIDER', async () => {
    const { billingKeyInfo } = await issue(uid('cust'), CARDS.declined);
    await rejectsWith(
      h.sdk.payment.payWithBillingKey({
        paymentId: uid('pay'),
        billingKey: billingKeyInfo.billingKey,
        orderName: '월 구독',
        amount: { total: 1000 },
        currency: 'KRW',
      }),
      PayWithBillingKeyError,
      (e) => assert.equal(e.data.type, 'PG_PROVIDER'),
    );
  });

  it('an expired card is refused at issue with PG_PROVIDER', async () => {
    await rejectsWith(issue(uid('cust'), CARDS.expired), IssueBillingKeyError, (e) =>
      assert.equal(e.data.type, 'PG_PROVIDER'),
    );
  });

  it('an unknown payment is a GetPaymentError PAYMENT_NOT_FOUND', async () => {
    await rejectsWith(h.sdk.payment.getPayment({ paymentId: uid('none') }), GetPaymentError, (e) =>
      assert.equal(e.data.type, 'PAYMENT_NOT_FOUND'),
    );
  });

  it('cancels in part, then the rest', async () => {
    const paymentId = uid('pay');
    await payInstantly(paymentId);
    const partial = await h.sdk.payment.cancelPayment({
      paymentId,
      reason: '부분 환불',
      amount: 400,
    });
    assert.equal(partial.cancellation.status, 'SUCCEEDED');
    if (partial.cancellation.status === 'SUCCEEDED') {
      assert.equal(partial.cancellation.totalAmount, 400);
    }
    assert.equal((await h.sdk.payment.getPayment({ paymentId })).status, 'PARTIAL_CANCELLED');
    await h.sdk.payment.cancelPayment({
      paymentId,
      reason: '전액 환불',
      currentCancellableAmount: 600,
    });
    const payment = await h.sdk.payment.getPayment({ paymentId });
    assert.equal(payment.status, 'CANCELLED');
    if (payment.status === 'CANCELLED') {
      assert.equal(payment.amount.cancelled, 1000);
      assert.equal(payment.cancellations.length, 2);
    }
  });

  it('deletes a billing key: DELETED on read, refused for payment, unknown keys not found', async () => {
    const { billingKeyInfo } = await issue(uid('cust'));
    const { billingKey } = billingKeyInfo;
    const deleted = await h.sdk.payment.billingKey.deleteBillingKey({ billingKey });
    assert.ok(Date.parse(deleted.deletedAt) > 0);
    const info = await h.sdk.payment.billingKey.getBillingKeyInfo({ billingKey });
    assert.equal(info.status, 'DELETED');
    await rejectsWith(
      h.sdk.payment.payWithBillingKey({
        paymentId: uid('pay'),
        billingKey,
        orderName: '월 구독',
        amount: { total: 1000 },
        currency: 'KRW',
      }),
      PayWithBillingKeyError,
      (e) => assert.equal(e.data.type, 'BILLING_KEY_ALREADY_DELETED'),
    );
    await rejectsWith(
      h.sdk.payment.billingKey.getBillingKeyInfo({ billingKey: 'billing-key-unknown' }),
      GetBillingKeyInfoError,
      (e) => assert.equal(e.data.type, 'BILLING_KEY_NOT_FOUND'),
    );
  });

  it('a wrong secret is UNAUTHORIZED', async () => {
    const stranger = PortOneClient({ secret: 'not-the-secret', baseUrl: h.url });
    await rejectsWith(stranger.payment.getPayment({ paymentId: uid('p') }), GetPaymentError, (e) =>
      assert.equal(e.data.type, 'UNAUTHORIZED'),
    );
  });

  it('Webhook.verify accepts the webhooks the sandbox sent, and rejects a tampered one', async () => {
    await h.running.sandbox.webhooksSettled();
    receiver.received.length = 0;
    const paymentId = uid('pay');
    await payInstantly(paymentId);
    await h.running.sandbox.webhooksSettled();
    const [delivery] = receiver.received;
    assert.ok(delivery, 'one webhook arrived');
    assert.equal(receiver.received.length, 1);
    const webhook = await Webhook.verify(
      DEFAULT_PORTONE_WEBHOOK_SECRET,
      delivery.raw,
      plain(delivery.headers),
    );
    assert.equal(webhook.type, 'Transaction.Paid');
    if (webhook.type === 'Transaction.Paid') {
      assert.equal(webhook.data.paymentId, paymentId);
      assert.equal(webhook.data.storeId, DEFAULT_PORTONE_STORE_ID);
      const payment = await h.sdk.payment.getPayment({ paymentId });
      assert.ok('transactionId' in payment);
      assert.equal(webhook.data.transactionId, payment.transactionId);
    }
    await assert.rejects(
      Webhook.verify(
        DEFAULT_PORTONE_WEBHOOK_SECRET,
        delivery.raw.replace(paymentId, uid('forged')),
        plain(delivery.headers),
      ),
      (e: unknown) =>
        e instanceof Webhook.WebhookVerificationError && e.reason === 'NO_MATCHING_SIGNATURE',
    );
  });

  it('billing-key issue and delete send BillingKey.Issued and BillingKey.Deleted', async () => {
    await h.running.sandbox.webhooksSettled();
    receiver.received.length = 0;
    const { billingKeyInfo } = await issue(uid('cust'));
    await h.sdk.payment.billingKey.deleteBillingKey({ billingKey: billingKeyInfo.billingKey });
    await h.running.sandbox.webhooksSettled();
    const verified = await Promise.all(
      receiver.received.map((r) =>
        Webhook.verify(DEFAULT_PORTONE_WEBHOOK_SECRET, r.raw, plain(r.headers)),
      ),
    );
    assert.deepEqual(
      verified.map((w) => [
        w.type,
        'data' in w && 'billingKey' in w.data ? w.data.billingKey : null,
      ]),
      [
        ['BillingKey.Issued', billingKeyInfo.billingKey],
        ['BillingKey.Deleted', billingKeyInfo.billingKey],
      ],
    );
  });

  it('a rotating pair of secrets signs twice: either secret verifies', async () => {
    const next = `whsec_${Buffer.from('the-next-sandbox-webhook-secret!').toString('base64')}`;
    const rotating = await startPortOneSandboxHarness({
      portoneWebhookUrl: receiver.url,
      portoneWebhookSecret: [DEFAULT_PORTONE_WEBHOOK_SECRET, next],
    });
    try {
      receiver.received.length = 0;
      await rotating.sdk.payment.payInstantly({
        paymentId: uid('pay'),
        channelKey: PORTONE_CHANNEL_KEYS.TOSSPAYMENTS,
        method: { card: { credential: v2Credential() } },
        orderName: '정기결제',
        amount: { total: 1000 },
        currency: 'KRW',
      });
      await rotating.running.sandbox.webhooksSettled();
      const [delivery] = receiver.received;
      assert.ok(delivery);
      assert.equal(String(delivery.headers['webhook-signature']).split(' ').length, 2);
      for (const secret of [DEFAULT_PORTONE_WEBHOOK_SECRET, next]) {
        const webhook = await Webhook.verify(secret, delivery.raw, plain(delivery.headers));
        assert.equal(webhook.type, 'Transaction.Paid');
      }
    } finally {
      await rotating.close();
    }
  });
});
