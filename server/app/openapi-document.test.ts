// The OpenAPI document must list every status a route can really answer (README's code table).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openApiDocument } from './openapi-document.ts';

type Operation = { responses: Record<string, { description: string }> };
const paths = openApiDocument.paths as unknown as Record<string, Record<string, Operation>>;
const op = (path: string, method: string): Operation => {
  const found = paths[path]?.[method];
  assert.ok(found, `${method} ${path}`);
  return found;
};

describe('OpenAPI document', () => {
  it('every /v1 route is rate-limited and body-limited, so documents 429 and 413', () => {
    for (const [path, item] of Object.entries(paths)) {
      if (!path.startsWith('/v1/')) continue;
      for (const [method, operation] of Object.entries(item)) {
        if (method === 'parameters') continue;
        assert.ok(operation.responses['429'], `${method} ${path} 429`);
        if (method === 'post') assert.ok(operation.responses['413'], `${method} ${path} 413`);
      }
    }
  });

  it('routes that call i’mport document 502 UPSTREAM_UNAVAILABLE (credentials refused)', () => {
    for (const [path, method] of [
      ['/v1/registrations', 'post'],
      ['/v1/charges', 'post'],
      ['/v1/billing-keys/{customer_uid}', 'get'],
      ['/v1/billing-keys/{customer_uid}', 'delete'],
      ['/v1/payments/{merchant_uid}', 'get'],
      ['/v1/webhooks/iamport', 'post'],
    ] as const) {
      assert.match(
        op(path, method).responses['502']?.description ?? '',
        /UPSTREAM_UNAVAILABLE/,
        `${method} ${path}`,
      );
    }
    // A lost answer to a delete cannot be settled by a lookup.
    assert.match(
      op('/v1/billing-keys/{customer_uid}', 'delete').responses['502']!.description,
      /OUTCOME_UNKNOWN/,
    );
  });

  it('describes both widget builds: /imp-card.js (script tag) and /imp-card.mjs (module)', () => {
    assert.ok(op('/imp-card.js', 'get'));
    assert.ok(op('/imp-card.mjs', 'get'));
  });
});
