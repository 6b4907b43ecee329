// The payment rules without HTTP: the real i'mport client against the in-process sandbox, a memory
// store with a movable clock, and the payments module's own functions. The tests of a money defect
// found by a red-team review each failed before its fix.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LogFn } from '../logger.ts';
import { isServerError } from '../server-error.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { StoreUnavailableError, type Store } from '../store/store.ts';
import { chargeOnce } from './charge-once.ts';
import { createBillingKeyWatch } from './billing-key-watch.ts';
import { createCustomerDoubts } from './customer-doubt.ts';
import type { RegistrationIntent } from './intents.ts';
import { payOnce } from './pay-once.ts';
import { refundOnce } from './refund-once.ts';
import { createPaymentLedger } from './payment-ledger.ts';
import { registerCard, type RegisterDeps } from './register-card.ts';
import { cardMark, createRegistrationLedger } from './registration-ledger.ts';
import { lockNames, storeKeys } from './store-keys.ts';
import { withLock } from './with-lock.ts';
import { iamportUpstream } from '../../iamport/index.ts';
import { CARDS, VALID_CARD, createInProcessIamport, validCard } from '../../testing/index.ts';

const WINDOW_MS = 5_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function setup(options: { store?: Store; iamportClockOffsetMs?: number } = {}) {
  // i'mport's clock minus ours; the client measures it from the token's `now`.
  let offset = options.iamportClockOffsetMs ?? 0;
  const { sandbox, iamport } = createInProcessIamport({
    sandbox: { now: () => Date.now() + offset },
    client: { timeoutMs: 400, reconcileDelaysMs: [0, 100] },
  });
  // Real time plus a skip: the sandbox sleeps in real time, the window is skipped over.
  let skipped = 0;
  const now = () => Date.now() + skipped;
  const store = options.store ?? createMemoryStore({ now });
  const ledger = createPaymentLedger({ store, onPayment: undefined });
  const logs: { event: string }[] = [];
  const log: LogFn = (_level, event) => void logs.push({ event });
  const upstream = iamportUpstream(iamport);
  const doubts = createCustomerDoubts({ store, upstream, now, windowMs: WINDOW_MS });
  const lock = { ttlMs: WINDOW_MS, waitMs: 2_000, pollMs: 5 };
  const deps: RegisterDeps = {
    upstream,
    store,
    ledger,
    registrations: createRegistrationLedger(store),
    doubts,
    watch: createBillingKeyWatch({ store, upstream, doubts, lock, now, windowMs: WINDOW_MS, log }),
    lock,
    now,
    maxAttempts: 3,
    noticeUrl: undefined,
    log,
  };
  return {
    sandbox,
    iamport,
    upstream,
    store,
    ledger,
    deps,
    logs,
    skip: (ms: number) => (skipped += ms),
    /** Moves i'mport's clock without the client noticing (its skew is read at getToken). */
    setIamportClockOffset: (ms: number) => (offset = ms),
  };
}

let jtis = 0;
function intent(fields: Partial<RegistrationIntent> & Pick<RegistrationIntent, 'mode'>) {
  return {
    jti: `jti-${++jtis}`,
    customer_uid: 'cust',
    exp: Math.floor(Date.now() / 1000) + 900,
    ...fields,
  } as RegistrationIntent;
}
const card = (number: string = CARDS.approved) => ({ token: 'unused', ...validCard(number) });
const again = (merchantUid: string, amount: number, customerUid = 'cust') => ({
  customerId: customerUid,
  paymentId: merchantUid,
  amount: { total: amount, currency: 'KRW' },
  orderName: 'Order',
});

async function issueKey(t: ReturnType<typeof setup>, customerUid: string) {
  await t.iamport.issueBillingKey(customerUid, VALID_CARD);
}

describe('payOnce', () => {
  it('a conflicting amount for a paid merchant_uid is refused before any upstream call, and the expected amount stays', async () => {
    const t = setup();
    await issueKey(t, 'cust');
    const paid = await payOnce(t.deps, {
      kind: 'billing-key',
      customerUid: 'cust',
      input: again('m3', 1000),
    });
    assert.equal(paid.status, 'paid');
    const calls = t.sandbox.callCount('/subscribe/payments/again', 'POST');
    await assert.rejects(
      payOnce(t.deps, { kind: 'billing-key', customerUid: 'cust', input: again('m3', 5000) }),
      (e) => isServerError(e, 'MERCHANT_UID_CONFLICT'),
    );
    assert.equal(t.sandbox.callCount('/subscribe/payments/again', 'POST'), calls);
    assert.equal((await t.ledger.expected('m3'))?.amount, 1000);
    // Another customer under the same merchant_uid is refused too.
    await assert.rejects(
      payOnce(t.deps, {
        kind: 'billing-key',
        customerUid: 'other',
        input: again('m3', 1000, 'other'),
      }),
      (e) => isServerError(e, 'MERCHANT_UID_CONFLICT'),
    );
  });

  it('a retry of a paid merchant_uid with the same amount answers that payment, paid once', async () => {
    const t = setup();
    await issueKey(t, 'cust');
    const request = {
      kind: 'billing-key',
      customerUid: 'cust',
      input: again('m-same', 700),
    } as const;
    const first = await payOnce(t.deps, request);
    const second = await payOnce(t.deps, request);
    assert.equal(second.transactionId, first.transactionId);
    assert.equal(t.sandbox.attempts('m-same').filter((a) => a.status === 'paid').length, 1);
  });

  it('a payment sent and never answered is OUTCOME_UNKNOWN (not "nothing happened"); the same merchant_uid then pays once', async () => {
    const t = setup();
    await issueKey(t, 'cust');
    t.sandbox.injectFault({ method: 'POST', path: '/subscribe/payments/again', kind: 'hang' });
    await assert.rejects(
      payOnce(t.deps, { kind: 'billing-key', customerUid: 'cust', input: again('m2', 900) }),
      (e: { code?: string }) => e.code === 'OUTCOME_UNKNOWN',
    );
    t.sandbox.releaseHangs?.();
    const paid = await payOnce(t.deps, {
      kind: 'billing-key',
      customerUid: 'cust',
      input: again('m2', 900),
    });
    assert.equal(paid.status, 'paid');
    assert.equal(t.sandbox.attempts('m2').filter((a) => a.status === 'paid').length, 1);
  });

  it('a late landing after OUTCOME_UNKNOWN is found by the retry, never paid twice', async () => {
    const t = setup();
    await issueKey(t, 'cust');
    // Lands at 700 ms, after the 400 ms timeout and the lookups at +0 and +100 ms.
    t.sandbox.injectFault({
      method: 'POST',
      path: '/subscribe/payments/again',
      kind: 'delay',
      ms: 700,
    });
    await assert.rejects(
      payOnce(t.deps, { kind: 'billing-key', customerUid: 'cust', input: again('m-late', 300) }),
      (e: { code?: string }) => e.code === 'OUTCOME_UNKNOWN',
    );
    await sleep(400);
    const paid = await payOnce(t.deps, {
      kind: 'billing-key',
      customerUid: 'cust',
      input: again('m-late', 300),
    });
    assert.equal(paid.status, 'paid');
    assert.equal(t.sandbox.attempts('m-late').filter((a) => a.status === 'paid').length, 1);
  });

  it('without the store nothing is sent upstream', async () => {
    const failing = createMemoryStore();
    failing.setIfAbsent = () => Promise.reject(new StoreUnavailableError('down'));
    const t = setup({ store: failing });
    await assert.rejects(
      payOnce(t.deps, { kind: 'billing-key', customerUid: 'cust', input: again('m5', 100) }),
      StoreUnavailableError,
    );
    assert.equal(t.sandbox.callCount('/subscribe/payments/again', 'POST'), 0);
  });
});

describe('the lock', () => {
  it('is released only by its owner: a holder that outlived its TTL leaves the next holder’s lock', async () => {
    let t = 0;
    const store = createMemoryStore({ now: () => t });
    let release!: () => void;
    const first = withLock(store, 'x', { ttlMs: 100, waitMs: 0 }, async () => {
      await new Promise<void>((r) => (release = r));
    });
    await sleep(0);
    t = 200; // the first holder's TTL passed (a stalled instance)
    let secondInside = false;
    const second = withLock(store, 'x', { ttlMs: 100, waitMs: 0 }, async () => {
      secondInside = true;
      release();
      await first;
      // The first holder has finished and tried to release: the lock is still the second's.
      assert.notEqual(await store.get(storeKeys.lock('x')), null);
    });
    await second;
    assert.ok(secondInside);
    assert.equal(await store.get(storeKeys.lock('x')), null);
  });

  it('is held under the keys docs/operations.md lists, which instances of every version share', () => {
    assert.deepEqual(
      [
        lockNames.registration('j1'),
        lockNames.customer('c1'),
        lockNames.payment('m1'),
        lockNames.charge('k1'),
      ].map(storeKeys.lock),
      ['lock:reg:j1', 'lock:customer:c1', 'lock:pay:m1', 'lock:idem:k1'],
    );
  });

  it('a waiting caller gives up with a retryable answer naming Retry-After', async () => {
    const store = createMemoryStore();
    await store.set(storeKeys.lock('busy'), 'dead instance', 60_000);
    await assert.rejects(
      withLock(store, 'busy', { ttlMs: 1000, waitMs: 30 }, () => Promise.resolve()),
      (e) => isServerError(e, 'UPSTREAM_UNAVAILABLE') && e.retryAfter !== undefined,
    );
  });
});

/** The store behind a switch: while `down`, every call fails as a stopped Redis does. */
function withOutage(store: Store) {
  const state = { down: false };
  const gate =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A) =>
      state.down ? Promise.reject(new StoreUnavailableError('down')) : fn(...args);
  const gated: Store = {
    get: gate((key) => store.get(key)),
    set: gate((key, value, ttlMs) => store.set(key, value, ttlMs)),
    setIfAbsent: gate((key, value, ttlMs) => store.setIfAbsent(key, value, ttlMs)),
    increment: gate((key, ttlMs) => store.increment(key, ttlMs)),
    delete: gate((key) => store.delete(key)),
    deleteIfEquals: gate((key, expected) => store.deleteIfEquals(key, expected)),
  };
  return { state, store: gated };
}

describe('customer doubts while the store is down', () => {
  const lost = (jti: string) => ({
    jti,
    kind: 'billing_key' as const,
    last4: '1111',
    startedMs: 0,
  });

  it('a doubt is kept, a check before Redis is back answers 503 without calling i’mport, and the first check after writes it and refuses', async () => {
    const t = setup();
    const { state, store } = withOutage(t.store);
    const doubts = createCustomerDoubts({
      store,
      upstream: t.upstream,
      now: t.deps.now,
      windowMs: WINDOW_MS,
      retryMs: 60_000,
    });
    state.down = true;
    assert.equal(
      await doubts.mark('c-down', { ...lost('j-down'), startedMs: t.deps.now() }),
      'pending',
    );
    const lookups = t.sandbox.callCount('/subscribe/customers/c-down', 'GET');
    const request = { jti: 'j-other', kind: 'billing_key' as const, last4: '4444' };
    await assert.rejects(
      doubts.settle('c-down', request, async () => {}),
      StoreUnavailableError,
    );
    await assert.rejects(doubts.assertSettled('c-down'), StoreUnavailableError);
    assert.equal(t.sandbox.callCount('/subscribe/customers/c-down', 'GET'), lookups);
    state.down = false;
    await assert.rejects(
      doubts.settle('c-down', request, async () => {}),
      (e) => isServerError(e, 'CUSTOMER_IN_DOUBT'),
    );
    await assert.rejects(doubts.assertSettled('c-down'), (e) =>
      isServerError(e, 'CUSTOMER_IN_DOUBT'),
    );
    assert.equal(doubts.pendingCount, 0);
    assert.notEqual(await t.store.get(storeKeys.customerInDoubt('c-down')), null);
  });

  it('at most maxPending wait (the oldest is dropped and logged); a timer writes them with no request', async () => {
    const t = setup();
    const { state, store } = withOutage(t.store);
    const logs: string[] = [];
    const doubts = createCustomerDoubts({
      store,
      upstream: t.upstream,
      now: t.deps.now,
      windowMs: WINDOW_MS,
      maxPending: 2,
      retryMs: 20,
      log: (_level, event, fields) => logs.push(`${event} ${String(fields?.customer_uid)}`),
    });
    state.down = true;
    const startedMs = t.deps.now();
    for (const uid of ['c-a', 'c-b', 'c-c']) {
      assert.equal(await doubts.mark(uid, { ...lost(`j-${uid}`), startedMs }), 'pending');
    }
    assert.deepEqual(logs, ['registration.doubt_dropped c-a']);
    await sleep(100); // the timer tries while the store is still down: nothing is lost
    assert.equal(doubts.pendingCount, 2);
    state.down = false;
    for (let i = 0; i < 50 && doubts.pendingCount > 0; i++) await sleep(20);
    assert.equal(doubts.pendingCount, 0);
    assert.equal(await t.store.get(storeKeys.customerInDoubt('c-a')), null);
    for (const uid of ['c-b', 'c-c']) {
      assert.notEqual(await t.store.get(storeKeys.customerInDoubt(uid)), null);
    }
    assert.ok(logs.includes('registration.doubt_recorded c-c'));
  });
});

describe('registerCard', () => {
  it('a lost billing-key issue holds the customer; a late landing cannot replace a card the customer was told about', async () => {
    const t = setup();
    // The first issue lands after the client gave up (timeout 400 ms, lookups at +0 and +100).
    t.sandbox.injectFault({
      method: 'POST',
      path: '/subscribe/customers/cust1',
      kind: 'delay',
      ms: 800,
    });
    const first = intent({ mode: 'billing_key', customer_uid: 'cust1' });
    await assert.rejects(
      registerCard(t.deps, { intent: first, card: card(), pg: undefined }),
      (e) => isServerError(e, 'OUTCOME_UNKNOWN'),
    );
    // Another card for the same customer while the first may still land: a retryable refusal.
    const second = intent({ mode: 'billing_key', customer_uid: 'cust1' });
    await assert.rejects(
      registerCard(t.deps, { intent: second, card: card(CARDS.other), pg: undefined }),
      (e) => isServerError(e, 'CUSTOMER_IN_DOUBT') && (e.retryAfter ?? 0) >= 1,
    );
    await sleep(600); // the first call lands
    t.skip(WINDOW_MS); // the window has passed: nothing can land any more
    const done = await registerCard(t.deps, {
      intent: second,
      card: card(CARDS.other),
      pg: undefined,
    });
    assert.equal(done.status, 200);
    const stored = await t.iamport.getBillingKey('cust1');
    assert.ok(stored?.card_number?.endsWith('4444'), 'the stored card is the one last confirmed');
    assert.match(JSON.stringify(done.body), /4444/);
    // The first token's issue did land: it counts as used.
    await assert.rejects(
      registerCard(t.deps, { intent: first, card: card(), pg: undefined }),
      (e) => isServerError(e, 'TOKEN_ALREADY_USED'),
    );
  });

  it('after the window the lost issue’s own retry is answered from i’mport, not issued again', async () => {
    const t = setup();
    t.sandbox.injectFault({
      method: 'POST',
      path: '/subscribe/customers/cust2',
      kind: 'delay',
      ms: 800,
    });
    const only = intent({ mode: 'billing_key', customer_uid: 'cust2' });
    await assert.rejects(registerCard(t.deps, { intent: only, card: card(), pg: undefined }), (e) =>
      isServerError(e, 'OUTCOME_UNKNOWN'),
    );
    await assert.rejects(registerCard(t.deps, { intent: only, card: card(), pg: undefined }), (e) =>
      isServerError(e, 'CUSTOMER_IN_DOUBT'),
    );
    await sleep(600);
    t.skip(WINDOW_MS);
    const issues = t.sandbox.callCount('/subscribe/customers/cust2', 'POST');
    const done = await registerCard(t.deps, { intent: only, card: card(), pg: undefined });
    assert.equal(done.status, 200);
    assert.equal(t.sandbox.callCount('/subscribe/customers/cust2', 'POST'), issues);
  });

  for (const offsetMs of [-10_000, 10_000]) {
    const skew = offsetMs < 0 ? 'behind' : 'ahead of';
    it(`a lost billing-key issue that landed is not sent again when i’mport’s clock runs 10 s ${skew} ours`, async () => {
      const t = setup({ iamportClockOffsetMs: offsetMs });
      const customerUid = `cust-skew-${offsetMs}`;
      t.sandbox.injectFault({
        method: 'POST',
        path: `/subscribe/customers/${customerUid}`,
        kind: 'delay',
        ms: 800,
      });
      const only = intent({ mode: 'billing_key', customer_uid: customerUid });
      await assert.rejects(
        registerCard(t.deps, { intent: only, card: card(), pg: undefined }),
        (e) => isServerError(e, 'OUTCOME_UNKNOWN'),
      );
      await sleep(600); // the lost issue lands
      t.skip(WINDOW_MS);
      const issues = t.sandbox.callCount(`/subscribe/customers/${customerUid}`, 'POST');
      const done = await registerCard(t.deps, { intent: only, card: card(), pg: undefined });
      assert.equal(done.status, 200);
      assert.equal(t.sandbox.callCount(`/subscribe/customers/${customerUid}`, 'POST'), issues);
    });
  }

  it('a lost billing-key issue that never landed is not taken for an earlier key of the card when i’mport’s clock runs 10 s ahead', async () => {
    const t = setup({ iamportClockOffsetMs: 10_000 });
    await t.iamport.ensureToken(); // the client measures i'mport 10 s ahead
    // The customer's earlier key for this card, stamped 5 s before the lost call on i'mport's
    // clock: 5 s after it on ours, so only the skew tells it from the lost call's effect.
    t.setIamportClockOffset(5_000);
    await issueKey(t, 'cust-ahead');
    t.setIamportClockOffset(10_000);
    t.sandbox.injectFault({
      method: 'POST',
      path: '/subscribe/customers/cust-ahead',
      kind: 'hang',
    });
    const only = intent({ mode: 'billing_key', customer_uid: 'cust-ahead' });
    await assert.rejects(registerCard(t.deps, { intent: only, card: card(), pg: undefined }), (e) =>
      isServerError(e, 'OUTCOME_UNKNOWN'),
    );
    t.sandbox.releaseHangs?.(); // released unhandled: the lost issue never lands
    t.skip(WINDOW_MS);
    const issues = t.sandbox.callCount('/subscribe/customers/cust-ahead', 'POST');
    const done = await registerCard(t.deps, { intent: only, card: card(), pg: undefined });
    assert.equal(done.status, 200);
    assert.equal(t.sandbox.callCount('/subscribe/customers/cust-ahead', 'POST'), issues + 1);
  });

  it('a lost key-in payment for the same token may be retried at once (bound to its merchant_uid)', async () => {
    const t = setup();
    t.sandbox.injectFault({ method: 'POST', path: '/subscribe/payments/onetime', kind: 'drop' });
    t.sandbox.injectFault({
      method: 'GET',
      path: '/payments/find/order-bkp',
      kind: 'error500',
      times: 3,
    });
    const it1 = intent({
      mode: 'billing_key_and_payment',
      customer_uid: 'cust3',
      merchant_uid: 'order-bkp',
      amount: 1200,
    });
    await assert.rejects(registerCard(t.deps, { intent: it1, card: card(), pg: undefined }), (e) =>
      isServerError(e, 'OUTCOME_UNKNOWN'),
    );
    const retry = await registerCard(t.deps, { intent: it1, card: card(), pg: undefined });
    assert.equal(retry.status, 200);
    assert.equal(t.sandbox.attempts('order-bkp').filter((a) => a.status === 'paid').length, 1);
    // Another token storing a key for this customer waits out the window.
    await assert.rejects(
      registerCard(t.deps, {
        intent: intent({ mode: 'billing_key', customer_uid: 'cust3' }),
        card: card(CARDS.other),
        pg: undefined,
      }),
      (e) => isServerError(e, 'CUSTOMER_IN_DOUBT'),
    );
  });

  it('declines count toward maxAttempts; a success uses the token up', async () => {
    const t = setup();
    const i = intent({ mode: 'payment', merchant_uid: 'order-att', amount: 100 });
    for (let n = 0; n < 3; n++) {
      const declined = await registerCard(t.deps, {
        intent: i,
        card: card(CARDS.declined),
        pg: undefined,
      });
      assert.equal(declined.status, 402);
    }
    await assert.rejects(registerCard(t.deps, { intent: i, card: card(), pg: undefined }), (e) =>
      isServerError(e, 'ATTEMPTS_EXCEEDED'),
    );
    const j = intent({ mode: 'billing_key', customer_uid: 'cust-used' });
    assert.equal(
      (await registerCard(t.deps, { intent: j, card: card(), pg: undefined })).status,
      200,
    );
    await assert.rejects(registerCard(t.deps, { intent: j, card: card(), pg: undefined }), (e) =>
      isServerError(e, 'TOKEN_ALREADY_USED'),
    );
  });

  it('an Idempotency-Key replays for the same card and is refused for another card', async () => {
    const t = setup();
    const i = intent({ mode: 'billing_key', customer_uid: 'cust-idem' });
    const first = await registerCard(t.deps, {
      intent: i,
      card: card(),
      pg: undefined,
      idempotencyKey: 'k1',
    });
    const replay = await registerCard(t.deps, {
      intent: i,
      card: card(),
      pg: undefined,
      idempotencyKey: 'k1',
    });
    assert.equal(replay.replayed, true);
    assert.deepEqual(replay.body, first.body);
    await assert.rejects(
      registerCard(t.deps, {
        intent: i,
        card: card(CARDS.other),
        pg: undefined,
        idempotencyKey: 'k1',
      }),
      (e) => isServerError(e, 'IDEMPOTENCY_KEY_REUSED'),
    );
    // The record holds no card data: brand and last four only.
    const raw = await t.store.get(storeKeys.registrationReplay(i.jti, 'k1'));
    assert.ok(raw && !raw.includes('4242424242424242'), raw ?? 'no record');
    assert.equal(cardMark(CARDS.approved), 'visa:4242');
  });
});

/** A charge under `key` whose merchant request is `input` itself. */
const chargeKeyed = (t: ReturnType<typeof setup>, input: ReturnType<typeof again>, key: string) =>
  chargeOnce(t.deps, input, { key, request: input });

describe('chargeOnce', () => {
  it('the same Idempotency-Key and body replays; another body is refused before any upstream call', async () => {
    const t = setup();
    await issueKey(t, 'cust');
    const first = await chargeKeyed(t, again('m-idem', 500), 'key-1');
    assert.equal(first.status, 200);
    assert.equal(first.replayed, false);
    const replay = await chargeKeyed(t, again('m-idem', 500), 'key-1');
    assert.equal(replay.replayed, true);
    assert.deepEqual(replay.body, first.body);
    const calls = t.sandbox.callCount('/subscribe/payments/again', 'POST');
    await assert.rejects(chargeKeyed(t, again('m-idem', 501), 'key-1'), (e) =>
      isServerError(e, 'IDEMPOTENCY_KEY_REUSED'),
    );
    assert.equal(t.sandbox.callCount('/subscribe/payments/again', 'POST'), calls);
  });

  it('a decline is a recorded answer (402), a conflicting merchant_uid a recorded 409', async () => {
    const t = setup();
    await t.iamport.issueBillingKey('cust-d', validCard(CARDS.declined));
    const declined = await chargeKeyed(t, again('m-dec', 100, 'cust-d'), 'kd');
    assert.equal(declined.status, 402);
    assert.equal((await chargeKeyed(t, again('m-dec', 100, 'cust-d'), 'kd')).replayed, true);
    const conflict = await chargeKeyed(t, again('m-dec', 999, 'cust-d'), 'kc');
    assert.equal(conflict.status, 409);
  });
});

describe('refundOnce', () => {
  async function paidOrder(t: ReturnType<typeof setup>, merchantUid: string, amount: number) {
    await t.iamport.payOnetime({ merchant_uid: merchantUid, amount, ...VALID_CARD });
  }
  const refundDeps = (t: ReturnType<typeof setup>) => ({
    upstream: t.upstream,
    store: t.store,
    lock: t.deps.lock,
  });

  it('sends nothing when the pending record cannot be written (a retry could not resend its checksum)', async () => {
    const failing = createMemoryStore();
    const t = setup({ store: failing });
    await paidOrder(t, 'm-refund-store', 5000);
    // Down for the refund's record only: the lock and the lookup still work.
    const setIfAbsent = failing.setIfAbsent.bind(failing);
    failing.setIfAbsent = (key, value, ttlMs) =>
      key === storeKeys.refundReplay('rk-1')
        ? Promise.reject(new StoreUnavailableError('down'))
        : setIfAbsent(key, value, ttlMs);
    await assert.rejects(
      refundOnce(refundDeps(t), { merchant_uid: 'm-refund-store', reason: 'x' }, 'rk-1'),
      StoreUnavailableError,
    );
    assert.equal(t.sandbox.callCount('/payments/cancel', 'POST'), 0);
  });

  it('records the checksum it sends before sending, and keeps it while the outcome is open', async () => {
    const t = setup();
    await paidOrder(t, 'm-refund-pending', 8000);
    t.sandbox.injectFault({ method: 'POST', path: '/payments/cancel', kind: 'error500' });
    const request = { merchant_uid: 'm-refund-pending', amount: 1000, reason: 'x' };
    await assert.rejects(refundOnce(refundDeps(t), request, 'rk-2'), (e) =>
      isServerError(e, 'UPSTREAM_UNAVAILABLE'),
    );
    const record = async () =>
      JSON.parse((await t.store.get(storeKeys.refundReplay('rk-2'))) ?? '{}') as {
        kind?: string;
        checksum?: number;
      };
    const pending = await record();
    assert.deepEqual([pending.kind, pending.checksum], ['pending', 8000]);
    const done = await refundOnce(refundDeps(t), request, 'rk-2');
    assert.equal(done.status, 200);
    assert.equal((await record()).kind, 'answered');
  });

  it('waits for a payment call of the same order (the payment lock) before reading the balance', async () => {
    const t = setup();
    await paidOrder(t, 'm-refund-lock', 3000);
    let released = false;
    const holder = withLock(t.store, lockNames.payment('m-refund-lock'), t.deps.lock, async () => {
      await sleep(150);
      released = true;
    });
    await sleep(10);
    const refunded = await refundOnce(
      refundDeps(t),
      { merchant_uid: 'm-refund-lock', reason: 'x' },
      'rk-3',
    );
    assert.equal(released, true);
    assert.equal(refunded.status, 200);
    await holder;
  });
});
