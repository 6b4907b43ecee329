// The generated OpenAPI document against the app's real routes: every route the app answers is
// documented and nothing else is, with the statuses every route of its kind can answer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createServer } from '../create-server.ts';
import { API_KEY, TOKEN_SECRET, createHarness } from '../../testing/index.ts';
import { API_OPERATIONS } from './api-operations.ts';
import { buildOpenApiDocument } from './build-openapi-document.ts';

type Operation = {
  operationId: string;
  security: unknown[];
  responses: Record<string, { description: string; headers?: Record<string, unknown> }>;
  parameters?: { name: string; in: string; required?: boolean }[];
};
const doc = buildOpenApiDocument();
const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item as Record<string, Operation>).map(([method, op]) => ({ path, method, op })),
);
const find = (path: string, method: string): Operation => {
  const found = operations.find((o) => o.path === path && o.method === method);
  assert.ok(found, `${method} ${path}`);
  return found.op;
};

describe('OpenAPI document', () => {
  it('documents exactly the routes the app answers (app.routes) on V1 and on V2, demo page aside', () => {
    const routesOf = (app: ReturnType<typeof createHarness>['app']) =>
      app.routes
        .filter((r) => r.method !== 'ALL')
        .map((r) => `${r.method.toLowerCase()} ${r.path}`);
    const documentedOn = (version: 'v1' | 'v2') =>
      API_OPERATIONS.filter((o) => version === 'v2' || o.upstream !== 'v2').map(
        (o) => `${o.method} ${o.honoPath}`,
      );
    const v1 = new Set(routesOf(createHarness().app));
    assert.deepEqual([...v1].sort(), [...new Set(documentedOn('v1'))].sort());
    const onV2 = createServer({
      portoneApiSecret: 'portone-secret',
      portoneApiUrl: 'http://127.0.0.1:9',
      portoneChannelKey: 'channel-key-1',
      tokenSecret: TOKEN_SECRET,
      apiKey: API_KEY,
      logger: false,
    });
    const v2 = new Set(routesOf(onV2));
    assert.deepEqual([...v2].sort(), [...new Set(documentedOn('v2'))].sort());
    // Each table entry is in the document, under its OpenAPI path.
    for (const o of API_OPERATIONS) assert.equal(find(o.path, o.method).operationId, o.operationId);
    assert.equal(operations.length, API_OPERATIONS.length);
  });

  it('serves the generated document at /openapi.json', async () => {
    const { app } = createHarness();
    const res = await app.request('/openapi.json');
    assert.deepEqual(await res.json(), JSON.parse(JSON.stringify(doc)));
  });

  it('gives every operation a unique operationId, a security rule, and X-Request-Id on every answer', () => {
    const ids = operations.map((o) => o.op.operationId);
    assert.equal(new Set(ids).size, ids.length);
    for (const { path, method, op } of operations) {
      assert.ok(Array.isArray(op.security), `${method} ${path} security`);
      const isPublic = API_OPERATIONS.find((o) => o.path === path && o.method === method)!.auth;
      assert.equal(op.security.length === 0, isPublic === 'public', `${method} ${path}`);
      for (const [status, response] of Object.entries(op.responses)) {
        assert.ok(response.headers?.['X-Request-Id'], `${method} ${path} ${status} X-Request-Id`);
      }
    }
  });

  it('documents the statuses middleware adds: 429 on /v1, 413 and 400 on POST, 401 with a key, 500 everywhere', () => {
    for (const { path, method, op } of operations) {
      const at = `${method} ${path}`;
      assert.ok(op.responses['500'], `${at} 500`);
      if (path.startsWith('/v1/')) assert.ok(op.responses['429']?.headers?.['Retry-After'], at);
      if (method === 'post') {
        assert.ok(op.responses['413'], `${at} 413`);
        assert.ok(op.responses['400'], `${at} 400`);
      }
      if (op.security.length > 0) assert.ok(op.responses['401']?.headers?.['WWW-Authenticate'], at);
    }
  });

  it('routes that call i’mport document 502/503 UPSTREAM_UNAVAILABLE; a delete also OUTCOME_UNKNOWN', () => {
    for (const [path, method] of [
      ['/v1/registrations', 'post'],
      ['/v1/charges', 'post'],
      ['/v1/billing-keys/{customer_uid}', 'get'],
      ['/v1/billing-keys/{customer_uid}', 'delete'],
      ['/v1/payments/{merchant_uid}', 'get'],
      ['/v1/webhooks/iamport', 'post'],
    ] as const) {
      const op = find(path, method);
      assert.match(
        op.responses['502']?.description ?? '',
        /UPSTREAM_UNAVAILABLE/,
        `${method} ${path}`,
      );
      assert.match(
        op.responses['503']?.description ?? '',
        /UPSTREAM_UNAVAILABLE/,
        `${method} ${path}`,
      );
    }
    assert.match(
      find('/v1/billing-keys/{customer_uid}', 'delete').responses['502']!.description,
      /OUTCOME_UNKNOWN/,
    );
  });

  it('documents Idempotency-Key, Idempotent-Replayed and 422 IDEMPOTENCY_KEY_REUSED on registrations and charges', () => {
    for (const path of ['/v1/registrations', '/v1/charges']) {
      const op = find(path, 'post');
      assert.ok(op.parameters?.some((p) => p.name === 'Idempotency-Key' && p.in === 'header'));
      assert.ok(op.responses['200']?.headers?.['Idempotent-Replayed'], path);
      assert.match(op.responses['422']?.description ?? '', /IDEMPOTENCY_KEY_REUSED/, path);
    }
  });

  it('documents the refund: Idempotency-Key required, its 409 codes replayed like its success', () => {
    const op = find('/v1/payments/{merchant_uid}/cancel', 'post');
    const key = op.parameters?.find((p) => p.name === 'Idempotency-Key');
    assert.equal(key?.required, true);
    assert.equal(
      find('/v1/charges', 'post').parameters?.find((p) => p.name === 'Idempotency-Key')?.required,
      false,
    );
    assert.match(op.responses['409']?.description ?? '', /REFUND_CONFLICT, REFUND_NOT_ALLOWED/);
    assert.ok(op.responses['409']?.headers?.['Idempotent-Replayed']);
    assert.match(op.responses['422']?.description ?? '', /IDEMPOTENCY_KEY_REUSED/);
  });

  it('describes both widget builds with ETag, and the probes and metrics', () => {
    assert.ok(find('/imp-card.js', 'get').responses['200']?.headers?.ETag);
    assert.ok(find('/imp-card.mjs', 'get').responses['304']);
    assert.ok(find('/readyz', 'get').responses['503']);
    assert.deepEqual(find('/metrics', 'get').security, [{ apiKey: [] }, { metricsToken: [] }]);
  });
});
