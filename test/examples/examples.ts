// What test:examples does with each example, step by step. Every step asserts what a merchant
// would check by hand: the card form appears, the card is saved, the charge is paid once, the
// webhook reaches the merchant's hook.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { CARDS } from '../../server/testing/test-cards.ts';
import { openShop, reachCardForm, submitCard } from './drive-shop.ts';
import { answers, freePort, installExample, run, start, startSandbox } from './example-project.ts';

export const STEPS = [
  'install',
  'start',
  'widget loaded',
  'registered',
  'charged',
  'webhook',
] as const;
export type Step = (typeof STEPS)[number];

export interface ExampleContext {
  tarball: string;
  browser: Browser;
  step: (step: Step, fn: () => Promise<void> | void) => Promise<void>;
  cleanup: (fn: () => Promise<void>) => void;
}

export interface ExampleRun {
  name: string;
  steps: readonly Step[];
  run(ctx: ExampleContext): Promise<void>;
}

const SECRETS = {
  IMPCARD_TOKEN_SECRET: 'examples-token-secret-0123456789abcdef',
  IMPCARD_API_KEY: 'examples-api-key-0123456789',
};

interface Subscription {
  customer_uid: string;
  card_number?: string;
  status?: string;
  payments: Record<string, { status: string; source: string; amount: number }>;
}

const readDb = (dir: string): Record<string, Subscription> => {
  try {
    return JSON.parse(readFileSync(join(dir, 'data/subscriptions.json'), 'utf8')) as Record<
      string,
      Subscription
    >;
  } catch {
    return {};
  }
};

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The sandbox's record of every attempt under a merchant_uid (its test controls). */
async function attempts(sandbox: string, merchantUid: string): Promise<{ status: string }[]> {
  const response = await fetch(`${sandbox}/__sandbox/payments?merchant_uid=${merchantUid}`);
  return ((await response.json()) as { response: { status: string }[] }).response;
}

async function injectFault(sandbox: string, spec: object): Promise<void> {
  const response = await fetch(`${sandbox}/__sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(spec),
  });
  assert.ok(response.ok, `fault not accepted: ${await response.text()}`);
}

/** The job's JSON lines, one per customer charged. */
function charge(dir: string, month: string): Record<string, { outcome: string; code?: string }> {
  const out = run('npm', ['run', '--silent', 'charge', '--', month], dir);
  return Object.fromEntries(
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { customer_uid: string; outcome: string; code?: string })
      .map((r) => [r.customer_uid, r]),
  );
}

/** examples/express: the whole shop, the monthly job with a declined card and a card in doubt. */
const express: ExampleRun = {
  name: 'express',
  steps: STEPS,
  async run({ tarball, browser, step, cleanup }) {
    let dir = '';
    let sandbox = '';
    let shop = '';
    await step('install', () => {
      dir = installExample('express', tarball);
    });
    await step('start', async () => {
      const started = await startSandbox(dir);
      cleanup(() => started.stop());
      sandbox = started.url;
      const port = await freePort();
      shop = `http://localhost:${port}`;
      // As the README says: .env from .env.example, with this run's ports.
      const env = readFileSync(join(dir, '.env.example'), 'utf8')
        .replace(/^PORT=.*$/m, `PORT=${port}`)
        .replace(/^SHOP_ORIGIN=.*$/m, `SHOP_ORIGIN=${shop}`)
        .replace(/^PAY_ORIGIN=.*$/m, `PAY_ORIGIN=http://127.0.0.1:${port}`)
        .replace(/^IMP_API_URL=.*$/m, `IMP_API_URL=${sandbox}`)
        .replace(
          /^IMPCARD_TOKEN_SECRET=.*$/m,
          `IMPCARD_TOKEN_SECRET=${SECRETS.IMPCARD_TOKEN_SECRET}`,
        )
        .replace(/^IMPCARD_API_KEY=.*$/m, `IMPCARD_API_KEY=${SECRETS.IMPCARD_API_KEY}`);
      writeFileSync(join(dir, '.env'), env);
      const app = await start('npm', ['start'], dir, {}, () => answers(`${shop}/`));
      cleanup(() => app.stop());
    });
    const visits = await Promise.all(['alice', 'bob', 'carol'].map(() => openShop(browser)));
    cleanup(async () => {
      for (const v of visits) await v.close();
    });
    const [alice, bob, carol] = visits as [
      (typeof visits)[0],
      (typeof visits)[0],
      (typeof visits)[0],
    ];
    await step('widget loaded', async () => {
      await reachCardForm(alice, shop, 'alice');
      assert.deepEqual(alice.problems, [], 'the page under its strict CSP logs no error');
    });
    await step('registered', async () => {
      assert.match(await submitCard(alice, CARDS.approved), /카드가 등록되었습니다/);
      // bob's card is accepted for a billing key and declined when charged (the sandbox's rule).
      await reachCardForm(bob, shop, 'bob');
      assert.match(await submitCard(bob, CARDS.declined), /카드가 등록되었습니다/);
      await reachCardForm(carol, shop, 'carol');
      assert.match(await submitCard(carol, CARDS.other), /카드가 등록되었습니다/);
      // The shop's records, from impcard's onBillingKeyIssued: masked cards only.
      const db = await until('three saved cards', () => {
        const all = readDb(dir);
        return Object.keys(all).length === 3 ? all : undefined;
      });
      assert.match(db['cust_alice']!.card_number!, /^\d{6,8}\*+\d{4}$/);
      assert.doesNotMatch(JSON.stringify(db), /4242424242424242|4000000000000002/);
      await alice.page.goto(`${shop}/account`);
      assert.match((await alice.page.locator('#card').textContent()) ?? '', /\*{4}/);
    });
    await step('charged', async () => {
      const first = charge(dir, '2027-01');
      assert.equal(first['cust_alice']?.outcome, 'paid');
      assert.equal(first['cust_bob']?.outcome, 'declined');
      assert.equal(first['cust_carol']?.outcome, 'paid');
      // Run again (cron fired twice): bob's decline is replayed under the same key, nobody paid twice.
      const again = charge(dir, '2027-01');
      assert.deepEqual(Object.keys(again), ['cust_bob']);
      assert.equal(again['cust_bob']?.outcome, 'declined');
      for (const customer of ['alice', 'bob', 'carol']) {
        assert.equal((await attempts(sandbox, `cust_${customer}_202701`)).length, 1, customer);
      }
      assert.equal(readDb(dir)['cust_bob']?.status, 'past_due');
    });
    await step('webhook', async () => {
      // i'mport takes alice's February payment but the answer is lost, and the lookup fails too:
      // the job cannot know. i'mport's webhook tells the shop (onPayment, source "webhook").
      await injectFault(sandbox, {
        method: 'POST',
        path: '/subscribe/payments/again',
        kind: 'drop',
      });
      // The lookup fails for all three tries of impcard's client (a GET is retried twice).
      await injectFault(sandbox, {
        method: 'GET',
        path: '/payments/find/*',
        kind: 'error500',
        times: 3,
      });
      const february = charge(dir, '2027-02');
      assert.equal(february['cust_alice']?.outcome, 'pending', JSON.stringify(february));
      assert.equal(february['cust_alice']?.code, 'OUTCOME_UNKNOWN');
      const settled = await until('the webhook for alice', () => {
        const payment = readDb(dir)['cust_alice']?.payments['cust_alice_202702'];
        return payment?.status === 'paid' ? payment : undefined;
      });
      assert.equal(settled.source, 'webhook');
      // The next run asks again with the same key: paid, and still one payment at i'mport.
      const pending = (await (await fetch(`${sandbox}/__sandbox/faults`)).json()) as {
        response: unknown[];
      };
      assert.deepEqual(pending.response, [], 'every injected fault was met');
      const rerun = charge(dir, '2027-02');
      assert.equal(
        rerun['cust_alice'],
        undefined,
        'the webhook already settled it: not charged again',
      );
      assert.equal(
        (await attempts(sandbox, 'cust_alice_202702')).filter((a) => a.status === 'paid').length,
        1,
      );
    });
  },
};

export const EXAMPLES: readonly ExampleRun[] = [express];
