// The demo is loaded with its first request: createServer knows its routes without importing it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHarness, json } from '../../testing/index.ts';
import { demoRoutes } from './demo-routes.ts';

describe('the sandbox demo', () => {
  const h = createHarness({ demo: { sandboxUrl: 'http://127.0.0.1:8788' } });

  it('has exactly the routes createServer registers for it', () => {
    const own = demoRoutes({
      now: Date.now,
      sandboxUrl: undefined,
      callMerchantApi: () => Promise.reject(new Error('not called')),
      events: [],
    }).routes.filter((r) => r.method !== 'ALL');
    assert.ok(own.length > 0);
    for (const { method, path } of own) {
      assert.ok(
        h.app.routes.some((r) => r.method === method && r.path === path),
        `${method} ${path} is registered by createServer`,
      );
    }
    const registered = h.app.routes
      .filter((r) => r.path === '/' || r.path.startsWith('/demo'))
      .filter((r) => r.method !== 'ALL');
    assert.equal(registered.length, own.length);
  });

  it('serves the page, its script and styles, and its backend', async () => {
    const page = await h.app.request('http://localhost:8787/');
    assert.equal(page.status, 200);
    assert.match(await page.text(), /SANDBOX MODE/);
    assert.match(page.headers.get('content-security-policy') ?? '', /frame-src http:\/\/127/);
    assert.match((await h.app.request('/demo.js')).headers.get('content-type') ?? '', /javascript/);
    assert.match((await h.app.request('/demo.css')).headers.get('content-type') ?? '', /css/);
    const token = await h.post('/demo/api/tokens', { user: 'demo_alice', mode: 'billing_key' });
    assert.equal(token.status, 201);
    assert.equal(typeof (await json(token)).token, 'string');
    assert.deepEqual(await json(await h.app.request('/demo/api/events')), { events: [] });
  });

  it('answers its refusals typed, with the request id, and 405 around its routes', async () => {
    const refused = await h.post('/demo/api/tokens', { user: 'mallory', mode: 'billing_key' });
    assert.equal(refused.status, 400);
    const body = await json(refused);
    assert.equal(body.code, 'INVALID_REQUEST');
    assert.equal(body.request_id, refused.headers.get('x-request-id'));
    const wrong = await h.app.request('/', { method: 'POST' });
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'GET, HEAD');
  });

  it('is not there without the demo option', async () => {
    assert.equal((await createHarness().app.request('/')).status, 404);
  });
});
