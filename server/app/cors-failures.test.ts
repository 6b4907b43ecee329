// The widget runs on the merchant's origin: every answer of POST /v1/registrations, failures
// included, must be readable there, or a typed failure turns into an opaque network error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cardBody, createHarness, json } from '../testing/index.ts';

const ORIGIN = 'https://shop.example';

describe('CORS on failures of POST /v1/registrations', () => {
  it('413, 400, 401 and 429 answers carry the allowed origin and the exposed headers', async () => {
    const h = createHarness({ rateLimit: { perIp: { limit: 2, windowMs: 60_000 } } });
    const headers = { origin: ORIGIN };
    const tooLarge = await h.register(JSON.stringify({ token: 'x'.repeat(20_000) }), headers);
    const malformed = await h.register('{bad', headers);
    const badToken = await h.register(cardBody('a.b.c'), headers);
    const limited = await h.register(cardBody('a.b.c'), headers);
    for (const [res, status] of [
      [tooLarge, 413],
      [malformed, 400],
      [badToken, 401],
      [limited, 429],
    ] as const) {
      assert.equal(res.status, status);
      assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN, `${status}`);
      assert.match(res.headers.get('access-control-expose-headers') ?? '', /Retry-After/);
      assert.equal((await json(res)).status, 'failed');
    }
  });

  it('a refused origin gets no CORS header on a failure either', async () => {
    const h = createHarness();
    const res = await h.register(JSON.stringify({ token: 'x'.repeat(20_000) }), {
      origin: 'https://evil.example',
    });
    assert.equal(res.status, 413);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });

  it('a refused preflight is logged for the merchant, naming the origin (the page only sees a network error)', async () => {
    const h = createHarness();
    const res = await h.app.request('/v1/registrations', {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.other.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(res.headers.get('access-control-allow-origin'), null);
    const line = h.logs.find((l) => l.event === 'cors.origin_refused');
    assert.equal(line?.level, 'warn');
    assert.equal(line?.['origin'], 'https://shop.other.example');
    const allowed = createHarness({ allowedOrigins: [ORIGIN] });
    await allowed.app.request('/v1/registrations', {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
    });
    assert.ok(!allowed.logs.some((l) => l.event === 'cors.origin_refused'));
  });
});
