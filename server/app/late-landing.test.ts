// A lost billing-key call that lands after the in-doubt window, replayed through the HTTP API
// (app.request, the real i'mport client, the in-process sandbox) in seconds: a short client timeout
// and window stand for i'mport's 30 s and the default 60 s.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createServer } from './create-server.ts';
import type { BillingKeyChangedEvent } from './payments/intents.ts';
import { createMemoryStore } from './store/memory-store.ts';
import { API_KEY, CARDS, TOKEN_SECRET, cardBody, createHarness, json } from '../testing/index.ts';

const WINDOW_MS = 1_200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function setup() {
  const changes: BillingKeyChangedEvent[] = [];
  const store = createMemoryStore();
  const h = createHarness({
    store,
    client: { timeoutMs: 300, reconcileDelaysMs: [0] },
    upstreamWindowMs: WINDOW_MS,
    onBillingKeyChanged: (event) => {
      changes.push(event);
    },
  });
  const register = async (customerUid: string, card: string) =>
    h.register(cardBody(await h.token({ customer_uid: customerUid, mode: 'billing_key' }), card));
  return { ...h, store, changes, register };
}

/** Polls until `done` holds or `ms` have passed. */
async function until(done: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  for (const end = Date.now() + ms; !(await done()) && Date.now() < end;) await sleep(25);
}

/**
 * Margin past the window: the window runs from when the server sent the call, which on a loaded
 * machine (the whole suite runs files concurrently) is a few hundred ms after the test's request.
 */
const MARGIN_MS = 400;

/** Card X's issue is lost (502 OUTCOME_UNKNOWN), then card Y is saved after the window. */
async function lostThenReplaced(
  t: ReturnType<typeof setup>,
  customerUid: string,
  fault: { kind: 'delay'; ms: number } | { kind: 'hang' },
) {
  const startedMs = Date.now();
  t.sandbox.injectFault({ method: 'POST', path: `/subscribe/customers/${customerUid}`, ...fault });
  const lost = await t.register(customerUid, CARDS.approved);
  assert.equal(lost.status, 502);
  assert.equal((await json(lost)).code, 'OUTCOME_UNKNOWN');
  const held = await t.register(customerUid, CARDS.other);
  assert.equal(held.status, 409);
  assert.equal((await json(held)).code, 'CUSTOMER_IN_DOUBT');
  await sleep(startedMs + WINDOW_MS + MARGIN_MS - Date.now());
  const saved = await t.register(customerUid, CARDS.other);
  assert.equal(saved.status, 200, JSON.stringify(await saved.clone().json()));
  assert.equal(
    ((await json(saved)).billing_key as { card_number: string }).card_number.slice(-4),
    '4444',
  );
}

describe('late landings', () => {
  it('a lost call landing after the window is reported once and the customer is held again', async () => {
    const t = setup();
    await lostThenReplaced(t, 'late_c', { kind: 'delay', ms: WINDOW_MS * 2 });
    const landed = async () =>
      (await t.iamport.getBillingKey('late_c'))?.card_number?.slice(-4) === '4242';
    await until(landed, WINDOW_MS * 2); // the lost call lands: i'mport holds card X
    assert.equal((await t.iamport.getBillingKey('late_c'))?.card_number?.slice(-4), '4242');
    await until(() => t.changes.length > 0, WINDOW_MS * 2);

    assert.deepEqual(t.changes, [
      {
        customer_uid: 'late_c',
        saved: { card_name: t.changes[0]?.saved?.card_name ?? null, last4: '4444' },
        found: { card_name: t.changes[0]?.found?.card_name ?? null, last4: '4242' },
      },
    ]);
    const logged = t.logs.filter((e) => e.event === 'billing_key.changed');
    assert.equal(logged.length, 1);
    assert.equal(logged[0]?.customer_uid, 'late_c');
    const metrics = await (await t.merchant('GET', '/metrics')).text();
    assert.match(metrics, /impcard_billing_key_changes_total 1\b/);
    // No card data beyond the brand and last four, in the event or the log.
    const told = JSON.stringify([t.changes, logged]);
    assert.doesNotMatch(told, /555555|424242|\d{6,}/);

    // Held again: the next registration waits a window, then goes through and is told.
    const next = await t.register('late_c', CARDS.other);
    assert.equal(next.status, 409);
    assert.equal((await json(next)).code, 'CUSTOMER_IN_DOUBT');
    await sleep(WINDOW_MS + MARGIN_MS);
    const again = await t.register('late_c', CARDS.other);
    assert.equal(again.status, 200);
    assert.equal((await t.iamport.getBillingKey('late_c'))?.card_number?.slice(-4), '4444');
    await sleep(WINDOW_MS + 300);
    assert.equal(t.changes.length, 1, 'reported once');
  });

  it('nothing is reported when the lost call landed within the window or never does', async () => {
    const t = setup();
    await lostThenReplaced(t, 'early_c', { kind: 'delay', ms: WINDOW_MS * 0.6 });
    await lostThenReplaced(t, 'never_c', { kind: 'hang' });
    // A deletion after it is watched against no key.
    assert.equal((await t.merchant('DELETE', '/v1/billing-keys/never_c')).status, 200);
    await sleep(WINDOW_MS * 2);
    t.sandbox.releaseHangs();
    assert.deepEqual(t.changes, []);
    assert.equal(t.logs.filter((e) => e.event === 'billing_key.changed').length, 0);
    const fine = await t.register('early_c', CARDS.other);
    assert.equal(fine.status, 200, 'the customer is not held');
  });

  it('a newer lost call of ours landing in its own window is not reported', async () => {
    const t = setup();
    await lostThenReplaced(t, 'again_c', { kind: 'hang' });
    t.sandbox.releaseHangs();
    // Card Y's watch is running; a third card's issue is lost too and lands within its window.
    t.sandbox.injectFault({
      method: 'POST',
      path: '/subscribe/customers/again_c',
      kind: 'delay',
      ms: WINDOW_MS * 0.5,
    });
    const lost = await t.register('again_c', CARDS.approved);
    assert.equal(lost.status, 502);
    await sleep(WINDOW_MS * 2);
    assert.equal((await t.iamport.getBillingKey('again_c'))?.card_number?.slice(-4), '4242');
    assert.deepEqual(t.changes, []);
    const next = await t.register('again_c', CARDS.other);
    assert.equal(next.status, 200, 'the doubt is settled as usual');
    assert.deepEqual(t.changes, []);
  });

  it("another instance's registration reads the card back before replacing it", async () => {
    const t = setup();
    const elsewhere: BillingKeyChangedEvent[] = [];
    // A second instance on the same store and i'mport, as behind a load balancer.
    const other = createServer({
      iamport: t.iamport,
      store: t.store,
      tokenSecret: TOKEN_SECRET,
      apiKey: API_KEY,
      allowedOrigins: ['https://shop.example'],
      rateLimit: false,
      logger: false,
      upstreamWindowMs: WINDOW_MS,
      onBillingKeyChanged: (event) => {
        elsewhere.push(event);
      },
    });
    await lostThenReplaced(t, 'moved_c', { kind: 'delay', ms: WINDOW_MS * 1.8 });
    // As soon as the lost call has landed (the first instance's read-back is due a window after
    // card Y was saved, later than this).
    await until(
      async () => (await t.iamport.getBillingKey('moved_c'))?.card_number?.slice(-4) === '4242',
      WINDOW_MS,
    );
    const token = await t.token({ customer_uid: 'moved_c', mode: 'billing_key' });
    const res = await other.request('/v1/registrations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(cardBody(token, CARDS.other)),
    });
    assert.equal(res.status, 409);
    assert.equal((await json(res)).code, 'CUSTOMER_IN_DOUBT');
    assert.deepEqual(
      elsewhere.map((e) => [e.customer_uid, e.saved?.last4, e.found?.last4]),
      [['moved_c', '4444', '4242']],
    );
    await sleep(WINDOW_MS); // the first instance's timer finds nothing left to read back
    assert.deepEqual(t.changes, []);
  });
});
