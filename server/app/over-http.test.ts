// The server on a real port, talking to the sandbox on another real port over HTTP, with the
// sandbox delivering its webhooks back to the server (twice each).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { IamportClient } from '../iamport/index.ts';
import { startSandbox, type RunningSandbox } from '../sandbox/index.ts';
import { createServer } from './create-server.ts';
import type { PaymentEvent } from './payments/intents.ts';
import type { ServerOptions } from './server-options.ts';
import {
  API_KEY,
  CARDS,
  TOKEN_SECRET,
  VALID_CARD,
  cardBody,
  sandboxClient,
  serveOnLoopback,
  type Served,
} from '../testing/index.ts';

type Fetch = (request: Request, env: object) => Response | Promise<Response>;

/** Serves an app built after the port is known (the sandbox needs the webhook URL first). */
async function serveLater(): Promise<Served & { use(app: { fetch: Fetch }): void }> {
  let target: Fetch | undefined;
  const served = await serveOnLoopback((request, env) =>
    target ? target(request, env) : new Response(null, { status: 503 }),
  );
  return {
    ...served,
    use(app) {
      target = app.fetch;
    },
  };
}

describe('over HTTP against the sandbox on a real port', () => {
  let sandbox: RunningSandbox;
  let served: Awaited<ReturnType<typeof serveLater>>;
  let iamport: IamportClient;
  const payments: PaymentEvent[] = [];

  async function start(extra: Partial<ServerOptions> = {}) {
    const s = await serveLater();
    s.use(
      createServer({
        iamport,
        tokenSecret: TOKEN_SECRET,
        apiKey: API_KEY,
        rateLimit: false,
        logger: false,
        onPayment: (e) => {
          payments.push(e);
        },
        ...extra,
      }),
    );
    return s;
  }

  before(async () => {
    served = await serveLater();
    sandbox = await startSandbox({
      port: 0,
      testControls: true,
      duplicateWebhooks: true,
      webhookUrl: `${served.url}/v1/webhooks/iamport`,
    });
    iamport = sandboxClient(sandbox.url, { timeoutMs: 3000 });
    served.use(
      createServer({
        iamport,
        tokenSecret: TOKEN_SECRET,
        apiKey: API_KEY,
        allowedOrigins: ['https://shop.example'],
        rateLimit: false,
        logger: false,
        onPayment: (e) => {
          payments.push(e);
        },
      }),
    );
  });

  after(async () => {
    await served?.close();
    await sandbox?.close();
  });

  const post = (base: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const mint = async (body: object) => {
    const res = await post(served.url, '/v1/tokens', body, { authorization: `Bearer ${API_KEY}` });
    assert.equal(res.status, 201);
    return (await res.json()) as { token: string; merchant_uid?: string };
  };
  const code = async (res: Response) => ((await res.json()) as { code: string }).code;

  it('runs each mode through HTTP, and webhooks delivered twice give one onPayment', async () => {
    const before = payments.length;
    const key = await mint({ customer_uid: 'http_a', mode: 'billing_key' });
    assert.equal((await post(served.url, '/v1/registrations', cardBody(key.token))).status, 200);
    const pay = await mint({ customer_uid: 'http_b', mode: 'payment', amount: 2500 });
    const paid = await post(served.url, '/v1/registrations', cardBody(pay.token));
    assert.equal(paid.status, 200);
    // PortOne V2's names of the two ids, on V1 too.
    const { payment } = (await paid.json()) as { payment: Record<string, string> };
    assert.deepEqual(
      [payment.payment_id, payment.transaction_id],
      [payment.merchant_uid, payment.imp_uid],
    );
    const both = await mint({
      customer_uid: 'http_c',
      mode: 'billing_key_and_payment',
      amount: 3300,
    });
    assert.equal((await post(served.url, '/v1/registrations', cardBody(both.token))).status, 200);
    await sandbox.sandbox.webhooksSettled();
    const delivered = sandbox.sandbox.webhooks.filter((w) =>
      [pay.merchant_uid, both.merchant_uid].some((m) => JSON.stringify(w).includes(String(m))),
    );
    assert.equal(delivered.length, 4, 'two payments, each delivered twice');
    const mine = payments.slice(before);
    assert.equal(mine.length, 2);
    assert.deepEqual(
      new Set(mine.map((p) => p.payment.merchant_uid)),
      new Set([pay.merchant_uid, both.merchant_uid]),
    );
  });

  it('a payment seen only through webhooks (delivered twice) reaches onPayment once, checked', async () => {
    const before = payments.length;
    const minted = await mint({ customer_uid: 'http_w', mode: 'payment', amount: 4100 });
    const merchantUid = String(minted.merchant_uid);
    await iamport.payOnetime({
      merchant_uid: merchantUid,
      amount: 4100,
      ...VALID_CARD,
    });
    await sandbox.sandbox.webhooksSettled();
    const mine = payments.slice(before);
    assert.equal(mine.length, 1);
    assert.equal(mine[0]?.source, 'webhook');
    assert.equal(mine[0]?.payment.merchant_uid, merchantUid);
  });

  it('answers each failure code over HTTP', async () => {
    const base = served.url;
    const pay = await mint({ customer_uid: 'http_codes', mode: 'payment', amount: 900 });
    assert.equal((await post(base, '/v1/registrations', '{bad')).status, 400);
    const forged = await post(base, '/v1/registrations', cardBody('a.b.c'));
    assert.deepEqual([forged.status, await code(forged)], [401, 'TOKEN_INVALID']);
    const declined = await post(base, '/v1/registrations', cardBody(pay.token, CARDS.declined));
    assert.deepEqual([declined.status, await code(declined)], [402, 'CARD_DECLINED']);
    const pgError = await post(base, '/v1/registrations', cardBody(pay.token, CARDS.pgError));
    assert.deepEqual([pgError.status, await code(pgError)], [402, 'PG_ERROR']);
    assert.equal((await post(base, '/v1/registrations', cardBody(pay.token))).status, 200);
    const used = await post(base, '/v1/registrations', cardBody(pay.token));
    assert.deepEqual([used.status, await code(used)], [409, 'TOKEN_ALREADY_USED']);
    const fresh = await mint({ customer_uid: 'http_down', mode: 'payment', amount: 900 });
    sandbox.sandbox.injectFault({
      method: 'POST',
      path: '/subscribe/payments/onetime',
      kind: 'error500',
    });
    const down = await post(base, '/v1/registrations', cardBody(fresh.token));
    assert.deepEqual([down.status, await code(down)], [503, 'UPSTREAM_UNAVAILABLE']);
    assert.ok(Number(down.headers.get('retry-after')) > 0);
    const key = await mint({ customer_uid: 'http_pw', mode: 'billing_key' });
    const pwServer = await start({ pg: 'paymentwall' });
    const unsupported = await post(pwServer.url, '/v1/registrations', cardBody(key.token));
    assert.deepEqual([unsupported.status, await code(unsupported)], [422, 'PG_NOT_SUPPORTED']);
    await pwServer.close();
    const missing = await fetch(`${base}/v1/payments/none`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    assert.deepEqual([missing.status, await code(missing)], [404, 'NOT_FOUND']);
    const noKey = await fetch(`${base}/v1/payments/none`);
    assert.deepEqual([noKey.status, await code(noKey)], [401, 'UNAUTHORIZED']);
    const big = await post(
      base,
      '/v1/registrations',
      JSON.stringify({ token: 'x'.repeat(1024 * 1024) }),
    );
    assert.deepEqual([big.status, await code(big)], [413, 'PAYLOAD_TOO_LARGE']);
  });

  it('replays an Idempotency-Key over HTTP with one upstream call', async () => {
    const pay = await mint({ customer_uid: 'http_idem', mode: 'payment', amount: 1500 });
    const calls = sandbox.sandbox.callCount('/subscribe/payments/onetime');
    const headers = { 'idempotency-key': 'http-1' };
    const answers = await Promise.all(
      [1, 2, 3].map(() => post(served.url, '/v1/registrations', cardBody(pay.token), headers)),
    );
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 200, 200],
    );
    assert.equal(sandbox.sandbox.callCount('/subscribe/payments/onetime') - calls, 1);
    assert.equal(sandbox.sandbox.attempts(String(pay.merchant_uid)).length, 1);
  });

  it('rate-limits by the socket’s address, with Retry-After', async () => {
    const limited = await start({ rateLimit: { perIp: { limit: 2, windowMs: 60_000 } } });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 3; i++) {
      const res = await post(limited.url, '/v1/registrations', '{}');
      statuses.push(res.status);
      retryAfter = res.headers.get('retry-after');
    }
    assert.deepEqual(statuses, [400, 400, 429]);
    assert.ok(Number(retryAfter) >= 1);
    await limited.close();
  });

  it('answers CORS preflights over HTTP for the allowed origin only', async () => {
    const preflight = (origin: string) =>
      fetch(`${served.url}/v1/registrations`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    assert.equal(
      (await preflight('https://shop.example')).headers.get('access-control-allow-origin'),
      'https://shop.example',
    );
    assert.equal(
      (await preflight('https://evil.example')).headers.get('access-control-allow-origin'),
      null,
    );
  });
});
