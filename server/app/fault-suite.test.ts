// Issue 7's fault suite over real HTTP: the server on a real port, the sandbox on another. Each
// sandbox fault on each money-moving call (billing-key issue, onetime, again) gets a definite
// answer (200, 402) or a retryable one (502 OUTCOME_UNKNOWN, 503/409 with Retry-After); retried with
// the same token or merchant_uid, it ends definite, with at most one paid payment per merchant_uid.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../sandbox/index.ts';
import { createServer } from './create-server.ts';
import {
  API_KEY,
  CARDS,
  TOKEN_SECRET,
  cardBody,
  sandboxClient,
  serveOnLoopback,
  type Served,
} from '../testing/index.ts';
import { signRegistrationToken } from './token/sign-registration-token.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const RETRYABLE = new Set([
  'OUTCOME_UNKNOWN',
  'UPSTREAM_UNAVAILABLE',
  'CUSTOMER_IN_DOUBT',
  'STORE_UNAVAILABLE',
]);
const FAULTS = [
  { kind: 'delay', ms: 900 }, // past the 400 ms timeout and the lookups: lands late
  { kind: 'error500' },
  { kind: 'hang' },
  { kind: 'drop' }, // after the commit
] as const;

interface Harness {
  upstream: RunningSandbox;
  base: string;
  reader: () => ReturnType<typeof sandboxClient>;
  close: () => Promise<void>;
}

/** The sandbox and the server on their own ports, for one case. */
async function startHarness(): Promise<Harness> {
  const upstream = await startSandbox({ testControls: true });
  const iamport = sandboxClient(upstream.url, { timeoutMs: 400, reconcileDelaysMs: [0, 100] });
  const app = createServer({
    iamport,
    tokenSecret: TOKEN_SECRET,
    apiKey: API_KEY,
    rateLimit: false,
    logger: false,
    upstreamWindowMs: 1500,
  });
  const server: Served = await serveOnLoopback(app.fetch);
  return {
    upstream,
    base: server.url,
    reader: () => sandboxClient(upstream.url),
    close: async () => {
      upstream.sandbox.releaseHangs();
      await server.close();
      await upstream.close();
    },
  };
}

// The cases share nothing (a sandbox, a server and ids of their own each, and releaseHangs only
// reaches the case's own sandbox), so they run at once: the suite takes its slowest case's time.
describe('fault suite over real HTTP', { concurrency: true }, () => {
  /** Sends until the answer is definite; checks that every answer on the way was retryable. */
  async function untilDefinite(
    { upstream }: Harness,
    send: () => Promise<Response>,
  ): Promise<{ status: number; seen: string[] }> {
    const seen: string[] = [];
    for (let i = 0; i < 60; i++) {
      const res = await send();
      const body = (await res.json()) as { code?: string };
      if (res.status === 200 || res.status === 402) return { status: res.status, seen };
      assert.ok(
        body.code && RETRYABLE.has(body.code),
        `${res.status} ${body.code} is neither definite nor retryable`,
      );
      if (res.status === 503 || res.status === 409) assert.ok(res.headers.get('retry-after'));
      seen.push(`${res.status} ${body.code}`);
      upstream.sandbox.releaseHangs();
      await sleep(150);
    }
    throw new Error(`no definite answer: ${seen.join(', ')}`);
  }

  const register =
    ({ base }: Harness, token: string, card: string = CARDS.approved) =>
    () =>
      fetch(`${base}/v1/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(cardBody(token, card)),
      });

  for (const fault of FAULTS) {
    it(`billing-key issue, ${fault.kind}: definite after retries, the key is the card`, async (t) => {
      const h = await startHarness();
      t.after(h.close);
      const customer = `fs_bk_${fault.kind}`;
      h.upstream.sandbox.injectFault({
        method: 'POST',
        path: `/subscribe/customers/${customer}`,
        ...fault,
      });
      const { token } = await signRegistrationToken(TOKEN_SECRET, {
        customer_uid: customer,
        mode: 'billing_key',
      });
      const { status } = await untilDefinite(h, register(h, token));
      assert.equal(status, 200);
      await sleep(fault.kind === 'delay' ? 1000 : 0);
      const key = await h.reader().getBillingKey(customer);
      assert.ok(key?.card_number?.endsWith('4242'));
    });

    it(`onetime, ${fault.kind}: at most one paid for the merchant_uid`, async (t) => {
      const h = await startHarness();
      t.after(h.close);
      const order = `fs_ot_${fault.kind}`;
      h.upstream.sandbox.injectFault({
        method: 'POST',
        path: '/subscribe/payments/onetime',
        ...fault,
      });
      const { token } = await signRegistrationToken(TOKEN_SECRET, {
        customer_uid: `fs_ot_c_${fault.kind}`,
        mode: 'billing_key_and_payment',
        amount: 1000,
        merchant_uid: order,
      });
      const { status } = await untilDefinite(h, register(h, token));
      assert.equal(status, 200);
      await sleep(fault.kind === 'delay' ? 1000 : 0);
      assert.equal(h.upstream.sandbox.attempts(order).filter((a) => a.status === 'paid').length, 1);
    });

    it(`again, ${fault.kind}: at most one paid for the merchant_uid`, async (t) => {
      const h = await startHarness();
      t.after(h.close);
      const customer = `fs_ag_c_${fault.kind}`;
      const { token } = await signRegistrationToken(TOKEN_SECRET, {
        customer_uid: customer,
        mode: 'billing_key',
      });
      assert.equal((await untilDefinite(h, register(h, token))).status, 200);
      const order = `fs_ag_${fault.kind}`;
      h.upstream.sandbox.injectFault({
        method: 'POST',
        path: '/subscribe/payments/again',
        ...fault,
      });
      const charge = () =>
        fetch(`${h.base}/v1/charges`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
          body: JSON.stringify({
            customer_uid: customer,
            merchant_uid: order,
            amount: 500,
            name: 'Order',
          }),
        });
      assert.equal((await untilDefinite(h, charge)).status, 200);
      await sleep(fault.kind === 'delay' ? 1000 : 0);
      assert.equal(h.upstream.sandbox.attempts(order).filter((a) => a.status === 'paid').length, 1);
    });
  }
});
