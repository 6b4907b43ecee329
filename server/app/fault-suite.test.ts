// The fault suite over real HTTP: the server on a real port, the sandbox on another. Each
// sandbox fault on each money-moving call (billing-key issue, onetime, again) gets a definite
// answer (200, 402) or a retryable one (502 OUTCOME_UNKNOWN, 503/409 with Retry-After); retried with
// the same token or merchant_uid, it ends definite, with at most one paid payment per merchant_uid.
// The same holds when i'mport's clock is 10 s off ours either way (the client measures the skew
// from the getToken answer's `now`): a billing-key issue that landed is found, never sent again,
// and the answer is the one paid payment.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startSandbox, type StartSandboxOptions } from '../sandbox/index.ts';
import { createServer } from './create-server.ts';
import {
  API_KEY,
  CARDS,
  TOKEN_SECRET,
  cardBody,
  sandboxClient,
  serveOnLoopback,
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

interface Definite {
  status: number;
  seen: string[];
  body: {
    billing_key?: { card_number: string };
    payment?: { imp_uid: string; amount: number; status: string };
  };
}

/** The server on a loopback port in front of a sandbox on another, as in production. */
async function startPair(sandboxOptions: StartSandboxOptions = {}) {
  const upstream = await startSandbox({ testControls: true, ...sandboxOptions });
  const iamport = sandboxClient(upstream.url, { timeoutMs: 400, reconcileDelaysMs: [0, 100] });
  const app = createServer({
    iamport,
    tokenSecret: TOKEN_SECRET,
    apiKey: API_KEY,
    rateLimit: false,
    logger: false,
    upstreamWindowMs: 1500,
  });
  const server = await serveOnLoopback(app.fetch);
  const base = server.url;

  /** Sends until the answer is definite; checks that every answer on the way was retryable. */
  async function untilDefinite(send: () => Promise<Response>): Promise<Definite> {
    const seen: string[] = [];
    for (let i = 0; i < 60; i++) {
      const res = await send();
      const body = (await res.json()) as Definite['body'] & { code?: string };
      if (res.status === 200 || res.status === 402) return { status: res.status, seen, body };
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

  return {
    upstream,
    untilDefinite,
    reader: () => sandboxClient(upstream.url),
    register:
      (token: string, card: string = CARDS.approved) =>
      () =>
        fetch(`${base}/v1/registrations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(cardBody(token, card)),
        }),
    charge: (customerUid: string, merchantUid: string, amount: number) => () =>
      fetch(`${base}/v1/charges`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
        body: JSON.stringify({
          customer_uid: customerUid,
          merchant_uid: merchantUid,
          amount,
          name: 'Order',
        }),
      }),
    async close() {
      upstream.sandbox.releaseHangs();
      await server.close();
      await upstream.close();
    },
  };
}

type Pair = Awaited<ReturnType<typeof startPair>>;

/**
 * Runs one case on a sandbox and a server of its own: a fault is injected into a sandbox's next
 * matching request, so cases that share one cannot run at once, and each waits out real delays.
 */
async function withPair(options: StartSandboxOptions, run: (pair: Pair) => Promise<void>) {
  const pair = await startPair(options);
  try {
    await run(pair);
  } finally {
    await pair.close();
  }
}

describe('fault suite over real HTTP', { concurrency: true }, () => {
  for (const fault of FAULTS) {
    it(`billing-key issue, ${fault.kind}: definite after retries, the key is the card`, () =>
      withPair({}, async ({ upstream, reader, untilDefinite, register }) => {
        const customer = `fs_bk_${fault.kind}`;
        upstream.sandbox.injectFault({
          method: 'POST',
          path: `/subscribe/customers/${customer}`,
          ...fault,
        });
        const { token } = await signRegistrationToken(TOKEN_SECRET, {
          customer_uid: customer,
          mode: 'billing_key',
        });
        const { status } = await untilDefinite(register(token));
        assert.equal(status, 200);
        await sleep(fault.kind === 'delay' ? 1000 : 0);
        const key = await reader().getBillingKey(customer);
        assert.ok(key?.card_number?.endsWith('4242'));
      }));

    it(`onetime, ${fault.kind}: at most one paid for the merchant_uid`, () =>
      withPair({}, async ({ upstream, untilDefinite, register }) => {
        const order = `fs_ot_${fault.kind}`;
        upstream.sandbox.injectFault({
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
        const { status } = await untilDefinite(register(token));
        assert.equal(status, 200);
        await sleep(fault.kind === 'delay' ? 1000 : 0);
        assert.equal(upstream.sandbox.attempts(order).filter((a) => a.status === 'paid').length, 1);
      }));

    it(`again, ${fault.kind}: at most one paid for the merchant_uid`, () =>
      withPair({}, async ({ upstream, untilDefinite, register, charge: chargeOf }) => {
        const customer = `fs_ag_c_${fault.kind}`;
        const { token } = await signRegistrationToken(TOKEN_SECRET, {
          customer_uid: customer,
          mode: 'billing_key',
        });
        assert.equal((await untilDefinite(register(token))).status, 200);
        const order = `fs_ag_${fault.kind}`;
        upstream.sandbox.injectFault({
          method: 'POST',
          path: '/subscribe/payments/again',
          ...fault,
        });
        const charge = chargeOf(customer, order, 500);
        assert.equal((await untilDefinite(charge)).status, 200);
        await sleep(fault.kind === 'delay' ? 1000 : 0);
        assert.equal(upstream.sandbox.attempts(order).filter((a) => a.status === 'paid').length, 1);
      }));
  }
});

for (const offsetMs of [-10_000, 10_000]) {
  const skew = offsetMs < 0 ? 'behind' : 'ahead of';
  describe(`fault suite, i'mport's clock 10 s ${skew} ours`, { concurrency: true }, () => {
    const clock = { now: () => Date.now() + offsetMs };
    const tag = offsetMs < 0 ? 'behind' : 'ahead';
    const paid = (pair: Pair, order: string) =>
      pair.upstream.sandbox.attempts(order).filter((a) => a.status === 'paid');

    for (const fault of [FAULTS[0], FAULTS[3]]) {
      it(`billing-key issue, ${fault.kind}: the landed key is the answer, issued once`, () =>
        withPair(clock, async (pair) => {
          const customer = `fs_skew_bk_${tag}_${fault.kind}`;
          const path = `/subscribe/customers/${customer}`;
          pair.upstream.sandbox.injectFault({ method: 'POST', path, ...fault });
          const { token } = await signRegistrationToken(TOKEN_SECRET, {
            customer_uid: customer,
            mode: 'billing_key',
          });
          const { status, body } = await pair.untilDefinite(pair.register(token));
          assert.equal(status, 200);
          assert.ok(body.billing_key?.card_number.endsWith('4242'));
          assert.equal(pair.upstream.sandbox.callCount(path, 'POST'), 1);
          const key = await pair.reader().getBillingKey(customer);
          assert.ok(key?.card_number?.endsWith('4242'));
        }));

      it(`onetime, ${fault.kind}: one paid payment, and it is the answer`, () =>
        withPair(clock, async (pair) => {
          const order = `fs_skew_ot_${tag}_${fault.kind}`;
          pair.upstream.sandbox.injectFault({
            method: 'POST',
            path: '/subscribe/payments/onetime',
            ...fault,
          });
          const calls = pair.upstream.sandbox.callCount('/subscribe/payments/onetime', 'POST');
          const { token } = await signRegistrationToken(TOKEN_SECRET, {
            customer_uid: `fs_skew_ot_c_${tag}_${fault.kind}`,
            mode: 'billing_key_and_payment',
            amount: 1000,
            merchant_uid: order,
          });
          const { status, body } = await pair.untilDefinite(pair.register(token));
          assert.equal(status, 200);
          await sleep(fault.kind === 'delay' ? 1000 : 0);
          assert.equal(paid(pair, order).length, 1);
          assert.equal(body.payment?.imp_uid, paid(pair, order)[0]?.imp_uid);
          assert.equal(body.payment?.amount, 1000);
          // Found by the lookup: a payment POST is sent again only when it had not landed yet
          // (a "delay" lands late; the retry is bound to the merchant_uid).
          if (fault.kind === 'drop') {
            assert.equal(
              pair.upstream.sandbox.callCount('/subscribe/payments/onetime', 'POST'),
              calls + 1,
            );
          }
        }));

      it(`again, ${fault.kind}: one paid payment, and it is the answer`, () =>
        withPair(clock, async (pair) => {
          const customer = `fs_skew_ag_c_${tag}_${fault.kind}`;
          const { token } = await signRegistrationToken(TOKEN_SECRET, {
            customer_uid: customer,
            mode: 'billing_key',
          });
          assert.equal((await pair.untilDefinite(pair.register(token))).status, 200);
          const order = `fs_skew_ag_${tag}_${fault.kind}`;
          const calls = pair.upstream.sandbox.callCount('/subscribe/payments/again', 'POST');
          pair.upstream.sandbox.injectFault({
            method: 'POST',
            path: '/subscribe/payments/again',
            ...fault,
          });
          const { status, body } = await pair.untilDefinite(pair.charge(customer, order, 500));
          assert.equal(status, 200);
          await sleep(fault.kind === 'delay' ? 1000 : 0);
          assert.equal(paid(pair, order).length, 1);
          assert.equal(body.payment?.imp_uid, paid(pair, order)[0]?.imp_uid);
          if (fault.kind === 'drop') {
            assert.equal(
              pair.upstream.sandbox.callCount('/subscribe/payments/again', 'POST'),
              calls + 1,
            );
          }
        }));
    }
  });
}
