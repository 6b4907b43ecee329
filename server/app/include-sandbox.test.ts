// i'mport hides test-channel payments from GET /payments/{imp_uid} unless asked (since
// 2026-01-26): with `impIncludeSandbox` / IMP_INCLUDE_SANDBOX the webhook's re-query asks.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createServer } from './create-server.ts';
import { envConfig } from '../runtimes/node/env-config.ts';

/** A stand-in for api.iamport.kr that records every path and query it is asked. */
const seen: string[] = [];
const upstream = createHttpServer((req, res) => {
  seen.push(req.url ?? '');
  res.setHeader('content-type', 'application/json');
  // An unknown payment is HTTP 404, as i'mport answers it.
  if (req.url !== '/users/getToken') res.statusCode = 404;
  const now = Math.floor(Date.now() / 1000);
  res.end(
    JSON.stringify(
      req.url === '/users/getToken'
        ? { code: 0, message: null, response: { access_token: 't', now, expired_at: now + 1800 } }
        : { code: -1, message: '존재하지 않는 결제정보입니다.', response: null },
    ),
  );
});
let base = '';
before(async () => {
  upstream.listen(0, '127.0.0.1');
  await once(upstream, 'listening');
  base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
after(() => upstream.close());

async function webhookLookup(impIncludeSandbox: boolean | undefined): Promise<string> {
  const app = createServer({
    impKey: 'k',
    impSecret: 's',
    impApiUrl: base,
    ...(impIncludeSandbox !== undefined && { impIncludeSandbox }),
    tokenSecret: 'x'.repeat(32),
    apiKey: 'y'.repeat(16),
    logger: false,
  });
  seen.length = 0;
  const res = await app.request('/v1/webhooks/iamport', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ imp_uid: 'imps_000000000001', merchant_uid: 'm', status: 'paid' }),
  });
  assert.equal(res.status, 200);
  const lookup = seen.find((u) => u.startsWith('/payments/imps_000000000001'));
  assert.ok(lookup, `the webhook re-queried the payment (saw ${seen.join(', ')})`);
  return lookup;
}

describe('include_sandbox on webhook re-queries', () => {
  it('is asked for with impIncludeSandbox', async () => {
    assert.match(await webhookLookup(true), /[?&]include_sandbox=true\b/);
  });

  it('is not asked for by default', async () => {
    assert.doesNotMatch(await webhookLookup(undefined), /include_sandbox/);
  });

  it('IMP_INCLUDE_SANDBOX is read as a flag, and a bad value names the variable', () => {
    const env = { IMP_KEY: 'k', IMP_SECRET: 's', IMPCARD_TOKEN_SECRET: 't', IMPCARD_API_KEY: 'a' };
    assert.equal(envConfig(env).includeSandbox, false);
    assert.equal(envConfig({ ...env, IMP_INCLUDE_SANDBOX: 'true' }).includeSandbox, true);
    assert.throws(
      () => envConfig({ ...env, IMP_INCLUDE_SANDBOX: 'yes please' }),
      /IMP_INCLUDE_SANDBOX must be true or false/,
    );
  });
});
