// POST /v1/webhooks/portone: the server on V2 on a real port, the V2 sandbox on another, and the
// sandbox delivering its signed webhooks back to the server; forged, stale and rotated messages
// signed here the way the sandbox (and PortOne) sign them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Webhook } from '@portone/server-sdk';
import {
  DEFAULT_PORTONE_API_SECRET,
  DEFAULT_PORTONE_CHANNEL_KEY,
  DEFAULT_PORTONE_WEBHOOK_SECRET,
  startSandbox,
  type RunningSandbox,
} from '../../sandbox/index.ts';
import { signStandardWebhook } from '../../sandbox/v2/standard-webhook.ts';
import { createServer } from '../create-server.ts';
import { standardWebhookVerifier, webhookSecretKeys } from '../crypto/standard-webhook.ts';
import type { PaymentEvent } from '../payments/intents.ts';
import type { ServerOptions } from '../server-options.ts';
import { isConfigError } from '../config-error.ts';
import {
  API_KEY,
  TOKEN_SECRET,
  cardBody,
  serveOnLoopback,
  uid,
  v2Credential,
  type Served,
} from '../../testing/index.ts';

type Fetch = (request: Request, env: object) => Response | Promise<Response>;
const OTHER_SECRET = `whsec_${Buffer.from('another secret of thirty-two by.').toString('base64')}`;

async function serveLater(): Promise<Served & { use(app: { fetch: Fetch }): void }> {
  let target: Fetch | undefined;
  const served = await serveOnLoopback((request, env) =>
    target ? target(request, env) : new Response(null, { status: 503 }),
  );
  return { ...served, use: (app) => void (target = app.fetch) };
}

describe('POST /v1/webhooks/portone against the V2 sandbox', () => {
  let sandbox: RunningSandbox;
  let served: Awaited<ReturnType<typeof serveLater>>;
  const payments: PaymentEvent[] = [];
  const logs: { event: string; reason?: unknown }[] = [];
  const servers: Served[] = [];

  function v2Options(extra: Partial<ServerOptions> = {}): ServerOptions {
    return {
      portoneApiSecret: DEFAULT_PORTONE_API_SECRET,
      portoneApiUrl: sandbox.url,
      portoneChannelKey: DEFAULT_PORTONE_CHANNEL_KEY,
      portoneWebhookSecret: DEFAULT_PORTONE_WEBHOOK_SECRET,
      tokenSecret: TOKEN_SECRET,
      apiKey: API_KEY,
      allowedOrigins: ['https://shop.example'],
      rateLimit: false,
      logger: (entry) => void logs.push(entry),
      onPayment: (e) => void payments.push(e),
      ...extra,
    };
  }

  /** Another server on the same sandbox, with other options (its own memory store). */
  async function another(extra: Partial<ServerOptions>) {
    const s = await serveLater();
    s.use(createServer(v2Options(extra)));
    servers.push(s);
    return s;
  }

  before(async () => {
    served = await serveLater();
    sandbox = await startSandbox({
      port: 0,
      testControls: true,
      portoneWebhookUrl: `${served.url}/v1/webhooks/portone`,
    });
    served.use(createServer(v2Options()));
  });

  after(async () => {
    for (const s of servers) await s.close();
    await served?.close();
    await sandbox?.close();
  });

  const post = (base: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const mint = async (body: object, base = served.url) => {
    const res = await post(base, '/v1/tokens', body, { authorization: `Bearer ${API_KEY}` });
    assert.equal(res.status, 201);
    return (await res.json()) as { token: string; merchant_uid: string };
  };
  /** A payment made at PortOne behind the server's back: the server hears of it by webhook only. */
  const payAtPortOne = (paymentId: string, total: number) =>
    fetch(`${sandbox.url}/payments/${encodeURIComponent(paymentId)}/instant`, {
      method: 'POST',
      headers: { authorization: `PortOne ${DEFAULT_PORTONE_API_SECRET}` },
      body: JSON.stringify({
        channelKey: DEFAULT_PORTONE_CHANNEL_KEY,
        orderName: 'webhook test',
        amount: { total },
        currency: 'KRW',
        method: { card: { credential: v2Credential() } },
      }),
    });
  /** A webhook signed here with `secrets`, as PortOne signs one. */
  const signed = (
    body: object,
    secrets: string[] = [DEFAULT_PORTONE_WEBHOOK_SECRET],
    at = Date.now(),
  ) => {
    const payload = JSON.stringify(body);
    const id = `msg_${uid('t')}`;
    const timestamp = String(Math.floor(at / 1000));
    return {
      payload,
      headers: {
        'webhook-id': id,
        'webhook-timestamp': timestamp,
        'webhook-signature': signStandardWebhook(secrets, id, timestamp, payload),
      },
    };
  };
  const paid = (paymentId: string) => ({
    type: 'Transaction.Paid',
    timestamp: new Date().toISOString(),
    data: { paymentId, storeId: 'store-x', transactionId: uid('tx') },
  });
  const deliver = (message: ReturnType<typeof signed>, base = served.url) =>
    post(base, '/v1/webhooks/portone', message.payload, message.headers);

  it('verifies what the sandbox sends: a payment seen only by webhook reaches onPayment once', async () => {
    const minted = await mint({ customer_uid: uid('c'), mode: 'payment', amount: 4100 });
    const before = payments.length;
    assert.equal((await payAtPortOne(minted.merchant_uid, 4100)).status, 200);
    await sandbox.sandbox.webhooksSettled();
    const delivery = sandbox.sandbox.portoneWebhooks.find(
      (d) => d.body.data.paymentId === minted.merchant_uid,
    );
    assert.equal(delivery?.body.type, 'Transaction.Paid');
    assert.equal(delivery?.status, 200);
    const mine = payments.slice(before);
    assert.deepEqual(
      mine.map((e) => [e.payment.merchant_uid, e.source]),
      [[minted.merchant_uid, 'webhook']],
    );
    // Delivered again (PortOne retries; same id, new signature time): told once only.
    const again = await deliver(signed(paid(minted.merchant_uid)));
    assert.deepEqual(await again.json(), { status: 'received', result: 'duplicate' });
    assert.equal(payments.length, before + 1);
  });

  it('takes the webhooks of a registration through the server, BillingKey.Issued included', async () => {
    const minted = await mint({
      customer_uid: uid('c'),
      mode: 'billing_key_and_payment',
      amount: 3300,
    });
    const before = payments.length;
    const res = await post(served.url, '/v1/registrations', cardBody(minted.token));
    assert.equal(res.status, 200);
    await sandbox.sandbox.webhooksSettled();
    const types = sandbox.sandbox.portoneWebhooks
      .filter((d) => d.url.startsWith(served.url))
      .map((d) => [d.body.type, d.status]);
    assert.ok(types.some(([t, s]) => t === 'BillingKey.Issued' && s === 200));
    assert.ok(logs.some((l) => l.event === 'webhook.billing_key_issued'));
    const paidOnes = sandbox.sandbox.portoneWebhooks.filter(
      (d) => d.body.data.paymentId === minted.merchant_uid,
    );
    assert.deepEqual(
      paidOnes.map((d) => [d.body.type, d.status]),
      [['Transaction.Paid', 200]],
    );
    // The registration and its webhook race to tell it: whichever is first, once.
    assert.deepEqual(
      payments.slice(before).map((e) => e.payment.merchant_uid),
      [minted.merchant_uid],
    );
  });

  it('refuses forged, unsigned, stale and future messages with 401, acting on none', async () => {
    const minted = await mint({ customer_uid: uid('c'), mode: 'payment', amount: 700 });
    assert.equal((await payAtPortOne(minted.merchant_uid, 700)).status, 200);
    await sandbox.sandbox.webhooksSettled();
    const calls = sandbox.sandbox.callCount(`/payments/${minted.merchant_uid}`, 'GET');
    const cases: [string, ReturnType<typeof signed>][] = [
      ['NO_MATCHING_SIGNATURE', signed(paid(minted.merchant_uid), [OTHER_SECRET])],
      ['TIMESTAMP_TOO_OLD', signed(paid(minted.merchant_uid), undefined, Date.now() - 6 * 60e3)],
      ['TIMESTAMP_TOO_NEW', signed(paid(minted.merchant_uid), undefined, Date.now() + 6 * 60e3)],
    ];
    const tampered = signed(paid(minted.merchant_uid));
    cases.push([
      'NO_MATCHING_SIGNATURE',
      { ...tampered, payload: tampered.payload.replace('store-x', 'store-y') },
    ]);
    const { 'webhook-signature': _, ...unsigned } = signed(paid(minted.merchant_uid)).headers;
    cases.push(['MISSING_REQUIRED_HEADERS', { payload: '{}', headers: unsigned as never }]);
    for (const [reason, message] of cases) {
      const res = await deliver(message);
      const body = (await res.json()) as { code: string; message: string };
      assert.deepEqual([res.status, body.code], [401, 'UNAUTHORIZED'], reason);
      assert.ok(body.message.includes(reason), body.message);
    }
    assert.equal(
      logs.filter((l) => l.event === 'webhook.signature_refused').length >= cases.length,
      true,
    );
    // Nothing was looked up for a refused message.
    assert.equal(sandbox.sandbox.callCount(`/payments/${minted.merchant_uid}`, 'GET'), calls);
  });

  it('accepts either of two secrets while one is rotated in (comma or space separated)', async () => {
    for (const both of [
      `${OTHER_SECRET},${DEFAULT_PORTONE_WEBHOOK_SECRET}`,
      `${DEFAULT_PORTONE_WEBHOOK_SECRET} ${OTHER_SECRET}`,
    ]) {
      const s = await another({ portoneWebhookSecret: both });
      for (const secrets of [[DEFAULT_PORTONE_WEBHOOK_SECRET], [OTHER_SECRET]]) {
        const res = await deliver(signed(paid(uid('nope')), secrets), s.url);
        assert.equal(res.status, 200);
      }
    }
    // A sender signing with both (PortOne while rotating) verifies against the old one alone.
    const old = await another({ portoneWebhookSecret: OTHER_SECRET });
    const res = await deliver(
      signed(paid(uid('nope')), [DEFAULT_PORTONE_WEBHOOK_SECRET, OTHER_SECRET]),
      old.url,
    );
    assert.equal(res.status, 200);
    assert.equal((await deliver(signed(paid(uid('nope'))), old.url)).status, 401);
  });

  it('ignores unknown payments, wrong amounts and unknown types with 200 (no redelivery)', async () => {
    const unknown = await deliver(signed(paid(uid('nope'))));
    assert.deepEqual(await unknown.json(), { status: 'ignored', reason: 'unknown payment' });
    const minted = await mint({ customer_uid: uid('c'), mode: 'payment', amount: 1000 });
    const before = payments.length;
    assert.equal((await payAtPortOne(minted.merchant_uid, 900)).status, 200);
    await sandbox.sandbox.webhooksSettled();
    const mismatch = await deliver(signed(paid(minted.merchant_uid)));
    assert.deepEqual(await mismatch.json(), { status: 'ignored', reason: 'amount mismatch' });
    assert.equal(payments.length, before);
    assert.ok(logs.some((l) => l.event === 'webhook.amount_mismatch'));
    const foreign = await deliver(signed({ type: 'Something.New', data: {} }));
    assert.deepEqual(await foreign.json(), { status: 'ignored', reason: 'unknown type' });
    const garbage = await deliver(signed({ data: {} }));
    assert.equal(garbage.status, 400);
  });

  it('answers a 5xx when PortOne cannot be asked, so that it delivers again', async () => {
    const paymentId = uid('down');
    sandbox.sandbox.injectFault({
      method: 'GET',
      path: `/payments/${paymentId}`,
      kind: 'error500',
      times: 10,
    });
    const res = await deliver(signed(paid(paymentId)));
    assert.ok(res.status >= 500, String(res.status));
  });

  it('counts messages by kind and answer in impcard_portone_webhooks_total', async () => {
    const res = await fetch(`${served.url}/metrics`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    const text = await res.text();
    const counted = (labels: string) =>
      Number(new RegExp(`impcard_portone_webhooks_total\\{${labels}\\} (\\d+)`).exec(text)?.[1]);
    // The tests above: five refused, verified payments received, an issued key, unknown ones.
    assert.ok(counted('kind="unverified",answer="refused"') >= 5, text);
    assert.ok(counted('kind="transaction",answer="received"') >= 2, text);
    assert.ok(counted('kind="billing_key_issued",answer="received"') >= 1, text);
    assert.ok(counted('kind="transaction",answer="ignored"') >= 1, text);
    assert.ok(counted('kind="other",answer="ignored"') >= 1, text);
  });

  it('refuses every webhook, with 401, when no secret is configured', async () => {
    const s = await another({ portoneWebhookSecret: undefined });
    const res = await deliver(signed(paid(uid('nope'))), s.url);
    assert.equal(res.status, 401);
    assert.ok(logs.some((l) => l.event === 'webhook.no_secret'));
  });

  it('refuses a secret that is not base64 at start-up', () => {
    assert.throws(
      () => createServer(v2Options({ portoneWebhookSecret: 'whsec_not base64!' })),
      (e: unknown) => isConfigError(e) && e.option === 'portoneWebhookSecret',
    );
  });

  it('verifies as @portone/server-sdk Webhook.verify does, message for message', async () => {
    const verify = standardWebhookVerifier(
      webhookSecretKeys(DEFAULT_PORTONE_WEBHOOK_SECRET),
      Date.now,
    );
    const body = paid('p1');
    const messages = [
      signed(body),
      signed(body, [OTHER_SECRET]),
      signed(body, [OTHER_SECRET, DEFAULT_PORTONE_WEBHOOK_SECRET]),
      signed(body, undefined, Date.now() - 4 * 60e3),
      signed(body, undefined, Date.now() - 6 * 60e3),
      signed(body, undefined, Date.now() + 6 * 60e3),
      { ...signed(body), payload: JSON.stringify(paid('p2')) },
      { payload: '{}', headers: { 'webhook-id': 'x', 'webhook-timestamp': 'soon' } },
      {
        payload: '{}',
        headers: { 'webhook-id': 'x', 'webhook-timestamp': 'soon', 'webhook-signature': 'v1,AA==' },
      },
    ];
    const sdkReasons: (string | null)[] = [];
    const ourReasons: (string | null)[] = [];
    for (const m of messages) {
      ourReasons.push(await verify(m.payload, new Headers(m.headers)));
      sdkReasons.push(
        await Webhook.verify(DEFAULT_PORTONE_WEBHOOK_SECRET, m.payload, m.headers).then(
          () => null,
          (e: { reason?: string }) => e.reason ?? 'other',
        ),
      );
    }
    assert.deepEqual(ourReasons, sdkReasons);
    assert.deepEqual(ourReasons.slice(0, 4), [null, 'NO_MATCHING_SIGNATURE', null, null]);
  });
});
