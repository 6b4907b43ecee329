// Mounting the impcard app inside a merchant's existing server: a Hono app under a sub-path,
// Express behind a global express.json(), Fastify and a Next.js-style route handler through the
// Web-standard fetch handler. Each serves a real registration against the sandbox.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import { Hono } from 'hono';
import { createServer, signRegistrationToken } from '../app/index.ts';
import { API_KEY, TOKEN_SECRET, cardBody, createInProcessIamport } from '../testing/index.ts';
import { nodeHandler } from './node.ts';

const ORIGIN = 'https://shop.example';

function impcard(extra: Partial<Parameters<typeof createServer>[0]> = {}) {
  const { iamport } = createInProcessIamport();
  return createServer({
    iamport,
    tokenSecret: TOKEN_SECRET,
    apiKey: API_KEY,
    allowedOrigins: [ORIGIN],
    logger: false,
    ...extra,
  });
}

async function registration(customer: string): Promise<RequestInit> {
  const { token } = await signRegistrationToken(TOKEN_SECRET, {
    customer_uid: customer,
    mode: 'billing_key',
  });
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify(cardBody(token)),
  };
}

async function assertRegistered(response: Response, customer: string): Promise<void> {
  const body = (await response.json()) as {
    status: string;
    billing_key?: { customer_uid: string };
  };
  assert.equal(response.status, 200, JSON.stringify(body));
  assert.equal(body.status, 'success');
  assert.equal(body.billing_key?.customer_uid, customer);
}

/**
 * What a merchant page loads through the mount: the loader, the form it names, the frame page and
 * the two scripts that page names, each resolved against the URL it was found in (as a browser does).
 */
async function assertWidgetServed(
  get: (url: string) => Response | Promise<Response>,
  base: string,
) {
  const loaderUrl = new URL('imp-card.js', base).href;
  const loader = await get(loaderUrl);
  assert.equal(loader.status, 200, loaderUrl);
  assert.equal(loader.headers.get('cross-origin-resource-policy'), 'cross-origin');
  const [inline] = /imp-card-inline\.[0-9a-f]{16}\.js/.exec(await loader.text()) ?? [];
  assert.ok(inline, 'the loader names the form');
  const frameUrl = new URL(`frame?origin=${encodeURIComponent(ORIGIN)}`, loaderUrl).href;
  const frame = await get(frameUrl);
  assert.equal(frame.status, 200, frameUrl);
  assert.match(
    frame.headers.get('content-security-policy') ?? '',
    /frame-ancestors https:\/\/shop/,
  );
  const scripts = [...(await frame.text()).matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
  assert.equal(scripts.length, 2);
  for (const src of [inline, ...scripts]) {
    const url = new URL(src, frameUrl).href;
    const script = await get(url);
    assert.equal(script.status, 200, url);
    assert.match(script.headers.get('content-type') ?? '', /javascript/);
    assert.ok((await script.text()).length > 1000, url);
  }
}

describe('mounted in a Hono app under a sub-path', () => {
  const app = new Hono();
  app.get('/', (c) => c.text('the merchant shop'));
  app.route('/impcard', impcard());

  it('serves registrations, CORS and health under /impcard', async () => {
    await assertRegistered(
      await app.request('/impcard/v1/registrations', await registration('hono_sub')),
      'hono_sub',
    );
    const preflight = await app.request('/impcard/v1/registrations', {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), ORIGIN);
    assert.deepEqual(await (await app.request('/impcard/healthz')).json(), { status: 'ok' });
    assert.equal(await (await app.request('/')).text(), 'the merchant shop');
  });

  it('serves the widget, the form and the frame under /impcard/', async () => {
    await assertWidgetServed((url) => app.request(url), 'http://shop.example/impcard/');
  });
});

describe('mounted in Express behind a global express.json() and express.urlencoded()', () => {
  let url: string;
  let close: () => Promise<void>;

  before(async () => {
    const app = express();
    app.use(express.json());
    // A shop's login forms: it also parses i'mport's form-encoded webhooks before impcard sees them.
    app.use(express.urlencoded({ extended: false }));
    app.use('/impcard', nodeHandler(impcard()));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });
  after(() => close());

  it('serves a registration although express.json() consumed the body', async () => {
    await assertRegistered(
      await fetch(`${url}/impcard/v1/registrations`, await registration('express_json')),
      'express_json',
    );
  });

  it('still answers the typed 413 over the body limit', async () => {
    const init = await registration('express_big');
    const body = { ...(JSON.parse(init.body as string) as object), padding: 'x'.repeat(9000) };
    const response = await fetch(`${url}/impcard/v1/registrations`, {
      ...init,
      body: JSON.stringify(body),
    });
    assert.equal(response.status, 413);
    assert.equal(((await response.json()) as { code: string }).code, 'PAYLOAD_TOO_LARGE');
  });

  it('serves the widget, the form and the frame under /impcard/', async () => {
    await assertWidgetServed((u) => fetch(u), `${url}/impcard/`);
  });

  it('still reads a form-encoded webhook that express.urlencoded() parsed first', async () => {
    const response = await fetch(`${url}/impcard/v1/webhooks/iamport`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'imp_uid=imps_000000000000&merchant_uid=order_1&status=paid',
    });
    // Parsed and looked up (an unknown payment is ignored), not refused as "needs an imp_uid".
    assert.equal(response.status, 200, await response.clone().text());
    assert.deepEqual(await response.json(), { status: 'ignored', reason: 'unknown payment' });
  });

  it('still validates: a parsed body with a bad field is a 400 naming the field', async () => {
    const init = await registration('express_bad');
    const body = { ...(JSON.parse(init.body as string) as object), expiry: '2031-13' };
    const response = await fetch(`${url}/impcard/v1/registrations`, {
      ...init,
      body: JSON.stringify(body),
    });
    assert.equal(response.status, 400);
    const failure = (await response.json()) as { code: string; fields?: Record<string, string> };
    assert.equal(failure.code, 'INVALID_REQUEST');
    assert.ok(failure.fields?.['expiry'], JSON.stringify(failure));
  });
});

describe('mounted in Fastify through the fetch handler', () => {
  let fastify: FastifyInstance;
  let url: string;
  const seen: string[] = [];

  before(async () => {
    const app = impcard({
      // The peer address Fastify saw, passed as the fetch handler's env.
      remoteAddress: (c) => {
        const address = (c.env as { remoteAddress?: string } | undefined)?.remoteAddress;
        if (address) seen.push(address);
        return address;
      },
    });
    fastify = Fastify();
    await fastify.register((scope, _options, done) => {
      // impcard reads and limits its own bodies: hand them over unparsed.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, next) =>
        next(null, body),
      );
      scope.all('/impcard/*', async (request, reply) => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(request.headers)) {
          if (value !== undefined)
            headers.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
        const response = await app.fetch(
          new Request(`http://${request.host}${request.url.slice('/impcard'.length)}`, {
            method: request.method,
            headers,
            ...(hasBody && request.body ? { body: new Uint8Array(request.body as Buffer) } : {}),
          }),
          { remoteAddress: request.ip },
        );
        void reply.status(response.status).headers(Object.fromEntries(response.headers));
        return reply.send(Buffer.from(await response.arrayBuffer()));
      });
      done();
    });
    url = await fastify.listen({ port: 0, host: '127.0.0.1' });
  });
  after(() => fastify.close());

  it('serves a registration and passes the client address', async () => {
    await assertRegistered(
      await fetch(`${url}/impcard/v1/registrations`, await registration('fastify')),
      'fastify',
    );
    assert.ok(seen.includes('127.0.0.1'), `addresses seen: ${seen.join(', ')}`);
  });

  it('serves the widget, the form and the frame under /impcard/', async () => {
    await assertWidgetServed((u) => fetch(u), `${url}/impcard/`);
  });
});

describe('a Next.js-style route handler (app/api/impcard/[...path]/route.ts)', () => {
  // What the route file exports: Next calls them with the Web Request of the full path.
  const app = new Hono().route('/api/impcard', impcard());
  const handler = (request: Request) => app.fetch(request);
  const route = { GET: handler, POST: handler, OPTIONS: handler };

  it('serves a registration and the health check', async () => {
    await assertRegistered(
      await route.POST(
        new Request(
          'https://shop.example/api/impcard/v1/registrations',
          await registration('next'),
        ),
      ),
      'next',
    );
    const health = await route.GET(new Request('https://shop.example/api/impcard/healthz'));
    assert.deepEqual(await health.json(), { status: 'ok' });
  });

  it('serves the widget, the form and the frame under /api/impcard/', async () => {
    await assertWidgetServed(
      (url) => route.GET(new Request(url)),
      'https://shop.example/api/impcard/',
    );
  });
});
