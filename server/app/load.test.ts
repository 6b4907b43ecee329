// Bounded load checks of DESIGN §3 on loopback: the server adds little to the upstream round trip
// (one upstream call per registration, the i'mport token cached), and holds hundreds of concurrent
// registrations against a slow upstream without an error.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { IamportClient } from '../iamport/index.ts';
import { startSandbox, type RunningSandbox } from '../sandbox/index.ts';
import { createServer } from './create-server.ts';
import {
  API_KEY,
  TOKEN_SECRET,
  VALID_CARD,
  cardBody,
  sandboxClient,
  serveOnLoopback,
} from '../testing/index.ts';
import { signRegistrationToken } from './token/sign-registration-token.ts';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

describe('load (loopback, bounded)', () => {
  let sandbox: RunningSandbox;
  let iamport: IamportClient;
  let url = '';
  let close: () => Promise<void> = async () => {};

  before(async () => {
    sandbox = await startSandbox({ port: 0, testControls: true });
    iamport = sandboxClient(sandbox.url);
    const app = createServer({
      iamport,
      tokenSecret: TOKEN_SECRET,
      apiKey: API_KEY,
      rateLimit: false,
      logger: false,
    });
    const server = await serveOnLoopback(app.fetch);
    url = server.url;
    close = server.close;
  });

  after(async () => {
    await close();
    await sandbox?.close();
  });

  const register = async (token: string) =>
    fetch(`${url}/v1/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(cardBody(token)),
    });
  const paymentToken = async (i: number) =>
    (
      await signRegistrationToken(TOKEN_SECRET, {
        customer_uid: `load_${i}`,
        mode: 'payment',
        amount: 1000 + i,
      })
    ).token;

  it('adds little to a direct i’mport call: one upstream call per registration', async (t) => {
    const n = 40;
    const direct: number[] = [];
    const viaServer: number[] = [];
    await iamport.getPayment('imps_000000000000'); // warm the token cache and the connections
    for (let i = 0; i < n; i++) {
      const started = performance.now();
      await iamport.payOnetime({
        merchant_uid: `direct_${i}`,
        amount: 1000,
        ...VALID_CARD,
      });
      direct.push(performance.now() - started);
    }
    const tokens = await Promise.all(Array.from({ length: n }, (_, i) => paymentToken(10_000 + i)));
    const before = sandbox.sandbox.callCount('/subscribe/payments/onetime');
    const getTokens = sandbox.sandbox.callCount('/users/getToken');
    for (const token of tokens) {
      const started = performance.now();
      assert.equal((await register(token)).status, 200);
      viaServer.push(performance.now() - started);
    }
    assert.equal(sandbox.sandbox.callCount('/subscribe/payments/onetime') - before, n);
    assert.equal(
      sandbox.sandbox.callCount('/users/getToken'),
      getTokens,
      'the i’mport token stayed cached',
    );
    direct.sort((a, b) => a - b);
    viaServer.sort((a, b) => a - b);
    const overhead = percentile(viaServer, 0.5) - percentile(direct, 0.5);
    t.diagnostic(
      `median: direct i'mport call ${percentile(direct, 0.5).toFixed(2)} ms, through the server ${percentile(viaServer, 0.5).toFixed(2)} ms (overhead ${overhead.toFixed(2)} ms); p95 through the server ${percentile(viaServer, 0.95).toFixed(2)} ms`,
    );
  });

  it('holds 300 concurrent registrations against an upstream slowed to 300 ms, without an error', async (t) => {
    const n = 300;
    const tokens = await Promise.all(Array.from({ length: n }, (_, i) => paymentToken(i)));
    sandbox.sandbox.injectFault({
      method: 'POST',
      path: '/subscribe/payments/onetime',
      kind: 'delay',
      ms: 300,
      times: n,
    });
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const statuses = await Promise.all(tokens.map(async (token) => (await register(token)).status));
    const wall = performance.now() - started;
    const counts = statuses.reduce<Record<number, number>>(
      (acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }),
      {},
    );
    assert.deepEqual(counts, { 200: n });
    t.diagnostic(
      `${n} concurrent registrations, upstream delayed 300 ms: all 200 in ${wall.toFixed(0)} ms wall; RSS ${(rssBefore / 2 ** 20).toFixed(0)} → ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`,
    );
  });
});
