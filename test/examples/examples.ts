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
  /** A process whose output is shown when a step fails. */
  watch: (name: string, output: () => string) => void;
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

async function until<T>(
  what: string | (() => Promise<string>),
  probe: () => T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : await what()}`);
    }
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

/**
 * Starts the sandbox and the shop as its README says: .env from .env.example with this run's
 * ports, `npm start`. The shop is `localhost`, impcard the same app as `127.0.0.1`.
 */
async function startShop(
  dir: string,
  { cleanup, watch }: Pick<ExampleContext, 'cleanup' | 'watch'>,
): Promise<{ sandbox: string; shop: string; pay: string }> {
  const started = await startSandbox(dir);
  cleanup(() => started.stop());
  watch('sandbox', started.output);
  const port = await freePort();
  const shop = `http://localhost:${port}`;
  const pay = `http://127.0.0.1:${port}`;
  const env = readFileSync(join(dir, '.env.example'), 'utf8')
    .replace(/^PORT=.*$/m, `PORT=${port}`)
    .replace(/^SHOP_ORIGIN=.*$/m, `SHOP_ORIGIN=${shop}`)
    .replace(/^PAY_ORIGIN=.*$/m, `PAY_ORIGIN=${pay}`)
    .replace(/^IMP_API_URL=.*$/m, `IMP_API_URL=${started.url}`)
    .replace(/^IMPCARD_TOKEN_SECRET=.*$/m, `IMPCARD_TOKEN_SECRET=${SECRETS.IMPCARD_TOKEN_SECRET}`)
    .replace(/^IMPCARD_API_KEY=.*$/m, `IMPCARD_API_KEY=${SECRETS.IMPCARD_API_KEY}`);
  writeFileSync(join(dir, '.env'), env);
  // PORT in the environment too: `next start` reads it from there, not from .env.
  const app = await start('npm', ['start'], dir, { PORT: String(port) }, () => answers(`${shop}/`));
  cleanup(() => app.stop());
  watch('shop', app.output);
  return { sandbox: started.url, shop, pay };
}

/** `POST /v1/charges` on impcard, as the merchant's backend sends it. */
async function merchantCharge(
  impcard: string,
  body: object,
  idempotencyKey: string,
): Promise<{ status: number; replayed: boolean; body: { payment?: { imp_uid: string } } }> {
  const response = await fetch(`${impcard}/v1/charges`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${SECRETS.IMPCARD_API_KEY}`,
      'content-type': 'application/json',
      'idempotency-key': idempotencyKey,
    },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    replayed: response.headers.get('idempotent-replayed') === 'true',
    body: (await response.json()) as { payment?: { imp_uid: string } },
  };
}

/**
 * A charge as a merchant's backend sends it, then the same again (a retry): one answer replayed,
 * one payment at i'mport. Returns the payment's imp_uid.
 */
async function chargeTwice(
  impcard: string,
  sandbox: string,
  customerUid: string,
  merchantUid: string,
): Promise<string> {
  const charge = {
    customer_uid: customerUid,
    merchant_uid: merchantUid,
    amount: 9900,
    name: 'impcard 월간 구독',
  };
  const first = await merchantCharge(impcard, charge, merchantUid);
  assert.equal(first.status, 200, JSON.stringify(first.body));
  const again = await merchantCharge(impcard, charge, merchantUid);
  assert.equal(again.status, 200);
  assert.equal(again.replayed, true);
  assert.equal((await attempts(sandbox, merchantUid)).length, 1);
  return first.body.payment!.imp_uid;
}

/** A refund made in i'mport's console: i'mport then sends the payment's webhook. */
async function consoleCancel(sandbox: string, impUid: string): Promise<void> {
  const auth = (await (
    await fetch(`${sandbox}/users/getToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ imp_key: 'sandbox_imp_key', imp_secret: 'sandbox_imp_secret' }),
    })
  ).json()) as { response: { access_token: string } };
  const cancelled = await fetch(`${sandbox}/payments/cancel`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: auth.response.access_token },
    body: JSON.stringify({ imp_uid: impUid, reason: '고객 요청', enable_webhook: true }),
  });
  assert.equal(((await cancelled.json()) as { code: number }).code, 0);
}

/**
 * The shops without a charge job (hono, nextjs): one card registered in the browser, a charge
 * from the merchant's backend sent twice under one key, a refund in the console reaching onPayment.
 */
function shopWithoutJob(name: string, install: (dir: string) => void): ExampleRun {
  return {
    name,
    steps: STEPS,
    async run({ tarball, browser, step, cleanup, watch }) {
      let dir = '';
      let running = { sandbox: '', shop: '', pay: '' };
      await step('install', () => {
        dir = installExample(name, tarball);
        install(dir);
      });
      await step('start', async () => {
        running = await startShop(dir, { cleanup, watch });
      });
      const visit = await openShop(browser);
      cleanup(() => visit.close());
      await step('widget loaded', async () => {
        await reachCardForm(visit, running.shop, 'dana');
        assert.deepEqual(visit.problems, [], 'the page logs no error');
        // Rendered on the server: the element is in the HTML before any script runs.
        const html = await (await visit.page.request.get(`${running.shop}/subscribe`)).text();
        assert.match(html, /<imp-card-form[^>]*>/);
      });
      await step('registered', async () => {
        assert.match(await submitCard(visit, CARDS.approved), /카드가 등록되었습니다/);
        const saved = await until('the saved card', () => readDb(dir)['cust_dana']);
        assert.match(saved.card_number ?? '', /^\d{6,8}\*+\d{4}$/);
      });
      let impUid = '';
      await step('charged', async () => {
        impUid = await chargeTwice(
          `${running.pay}/impcard`,
          running.sandbox,
          'cust_dana',
          'cust_dana_202701',
        );
        const paid = await until(
          'onPayment (paid)',
          () => readDb(dir)['cust_dana']?.payments['cust_dana_202701'],
        );
        // Whoever saw it first: the charge's answer, or i'mport's webhook racing it.
        assert.ok(['charge', 'webhook'].includes(paid.source), paid.source);
        assert.equal(paid.status, 'paid');
      });
      await step('webhook', async () => {
        await consoleCancel(running.sandbox, impUid);
        const deliveries = async () =>
          JSON.stringify(await (await fetch(`${running.sandbox}/__sandbox/webhooks`)).json());
        const cancelled = await until(
          async () => `onPayment (cancelled); webhooks: ${await deliveries()}`,
          () => {
            const payment = readDb(dir)['cust_dana']?.payments['cust_dana_202701'];
            return payment?.status === 'cancelled' ? payment : undefined;
          },
        );
        // A cancel is told as a refund (once per cancellation), whoever saw it first.
        assert.equal(cancelled.source, 'refund');
      });
    },
  };
}

/** examples/express: the whole shop, the monthly job with a declined card and a card in doubt. */
const express: ExampleRun = {
  name: 'express',
  steps: STEPS,
  async run({ tarball, browser, step, cleanup, watch }) {
    let dir = '';
    let sandbox = '';
    let shop = '';
    await step('install', () => {
      dir = installExample('express', tarball);
    });
    await step('start', async () => {
      ({ sandbox, shop } = await startShop(dir, { cleanup, watch }));
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

/** examples/hono: the shop with app.route(), type-checked against the merchant's own hono. */
const hono = shopWithoutJob('hono', (dir) => run('npm', ['run', '--silent', 'typecheck'], dir));

/** examples/nextjs: App Router, the React component on a server-rendered page, a route handler. */
const nextjs = shopWithoutJob('nextjs', (dir) => {
  // `next build` reads .env too: the origins are fixed per run by startShop, so build with any.
  writeFileSync(join(dir, '.env'), readFileSync(join(dir, '.env.example'), 'utf8'));
  run('npm', ['run', '--silent', 'build'], dir, { NEXT_TELEMETRY_DISABLED: '1' });
});

/**
 * examples/script-tag: a static page on one origin, `npx impcard` (sandbox mode) on another, and
 * a backend that mints tokens over HTTP. Webhooks are checked in impcard's own log: the command
 * has no merchant hook.
 */
const scriptTag: ExampleRun = {
  name: 'script-tag',
  steps: STEPS,
  async run({ tarball, browser, step, cleanup, watch }) {
    let dir = '';
    let shop = '';
    let impcard = '';
    let sandbox = '';
    let impcardOutput = () => '';
    await step('install', () => {
      dir = installExample('script-tag', tarball);
    });
    await step('start', async () => {
      const [shopPort, impcardPort] = [await freePort(), await freePort()];
      shop = `http://localhost:${shopPort}`;
      impcard = `http://127.0.0.1:${impcardPort}`;
      const server = await start(
        'npx',
        ['--no-install', 'impcard'],
        dir,
        {
          PORT: String(impcardPort),
          SANDBOX_PORT: '0',
          IMP_KEY: '',
          IMPCARD_API_KEY: SECRETS.IMPCARD_API_KEY,
          IMPCARD_ALLOWED_ORIGINS: shop,
          IMPCARD_PUBLIC_URL: impcard,
        },
        (out) => /i'mport sandbox: http/.test(out),
      );
      cleanup(() => server.stop());
      watch('impcard', server.output);
      impcardOutput = server.output;
      sandbox = /i'mport sandbox: (http:\/\/\S+)/.exec(server.output())![1]!;
      writeFileSync(
        join(dir, '.env'),
        readFileSync(join(dir, '.env.example'), 'utf8')
          .replace(/^SHOP_PORT=.*$/m, `SHOP_PORT=${shopPort}`)
          .replace(/^IMPCARD_URL=.*$/m, `IMPCARD_URL=${impcard}`)
          .replace(/^IMPCARD_API_KEY=.*$/m, `IMPCARD_API_KEY=${SECRETS.IMPCARD_API_KEY}`),
      );
      const site = await start('npm', ['run', 'shop'], dir, {}, () => answers(`${shop}/`));
      cleanup(() => site.stop());
      watch('shop', site.output);
    });
    const visit = await openShop(browser);
    cleanup(() => visit.close());
    await step('widget loaded', async () => {
      await visit.page.goto(`${shop}/`);
      await visit.page
        .frameLocator('imp-card-form iframe')
        .locator('#card_number')
        .waitFor({ state: 'visible', timeout: 15_000 });
      assert.deepEqual(visit.problems, [], 'the page logs no error');
    });
    await step('registered', async () => {
      assert.match(await submitCard(visit, CARDS.approved), /카드가 등록되었습니다/);
      const key = await fetch(`${impcard}/v1/billing-keys/cust_script_tag`, {
        headers: { authorization: `Bearer ${SECRETS.IMPCARD_API_KEY}` },
      });
      assert.equal(key.status, 200);
    });
    let impUid = '';
    await step('charged', async () => {
      impUid = await chargeTwice(impcard, sandbox, 'cust_script_tag', 'script_tag_202701');
    });
    await step('webhook', async () => {
      await consoleCancel(sandbox, impUid);
      // impcard re-queried i'mport and saw the cancel (its log; the command calls no merchant hook).
      await until("webhook.processed (cancelled) in impcard's log", () =>
        impcardOutput()
          .split('\n')
          .find(
            (line) =>
              line.includes('"event":"webhook.processed"') &&
              line.includes(`"imp_uid":"${impUid}"`) &&
              line.includes('"status":"cancelled"') &&
              line.includes('"result":"notified"'),
          ),
      );
    });
  },
};

export const EXAMPLES: readonly ExampleRun[] = [express, hono, nextjs, scriptTag];
