import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from './config-error.ts';
import { createServer } from './create-server.ts';
import { rateLimitFromEnv } from './middleware/rate-limit.ts';
import { API_KEY, TOKEN_SECRET, cardBody, createHarness, json } from '../testing/index.ts';

describe('createServer options', () => {
  const base = { impKey: 'k', impSecret: 's', tokenSecret: TOKEN_SECRET, apiKey: API_KEY };

  it('builds with credentials only, and names the bad option otherwise', () => {
    assert.ok(createServer({ ...base, logger: false }));
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ tokenSecret: 'short' }, /"tokenSecret"/],
      [{ apiKey: '' }, /"apiKey"/],
      [{ impKey: undefined }, /"impKey"/],
      [{ impApiUrl: 'ftp://x' }, /"impApiUrl"/],
      [{ allowedOrigins: ['https://shop.example/path'] }, /"allowedOrigins"/],
      [{ allowedOrigins: 'https://shop.example' }, /"allowedOrigins"/],
      [{ pg: 'bad pg!' }, /"pg"/],
      [{ maxAttempts: 0 }, /"maxAttempts"/],
      [{ bodyLimitBytes: 10 }, /"bodyLimitBytes"/],
      [{ store: {} }, /"store"/],
      [{ onPayment: 'yes' }, /"onPayment"/],
      [{ onBillingKeyChanged: 'yes' }, /"onBillingKeyChanged"/],
      [{ rateLimit: { perIp: { limit: 0, windowMs: 1000 } } }, /"rateLimit.perIp"/],
    ];
    for (const [override, message] of cases) {
      assert.throws(() => createServer({ ...base, ...override }), message);
    }
  });

  it('refuses with a ConfigError naming the option', () => {
    assert.throws(
      () => createServer({ ...base, tokenSecret: 'short' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error instanceof TypeError &&
        error.option === 'tokenSecret' &&
        error.variable === undefined,
    );
    assert.throws(
      () => createServer({ ...base, rateLimit: { perIp: { limit: 0, windowMs: 1 } } }),
      (error: unknown) => error instanceof ConfigError && error.option === 'rateLimit.perIp',
    );
  });

  it('reads rate-limit overrides from the environment', () => {
    assert.equal(rateLimitFromEnv({ IMPCARD_RATE_LIMIT: 'off' }), false);
    assert.deepEqual(
      rateLimitFromEnv({ IMPCARD_RATE_LIMIT_IP: '5/10', IMPCARD_RATE_LIMIT_TOKEN: 'off' }),
      {
        perIp: { limit: 5, windowMs: 10_000 },
        perToken: false,
      },
    );
    assert.throws(
      () => rateLimitFromEnv({ IMPCARD_RATE_LIMIT_IP: 'lots' }),
      /IMPCARD_RATE_LIMIT_IP/,
    );
  });
});

describe('middleware', () => {
  it('limits registrations per client IP with 429, Retry-After and no upstream call', async () => {
    let ip = '203.0.113.7';
    const h = createHarness({
      rateLimit: { perIp: { limit: 2, windowMs: 60_000 } },
      remoteAddress: () => ip,
    });
    const token = await h.token({ customer_uid: 'r', mode: 'payment', amount: 100 });
    assert.equal((await h.register(cardBody(token, '4000-0000-0000-0002'))).status, 402);
    assert.equal((await h.register(cardBody(token, '4000-0000-0000-0002'))).status, 402);
    const limited = await h.register(cardBody(token));
    assert.equal(limited.status, 429);
    assert.equal((await json(limited)).code, 'RATE_LIMITED');
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60);
    assert.equal(h.sandbox.callCount('/subscribe/payments/onetime'), 2);
    ip = '203.0.113.8';
    assert.equal((await h.register(cardBody(token))).status, 200);
  });

  it('limits per token and per customer across IPs', async () => {
    let n = 0;
    const h = createHarness({
      rateLimit: {
        perToken: { limit: 1, windowMs: 60_000 },
        perCustomer: { limit: 1, windowMs: 60_000 },
      },
      remoteAddress: () => `198.51.100.${n++}`,
    });
    const t1 = await h.token({ customer_uid: 'same', mode: 'billing_key' });
    assert.equal((await h.register(cardBody(t1))).status, 200);
    assert.equal((await h.register(cardBody(t1))).status, 429);
    const t2 = await h.token({ customer_uid: 'same', mode: 'billing_key' });
    assert.equal((await h.register(cardBody(t2))).status, 429);
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    const h = createHarness({
      rateLimit: { perIp: { limit: 1, windowMs: 60_000 } },
      remoteAddress: () => '10.0.0.1',
      trustedProxies: ['10.0.0.1'],
    });
    const send = (xff: string) =>
      h.app.request('/v1/registrations', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': xff },
        body: '{}',
      });
    assert.equal((await send('192.0.2.1')).status, 400);
    assert.equal((await send('192.0.2.2')).status, 400);
    assert.equal((await send('192.0.2.1')).status, 429);
    const untrusted = createHarness({
      rateLimit: { perIp: { limit: 1, windowMs: 60_000 } },
      remoteAddress: () => '192.0.2.50',
    });
    const spoof = (xff: string) =>
      untrusted.app.request('/v1/registrations', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': xff },
        body: '{}',
      });
    assert.equal((await spoof('1.1.1.1')).status, 400);
    assert.equal((await spoof('2.2.2.2')).status, 429);
  });

  it('answers a CORS preflight for an allowed origin and withholds it from others', async () => {
    const h = createHarness();
    const preflight = (origin: string) =>
      h.app.request('/v1/registrations', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,idempotency-key',
        },
      });
    const allowed = await preflight('https://shop.example');
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /idempotency-key/i);
    const refused = await preflight('https://evil.example');
    assert.equal(refused.headers.get('access-control-allow-origin'), null);
  });

  it('answers a 1 MB body with 413 PAYLOAD_TOO_LARGE, streamed or with a length', async () => {
    const h = createHarness();
    const big = JSON.stringify({ token: 'x'.repeat(1024 * 1024) });
    const res = await h.register(big);
    assert.equal(res.status, 413);
    assert.equal((await json(res)).code, 'PAYLOAD_TOO_LARGE');
    const stream = new Blob([big]).stream();
    const chunked = await h.app.request('/v1/registrations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    assert.equal(chunked.status, 413);
    const merchant = await h.merchant('POST', '/v1/tokens', {
      customer_uid: 'x'.repeat(1024 * 1024),
    });
    assert.equal(merchant.status, 413);
  });

  it('sets secure headers and a request id, and answers unknown routes with the error shape', async () => {
    const h = createHarness();
    const res = await h.app.request('/healthz');
    assert.deepEqual(await res.json(), { status: 'ok' });
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.match(res.headers.get('x-request-id') ?? '', /.{8,}/);
    const missing = await h.app.request('/nope');
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), {
      status: 'failed',
      code: 'NOT_FOUND',
      message: 'No such route.',
      request_id: missing.headers.get('x-request-id'),
    });
  });

  it('serves the OpenAPI document covering every route', async () => {
    const h = createHarness();
    const doc = await json(await h.app.request('/openapi.json'));
    assert.equal(doc.openapi, '3.1.0');
    const paths = Object.keys(doc.paths as object);
    for (const p of [
      '/v1/tokens',
      '/v1/registrations',
      '/v1/charges',
      '/v1/billing-keys/{customer_uid}',
      '/v1/payments/{merchant_uid}',
      '/v1/webhooks/iamport',
      '/healthz',
      '/imp-card.js',
    ]) {
      assert.ok(paths.includes(p), p);
    }
  });

  it('mounts inside a merchant app with app.route(), authorize replacing tokens', async () => {
    const { Hono } = await import('hono');
    const h = createHarness({
      authorize: (c) =>
        c.req.header('x-session') === 'alice'
          ? { jti: 'session-alice-1', customer_uid: 'alice', mode: 'billing_key' }
          : null,
    });
    const merchant = new Hono();
    merchant.route('/payments', h.app);
    const send = (session: string) =>
      merchant.request('/payments/v1/registrations', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-session': session },
        body: JSON.stringify(cardBody('unused')),
      });
    assert.equal((await send('mallory')).status, 401);
    const ok = await send('alice');
    assert.equal(ok.status, 200);
    assert.equal(((await json(ok)).billing_key as Record<string, unknown>).customer_uid, 'alice');
  });
});
