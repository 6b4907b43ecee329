// The V2 client over real HTTP, against a STAND-IN for PortOne V2: a small Hono app on loopback,
// built here from the OpenAPI document's shapes, until the V2 sandbox (server/sandbox) lands; the
// client's tests should then move onto it. The stand-in knows one decline card, replays a POST
// under a known Idempotency-Key, and can lose an answer after committing (`late`) or before
// (`hang`).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Hono } from 'hono';
import type { IamportLogEvent } from '../iamport/options.ts';
import { createServer } from '../app/create-server.ts';
import { isConfigError } from '../app/config-error.ts';
import {
  API_KEY,
  CARDS,
  cardBody,
  serveOnLoopback,
  signToken,
  TOKEN_SECRET,
  type Served,
} from '../testing/index.ts';
import { isUpstreamError } from '../upstream/upstream-error.ts';
import { createBillingKeyDirectory } from '../app/payments/billing-key-directory.ts';
import { createMemoryStore } from '../app/store/memory-store.ts';
import { createPortOneClient } from './client.ts';
import { credentialOf } from './inputs.ts';
import { portOneUpstream } from './portone-upstream.ts';

const SECRET = 'portone-test-secret';
const digits = (dashed: string) => dashed.replace(/-/g, '');
// The sandbox's test cards: declined when charged, approved, and refused when a key is issued.
const DECLINED = digits(CARDS.declined);
const APPROVED = digits(CARDS.approved);
const REFUSED_AT_ISSUE = digits(CARDS.pgError);
// Generous for two shared cores; a lost answer comes well after the client gave up.
const TIMEOUT_MS = 1_500;
const LOST_MS = 3_000;

interface Seen {
  method: string;
  path: string;
  search: string;
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  body: string;
}

type Fault = 'late' | 'hang';

/** The request bodies the stand-in reads (the client's own input types, as sent). */
interface SentBody {
  orderName: string;
  amount: { total: number };
  currency: string;
  customer?: { id?: string };
  billingKey?: string;
  method?: { card: { credential: { number: string } } };
}

interface CancelBody {
  reason: string;
  amount?: number;
  currentCancellableAmount?: number;
}

interface StoredPayment {
  status: string;
  id: string;
  transactionId: string;
  amount: { total: number; paid: number; cancelled: number };
  cancellations?: object[];
  [field: string]: unknown;
}

interface StoredKey {
  status: 'ISSUED' | 'DELETED';
  billingKey: string;
  customer: { id?: string };
  number: string;
  issuedAt: string;
  deletedAt?: string;
}

interface Answer {
  status: number;
  body: unknown;
}

/** The stand-in: only what the client's calls need, with V2's status codes and error types. */
async function portOneStandIn() {
  const seen: Seen[] = [];
  const faults = new Map<string, Fault>();
  const replays = new Map<string, Answer>();
  const payments = new Map<string, StoredPayment>();
  const keys = new Map<string, StoredKey>();
  let serial = 0;
  const stamp = () => new Date().toISOString();
  const error = (status: number, type: string, extra: object = {}): Answer => ({
    status,
    body: { type, message: `${type} (stand-in)`, ...extra },
  });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const sent = () => JSON.parse(seen.at(-1)!.body) as SentBody;
  const masked = (number: string) => `${number.slice(0, 6)}******${number.slice(-4)}`;

  function pay(paymentId: string, body: SentBody, number: string): Answer {
    if (payments.get(paymentId)?.status === 'PAID') return error(409, 'ALREADY_PAID');
    const total = body.amount.total;
    const base = {
      id: paymentId,
      transactionId: `tx-${++serial}`,
      merchantId: 'merchant-1',
      storeId: 'store-1',
      version: 'V2',
      requestedAt: stamp(),
      updatedAt: stamp(),
      statusChangedAt: stamp(),
      orderName: body.orderName,
      currency: body.currency,
      customer: body.customer ?? {},
      origin: { platformType: 'API', ipAddress: '127.0.0.1' },
      method: {
        type: 'PaymentMethodCard',
        card: { name: 'Stand-in card', number: masked(number) },
      },
    };
    if (number === DECLINED) {
      const failure = { reason: 'declined', pgCode: 'V812', pgMessage: `한도초과 ${number}` };
      const amount = { total, paid: 0, cancelled: 0 };
      payments.set(paymentId, { ...base, amount, status: 'FAILED', failedAt: stamp(), failure });
      return error(502, 'PG_PROVIDER', { pgCode: failure.pgCode, pgMessage: failure.pgMessage });
    }
    const paidAt = stamp();
    const pgTxId = `pg-${serial}`;
    const amount = { total, paid: total, cancelled: 0 };
    payments.set(paymentId, { ...base, amount, status: 'PAID', paidAt, pgTxId, disputes: [] });
    return { status: 200, body: { payment: { pgTxId, paidAt } } };
  }

  function cancel(paymentId: string, body: CancelBody): Answer {
    const payment = payments.get(paymentId);
    if (!payment) return error(404, 'PAYMENT_NOT_FOUND');
    const left = payment.amount.total - payment.amount.cancelled;
    if (body.currentCancellableAmount !== undefined && body.currentCancellableAmount !== left) {
      return error(409, 'CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN');
    }
    const amount = body.amount ?? left;
    const cancellation = {
      status: 'SUCCEEDED',
      id: `cancel-${++serial}`,
      totalAmount: amount,
      taxFreeAmount: 0,
      vatAmount: 0,
      reason: body.reason,
      requestedAt: stamp(),
      cancelledAt: stamp(),
    };
    payment.amount.cancelled += amount;
    payment.cancellations = [...(payment.cancellations ?? []), cancellation];
    payment.status =
      payment.amount.cancelled === payment.amount.total ? 'CANCELLED' : 'PARTIAL_CANCELLED';
    return { status: 200, body: { cancellation } };
  }

  function issue(body: SentBody): Answer {
    const number = body.method!.card.credential.number;
    if (number === REFUSED_AT_ISSUE)
      return error(502, 'PG_PROVIDER', { pgCode: 'C1', pgMessage: 'refused' });
    const billingKey = `billing-key-${++serial}`;
    const customer = body.customer ?? {};
    keys.set(billingKey, { status: 'ISSUED', billingKey, customer, number, issuedAt: stamp() });
    return {
      status: 200,
      body: { billingKeyInfo: { billingKey, issuedAt: stamp(), channels: [] } },
    };
  }

  /** `BillingKeyInfo` of a stored key: never its number, only the masked one. */
  const infoOf = ({ number, ...key }: StoredKey) => ({
    ...key,
    merchantId: 'merchant-1',
    storeId: 'store-1',
    channels: [{ type: 'TEST', pgProvider: 'KCP_V2', pgMerchantId: 'T0000' }],
    methods: [
      {
        type: 'BillingKeyPaymentMethodCard',
        card: { name: 'Stand-in card', number: `******${number.slice(-4)}` },
      },
    ],
  });

  const app = new Hono();
  app.use(async (c, next) => {
    const url = new URL(c.req.url);
    const entry: Seen = {
      method: c.req.method,
      path: url.pathname,
      search: url.search,
      authorization: c.req.header('authorization'),
      idempotencyKey: c.req.header('idempotency-key'),
      body: c.req.method === 'POST' ? await c.req.text() : '',
    };
    seen.push(entry);
    if (entry.authorization !== `PortOne ${SECRET}`) {
      return c.json({ type: 'UNAUTHORIZED', message: 'bad secret' }, 401);
    }
    const replay = entry.idempotencyKey && replays.get(entry.idempotencyKey);
    if (replay) return Response.json(replay.body, { status: replay.status });
    await next();
  });
  /** Answers a POST: recorded for replay, and lost (late, or before it ran) when a fault says so. */
  async function answerPost(method: string, path: string, run: () => Answer): Promise<Response> {
    const fault = faults.get(`${method} ${path}`);
    faults.delete(`${method} ${path}`);
    if (fault === 'hang') {
      await sleep(LOST_MS);
      return Response.json({ type: 'TOO_LATE' }, { status: 599 });
    }
    const result = run();
    const key = seen.at(-1)?.idempotencyKey;
    if (key) replays.set(key, result);
    if (fault === 'late') await sleep(LOST_MS);
    return Response.json(result.body, { status: result.status });
  }

  app.post('/billing-keys', (c) => answerPost('POST', c.req.path, () => issue(sent())));
  app.post('/payments/:id/instant', (c) =>
    answerPost('POST', c.req.path, () => {
      const body = sent();
      return pay(c.req.param('id'), body, body.method!.card.credential.number);
    }),
  );
  app.post('/payments/:id/billing-key', (c) =>
    answerPost('POST', c.req.path, () => {
      const body = sent();
      const key = keys.get(body.billingKey ?? '');
      if (!key) return error(404, 'BILLING_KEY_NOT_FOUND');
      if (key.status === 'DELETED') return error(409, 'BILLING_KEY_ALREADY_DELETED');
      return pay(c.req.param('id'), body, key.number);
    }),
  );
  app.post('/payments/:id/cancel', (c) =>
    answerPost('POST', c.req.path, () =>
      cancel(c.req.param('id'), JSON.parse(seen.at(-1)!.body) as CancelBody),
    ),
  );
  app.get('/payments/:id', (c) => {
    const payment = payments.get(c.req.param('id'));
    return payment ? c.json(payment) : c.json({ type: 'PAYMENT_NOT_FOUND' }, 404);
  });
  app.get('/billing-keys/:key', (c) => {
    const key = keys.get(c.req.param('key'));
    return key ? c.json(infoOf(key)) : c.json({ type: 'BILLING_KEY_NOT_FOUND' }, 404);
  });
  app.get('/billing-keys', (c) => {
    const { filter } = JSON.parse(c.req.query('requestBody') ?? '{}') as {
      filter?: { customerId?: string; status?: string[] };
    };
    const items = [...keys.values()]
      .filter((k) => k.customer.id === filter?.customerId)
      .filter((k) => !filter?.status || filter.status.includes(k.status))
      .map(infoOf);
    return c.json({ items, page: { number: 0, size: items.length, totalCount: items.length } });
  });
  app.delete('/billing-keys/:key', (c) => {
    const key = keys.get(c.req.param('key'));
    if (!key) return c.json({ type: 'BILLING_KEY_NOT_FOUND' }, 404);
    if (key.status === 'DELETED') return c.json({ type: 'BILLING_KEY_ALREADY_DELETED' }, 409);
    Object.assign(key, { status: 'DELETED', deletedAt: stamp() });
    return c.json({ deletedAt: key.deletedAt });
  });

  const served = await serveOnLoopback(app.fetch);
  return { served, seen, faults, payments, keys };
}

type StandIn = Awaited<ReturnType<typeof portOneStandIn>>;
const standIns: Served[] = [];
after(async () => {
  for (const s of standIns) await s.close();
});

async function setup(options: { secret?: string; storeId?: string } = {}) {
  const standIn = await portOneStandIn();
  standIns.push(standIn.served);
  const logs: IamportLogEvent[] = [];
  const client = createPortOneClient({
    apiSecret: options.secret ?? SECRET,
    baseUrl: standIn.served.url,
    storeId: options.storeId,
    timeoutMs: TIMEOUT_MS,
    reconcileDelaysMs: [0, 100],
    logger: (event) => logs.push(event),
  });
  return { standIn, client, logs };
}

const card = (number = APPROVED) =>
  credentialOf({
    number: number.replace(/(\d{4})(?=\d)/g, '$1-'),
    expiry: '2030-07',
    birth: '880101',
    passwordTwoDigits: '12',
  });
const order = (total: number) => ({ orderName: 'Order', amount: { total }, currency: 'KRW' });
const posts = (s: StandIn) => s.seen.filter((r) => r.method === 'POST');
const lastPostOf = (r: Seen) => JSON.parse(r.body) as Record<string, unknown>;
const lastPost = (s: StandIn) => lastPostOf(posts(s).at(-1)!);

describe('PortOne V2 client over HTTP (stand-in)', () => {
  it('authenticates every call with its secret and keys every POST by the request itself', async () => {
    const { standIn, client } = await setup({ storeId: 'store-9' });
    await client.payInstantly('order-a', { ...order(1000), credential: card() });
    await client.getPayment('order-a');
    assert.ok(standIn.seen.every((r) => r.authorization === `PortOne ${SECRET}`));
    const [post] = posts(standIn);
    assert.match(post!.idempotencyKey ?? '', /^"impcard-[0-9a-f]{64}"$/);
    assert.ok(standIn.seen.filter((r) => r.method === 'GET').every((r) => !r.idempotencyKey));
    // Strict in what it sends: V2's names, digits only, YY and MM, the store on body and query.
    assert.deepEqual(JSON.parse(post!.body), {
      orderName: 'Order',
      amount: { total: 1000 },
      currency: 'KRW',
      method: {
        card: {
          credential: {
            number: APPROVED,
            expiryYear: '30',
            expiryMonth: '07',
            birthOrBusinessRegistrationNumber: '880101',
            passwordTwoDigits: '12',
          },
        },
      },
      storeId: 'store-9',
    });
    assert.ok(standIn.seen.some((r) => r.method === 'GET' && r.search === '?storeId=store-9'));
  });

  it('the same request has the same Idempotency-Key (a retry replays); another request, another key', async () => {
    const { standIn, client } = await setup();
    const request = { ...order(500), credential: card() };
    await client.payInstantly('order-b', request);
    await client.payInstantly('order-c', request);
    await client.payInstantly('order-c', request).catch(() => undefined);
    const [b, c1, c2] = posts(standIn).map((r) => r.idempotencyKey);
    assert.notEqual(b, c1);
    assert.equal(c1, c2);
    assert.doesNotMatch(String(c1), /4242|880101/);
  });

  it('a resend of the same attempt is replayed; a new attempt after a decline asks the PG again', async () => {
    const { standIn, client } = await setup();
    const request = { ...order(800), credential: card(DECLINED) };
    const declined = (e: unknown) => isUpstreamError(e, 'CARD_DECLINED');
    const tried = () => standIn.payments.get('order-n')?.transactionId;
    await assert.rejects(client.payInstantly('order-n', request, { attempt: 'a1' }), declined);
    const first = tried();
    await assert.rejects(client.payInstantly('order-n', request, { attempt: 'a1' }), declined);
    assert.equal(tried(), first, 'replayed by PortOne, not tried again');
    await assert.rejects(client.payInstantly('order-n', request, { attempt: 'a2' }), declined);
    assert.notEqual(tried(), first, 'a new attempt reaches the PG');
    const [k1, k1again, k2] = posts(standIn).map((r) => r.idempotencyKey);
    assert.equal(k1, k1again);
    assert.notEqual(k1, k2);
  });

  it('a key-in payment resolves with the paid record, its transaction id and amount', async () => {
    const { client } = await setup();
    const paid = await client.payInstantly('order-d', { ...order(1200), credential: card() });
    assert.equal(paid.status, 'PAID');
    assert.equal(paid.id, 'order-d');
    assert.match(paid.transactionId, /^tx-/);
    assert.equal(paid.amount.total, 1200);
  });

  it('a paid paymentId is refused ALREADY_PAID (payOnce then looks it up), a decline keeps the PG’s words', async () => {
    const { client } = await setup();
    await client.payInstantly('order-e', { ...order(700), credential: card() });
    await assert.rejects(
      client.payInstantly('order-e', { ...order(700), credential: card('5555555555554444') }),
      (e) => isUpstreamError(e, 'UPSTREAM_REJECTED') && e.upstreamCode === 'ALREADY_PAID',
    );
    await assert.rejects(
      client.payInstantly('order-f', { ...order(700), credential: card(DECLINED) }),
      (e) =>
        isUpstreamError(e, 'CARD_DECLINED') &&
        e.outcome === 'rejected' &&
        e.pgCode === 'V812' &&
        e.httpStatus === 502 &&
        e.upstreamMessage === '한도초과 [redacted]',
    );
  });

  it('billing keys: issue, read, list by customer, charge, delete (twice: null), charge a deleted key', async () => {
    const { client, standIn } = await setup();
    const issued = await client.issueBillingKey({ credential: card(), customer: { id: 'cust-1' } });
    assert.match(issued.billingKey, /^billing-key-/);
    const info = await client.getBillingKey(issued.billingKey);
    assert.equal(info?.status, 'ISSUED');
    assert.equal(info?.customer?.id, 'cust-1');
    const listed = await client.listBillingKeys({ customerId: 'cust-1' });
    assert.deepEqual(
      listed.map((k) => k.billingKey),
      [issued.billingKey],
    );
    assert.deepEqual(await client.listBillingKeys({ customerId: 'nobody' }), []);
    await assert.rejects(
      client.issueBillingKey({ credential: card(REFUSED_AT_ISSUE), customer: { id: 'cust-1' } }),
      (e) => isUpstreamError(e, 'CARD_DECLINED') && e.pgCode === 'C1',
    );
    const charged = await client.payWithBillingKey('order-g', {
      ...order(9900),
      billingKey: issued.billingKey,
    });
    assert.equal(charged.status, 'PAID');
    assert.ok((await client.deleteBillingKey(issued.billingKey, 'customer left'))!.deletedAt > 0);
    assert.equal(await client.deleteBillingKey(issued.billingKey), null);
    assert.equal((await client.getBillingKey(issued.billingKey))?.status, 'DELETED');
    assert.equal(await client.getBillingKey('billing-key-unknown'), null);
    await assert.rejects(
      client.payWithBillingKey('order-h', { ...order(100), billingKey: issued.billingKey }),
      (e) =>
        isUpstreamError(e, 'UPSTREAM_REJECTED') && e.upstreamCode === 'BILLING_KEY_ALREADY_DELETED',
    );
    const deletes = standIn.seen.filter((r) => r.method === 'DELETE');
    assert.equal(deletes[0]?.search, '?reason=customer+left');
  });

  it('a payment whose answer is lost after it landed is found by its paymentId, not sent again', async () => {
    const { client, standIn } = await setup();
    standIn.faults.set('POST /payments/order-i/instant', 'late');
    const paid = await client.payInstantly('order-i', { ...order(300), credential: card() });
    assert.equal(paid.status, 'PAID');
    assert.equal(posts(standIn).length, 1);
  });

  it('a payment whose answer is lost before anything landed is OUTCOME_UNKNOWN; its retry (same key) pays once', async () => {
    const { client, standIn } = await setup();
    standIn.faults.set('POST /payments/order-j/instant', 'hang');
    const request = { ...order(300), credential: card() };
    await assert.rejects(
      client.payInstantly('order-j', request),
      (e) => isUpstreamError(e, 'OUTCOME_UNKNOWN') && e.outcome === 'in-doubt',
    );
    const paid = await client.payInstantly('order-j', request);
    assert.equal(paid.status, 'PAID');
    const again = await client.payInstantly('order-j', request);
    assert.equal(again.transactionId, paid.transactionId, 'replayed, not paid twice');
  });

  it('a lost billing-key issue is found among the customer’s keys: no second key', async () => {
    const { client, standIn } = await setup();
    standIn.faults.set('POST /billing-keys', 'late');
    const issued = await client.issueBillingKey({ credential: card(), customer: { id: 'cust-2' } });
    assert.equal(standIn.keys.size, 1);
    assert.equal(issued.billingKey, [...standIn.keys.keys()][0]);
    assert.equal(issued.cardNumber, '******4242');
    // Lost before landing: nothing to find, so still in doubt.
    standIn.faults.set('POST /billing-keys', 'hang');
    await assert.rejects(
      client.issueBillingKey({ credential: card(), customer: { id: 'cust-3' } }),
      (e) => isUpstreamError(e, 'OUTCOME_UNKNOWN'),
    );
    assert.equal(standIn.keys.size, 1);
  });

  it('cancel sends the checksum; a stale one is refused, a right one cancels', async () => {
    const { client } = await setup();
    await client.payInstantly('order-k', { ...order(5000), credential: card() });
    await assert.rejects(
      client.cancelPayment('order-k', {
        reason: 'x',
        amount: 1000,
        currentCancellableAmount: 4000,
      }),
      (e) =>
        isUpstreamError(e, 'UPSTREAM_REJECTED') &&
        e.upstreamCode === 'CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN',
    );
    const cancelled = await client.cancelPayment('order-k', {
      reason: 'x',
      amount: 1000,
      currentCancellableAmount: 5000,
    });
    assert.equal(cancelled.status, 'SUCCEEDED');
    const payment = await client.getPayment('order-k');
    assert.deepEqual([payment?.status, payment?.amount.cancelled], ['PARTIAL_CANCELLED', 1000]);
  });

  it('a refused secret is UPSTREAM_AUTH_FAILED everywhere, and readiness says so', async () => {
    const { client } = await setup({ secret: 'wrong-secret' });
    await assert.rejects(client.ensureReady(), (e) => isUpstreamError(e, 'UPSTREAM_AUTH_FAILED'));
    await assert.rejects(
      client.payInstantly('order-l', { ...order(100), credential: card() }),
      (e) => isUpstreamError(e, 'UPSTREAM_AUTH_FAILED') && e.outcome === 'unavailable',
    );
    const { client: good } = await setup();
    await good.ensureReady();
    assert.equal(await good.getPayment('order-unknown'), null);
  });

  it('logs ids and outcomes, never card data nor a billing key', async () => {
    const { client, logs } = await setup();
    const issued = await client.issueBillingKey({ credential: card(), customer: { id: 'cust-4' } });
    await client.getBillingKey(issued.billingKey);
    await client
      .payInstantly('order-m', { ...order(100), credential: card(DECLINED) })
      .catch(() => undefined);
    const text = JSON.stringify(logs);
    assert.ok(logs.some((e) => e.type === 'http' && e.path === '/billing-keys/{billingKey}'));
    assert.doesNotMatch(text, /4242424242424242|4000000000000002|880101|billing-key-\d/);
  });
});

describe('PortOne V2 as the payment rules’ upstream (stand-in)', () => {
  async function upstreamSetup() {
    const { standIn, client } = await setup();
    const store = createMemoryStore();
    const directory = createBillingKeyDirectory(store);
    const orphans: string[] = [];
    const upstream = portOneUpstream(client, {
      directory,
      channelKeyOf: (pg) => (pg === 'kcp' ? 'channel-key-kcp' : undefined),
      onOrphanKey: (customerId) => orphans.push(customerId),
    });
    return { standIn, client, store, directory, upstream, orphans };
  }
  const card4 = (last4: string) => ({
    number: `4242-4242-4242-${last4}`,
    expiry: '2030-07',
    birth: '880101',
  });
  const krw = (total: number) => ({ total, currency: 'KRW' });

  it('a second card for a customer is kept in place of the first, which is deleted at PortOne', async () => {
    const { upstream, standIn, directory } = await upstreamSetup();
    const first = await upstream.issueBillingKey({ customerId: 'u1', card: card4('4242') });
    assert.equal(first.cardNumber, '424242******4242');
    const second = await upstream.issueBillingKey({
      customerId: 'u1',
      card: card4('1881'),
      channel: 'kcp',
    });
    assert.notEqual(second.billingKey, first.billingKey);
    assert.equal(await directory.get('u1'), second.billingKey);
    assert.equal(standIn.keys.get(first.billingKey)?.status, 'DELETED');
    assert.equal(lastPost(standIn).channelKey, 'channel-key-kcp', 'the pg maps to its channel key');
    assert.equal((await upstream.getBillingKey('u1'))?.cardNumber, '******1881');
    const paid = await upstream.payWithBillingKey({
      customerId: 'u1',
      paymentId: 'up-order-1',
      orderName: 'Plan',
      amount: krw(9900),
    });
    assert.deepEqual([paid.paymentId, paid.status, paid.amount], ['up-order-1', 'paid', 9900]);
    assert.equal(lastPost(standIn).billingKey, second.billingKey);
  });

  it('a lost directory (the store gone) is rebuilt from PortOne’s keys of the customer', async () => {
    const { upstream, client } = await upstreamSetup();
    const issued = await upstream.issueBillingKey({ customerId: 'u2', card: card4('4242') });
    // Another instance whose store never saw the key: same PortOne, an empty store.
    const directory = createBillingKeyDirectory(createMemoryStore());
    const restarted = portOneUpstream(client, { directory });
    assert.equal((await restarted.getBillingKey('u2'))?.billingKey, issued.billingKey);
    assert.equal(await directory.get('u2'), issued.billingKey, 'kept again');
    assert.equal(await restarted.getBillingKey('nobody'), null);
    await assert.rejects(
      restarted.payWithBillingKey({
        customerId: 'nobody',
        paymentId: 'up-order-2',
        orderName: 'Plan',
        amount: krw(100),
      }),
      (e) => isUpstreamError(e, 'UPSTREAM_REJECTED') && e.upstreamCode === 'BILLING_KEY_NOT_FOUND',
    );
  });

  it('key-in payment storing the card: two calls; a declined charge keeps the old card, not the new one', async () => {
    const { upstream, standIn, directory } = await upstreamSetup();
    const paid = await upstream.payInstant({
      paymentId: 'up-order-3',
      amount: krw(1500),
      card: card4('4242'),
      storeFor: 'u3',
    });
    assert.equal(paid.status, 'paid');
    assert.equal(paid.customerId, 'u3');
    const kept = await directory.get('u3');
    assert.ok(kept);
    assert.deepEqual(
      posts(standIn).map((r) => r.path),
      ['/billing-keys', '/payments/up-order-3/billing-key'],
    );
    // The order name V2 requires: the paymentId when the token names none.
    assert.equal(lastPost(standIn).orderName, 'up-order-3');
    await assert.rejects(
      upstream.payInstant({
        paymentId: 'up-order-4',
        amount: krw(1500),
        card: { number: DECLINED, expiry: '2030-07' },
        storeFor: 'u3',
        orderName: 'Order',
      }),
      (e) => isUpstreamError(e, 'CARD_DECLINED'),
    );
    assert.equal(await directory.get('u3'), kept, 'the old card stays');
    const declinedKey = [...standIn.keys.values()].find((k) => k.number === DECLINED);
    assert.equal(declinedKey?.status, 'DELETED', 'the new key is not left behind');
  });

  it('a key-in payment without storing, a refund, and reads by paymentId', async () => {
    const { upstream } = await upstreamSetup();
    const paid = await upstream.payInstant({
      paymentId: 'up-order-5',
      amount: krw(5000),
      card: card4('4242'),
      orderName: 'Order',
    });
    assert.equal(paid.customerId, null);
    const refunded = await upstream.cancelPayment({
      payment: { paymentId: 'up-order-5', transactionId: paid.transactionId },
      amount: 2000,
      checksum: 5000,
      reason: '[impcard abc] partial',
    });
    assert.deepEqual(
      [refunded.status, refunded.cancelledAmount, refunded.cancellations?.[0]?.reason],
      ['paid', 2000, '[impcard abc] partial'],
    );
    const read = await upstream.getPayment({ paymentId: 'up-order-5' });
    assert.equal(read?.transactionId, paid.transactionId);
    assert.equal(await upstream.getPayment({ transactionId: paid.transactionId }), null);
    assert.equal(await upstream.getPayment({ paymentId: 'up-unknown' }), null);
  });

  it('deleting a customer’s key deletes it at PortOne and forgets it', async () => {
    const { upstream, standIn, directory } = await upstreamSetup();
    const issued = await upstream.issueBillingKey({ customerId: 'u6', card: card4('4242') });
    const deleted = await upstream.deleteBillingKey('u6');
    assert.equal(deleted?.billingKey, issued.billingKey);
    assert.equal(standIn.keys.get(issued.billingKey)?.status, 'DELETED');
    assert.equal(await directory.get('u6'), null);
    assert.equal(await upstream.deleteBillingKey('u6'), null);
    assert.equal(await upstream.getBillingKey('u6'), null);
  });
});

describe('createServer on PortOne V2 (stand-in): configuration, not integration', () => {
  it('registers a card, charges it, reads and deletes it through the same routes as on V1', async () => {
    const standIn = await portOneStandIn();
    standIns.push(standIn.served);
    const app = createServer({
      portoneApiSecret: SECRET,
      portoneApiUrl: standIn.served.url,
      portoneChannelKey: 'channel-key-1',
      tokenSecret: TOKEN_SECRET,
      apiKey: API_KEY,
      rateLimit: false,
      logger: false,
    });
    const json = async (res: Response) => (await res.json()) as Record<string, unknown>;
    const merchant = (method: string, path: string, body?: unknown) =>
      app.request(path, {
        method,
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const token = await signToken({ customer_uid: 'v2-cust', mode: 'billing_key' });
    const registered = await app.request('/v1/registrations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(cardBody(token)),
    });
    assert.equal(registered.status, 200);
    const key = (await json(registered)).billing_key as Record<string, unknown>;
    assert.deepEqual([key.customer_uid, key.card_number], ['v2-cust', '424242******4242']);

    const charge = {
      customer_uid: 'v2-cust',
      merchant_uid: 'v2-order-1',
      amount: 9900,
      name: 'Plan',
    };
    const charged = await merchant('POST', '/v1/charges', charge);
    assert.equal(charged.status, 200);
    const payment = (await json(charged)).payment as Record<string, unknown>;
    assert.deepEqual(
      [payment.merchant_uid, payment.amount, payment.status],
      ['v2-order-1', 9900, 'paid'],
    );
    assert.match(String(payment.imp_uid), /^tx-/, 'the V2 transactionId where V1 had imp_uid');
    assert.ok(posts(standIn).every((r) => lastPostOf(r).channelKey === 'channel-key-1'));

    const read = await merchant('GET', '/v1/payments/v2-order-1');
    assert.equal((await json(read)).amount_verified, true);
    assert.equal((await merchant('GET', '/v1/billing-keys/v2-cust')).status, 200);
    assert.equal((await merchant('DELETE', '/v1/billing-keys/v2-cust')).status, 200);
    assert.equal((await merchant('GET', '/v1/billing-keys/v2-cust')).status, 404);
    const refused = await merchant('POST', '/v1/charges', {
      ...charge,
      merchant_uid: 'v2-order-2',
    });
    assert.equal(refused.status, 402);
    const metrics = await (await merchant('GET', '/metrics')).text();
    const counted = (endpoint: string, status: string) =>
      metrics.includes(
        `impcard_upstream_request_duration_seconds_count{endpoint="${endpoint}",status="${status}"} 1`,
      );
    assert.ok(counted('POST /billing-keys', 'ok'), 'V2 calls are timed by V2 endpoint');
    assert.ok(counted('POST /payments/{paymentId}/billing-key', 'ok'));
    assert.ok(counted('DELETE /billing-keys/{billingKey}', 'ok'));
  });

  it('a lost billing-key issue over V2: found when it landed, held in doubt when not, never a second key', async () => {
    const standIn = await portOneStandIn();
    standIns.push(standIn.served);
    const app = createServer({
      portone: createPortOneClient({
        apiSecret: SECRET,
        baseUrl: standIn.served.url,
        timeoutMs: TIMEOUT_MS,
        reconcileDelaysMs: [0, 100],
      }),
      portoneChannelKey: 'channel-key-1',
      tokenSecret: TOKEN_SECRET,
      apiKey: API_KEY,
      rateLimit: false,
      logger: false,
      upstreamWindowMs: 2_000,
    });
    const register = async (customer: string, key: string) => {
      const token = await signToken({ customer_uid: customer, mode: 'billing_key' });
      return (body: unknown = cardBody(token)) =>
        app.request('/v1/registrations', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify(body),
        });
    };
    standIn.faults.set('POST /billing-keys', 'late');
    const landed = await (await register('v2-late', 'k-late'))();
    assert.equal(landed.status, 200, 'found among the customer’s keys');
    assert.equal(standIn.keys.size, 1);

    standIn.faults.set('POST /billing-keys', 'hang');
    const send = await register('v2-hang', 'k-hang');
    const lost = await send();
    assert.equal(lost.status, 502);
    assert.equal(((await lost.json()) as { code?: string }).code, 'OUTCOME_UNKNOWN');
    const held = await send();
    assert.equal(held.status, 409, 'CUSTOMER_IN_DOUBT while the lost issue may land');
    await new Promise((r) => setTimeout(r, 2_100));
    const retried = await send();
    assert.equal(retried.status, 200);
    const keysOf = (id: string) => [...standIn.keys.values()].filter((k) => k.customer.id === id);
    assert.equal(keysOf('v2-hang').length, 1, 'one key for the customer');
  });

  it('refuses V1 and V2 settings together, and a V2 secret that is no string', () => {
    const base = { tokenSecret: TOKEN_SECRET, apiKey: API_KEY, logger: false as const };
    assert.throws(
      () => createServer({ ...base, portoneApiSecret: SECRET, impKey: 'k', impSecret: 's' }),
      (e) => isConfigError(e) && e.option === 'portoneApiSecret',
    );
    assert.throws(
      () => createServer({ ...base, portoneApiSecret: '' }),
      (e) => isConfigError(e) && e.option === 'portoneApiSecret',
    );
    const v2 = { ...base, portoneApiSecret: SECRET, portoneChannelKey: 'channel-key-1' };
    assert.throws(
      () => createServer({ ...v2, portoneApiUrl: 'api.portone.io' }),
      (e) => isConfigError(e) && e.option === 'portoneApiUrl',
    );
    // PortOne refuses every payment and issue without a channel: refused at start-up instead.
    assert.throws(
      () => createServer({ ...v2, portoneChannelKey: undefined }),
      (e) => isConfigError(e) && e.option === 'portoneChannelKey',
    );
  });
});
