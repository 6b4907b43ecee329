// GET /readyz (store and i'mport token) and GET /metrics (Prometheus text), against the real
// sandbox through the real i'mport client.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryStore } from './store/memory-store.ts';
import { StoreUnavailableError, type Store } from './store/store.ts';
import { API_KEY, CARDS, cardBody, createHarness, json } from '../testing/index.ts';

const METRICS_TOKEN = 'metrics-scraper-token-0123';

/** A memory store that fails every operation while `down` is set, as Redis does when it is gone. */
function switchableStore(): Store & { down: boolean } {
  const inner = createMemoryStore();
  const guard =
    <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
    (...a: A): Promise<R> =>
      store.down ? Promise.reject(new StoreUnavailableError('Redis is not reachable')) : f(...a);
  const store = {
    down: false,
    get: guard((k: string) => inner.get(k)),
    set: guard((k: string, v: string, t: number) => inner.set(k, v, t)),
    setIfAbsent: guard((k: string, v: string, t: number) => inner.setIfAbsent(k, v, t)),
    increment: guard((k: string, t: number) => inner.increment(k, t)),
    delete: guard((k: string) => inner.delete(k)),
    deleteIfEquals: guard((k: string, v: string) => inner.deleteIfEquals(k, v)),
  };
  return store;
}

/**
 * Reads the text exposition format strictly: every line is a HELP, a TYPE or a sample of a
 * declared metric. Returns samples as `name{labels}` → value.
 */
function parseExposition(text: string): Map<string, number> {
  assert.ok(text.endsWith('\n'), 'ends with a newline');
  const declared = new Map<string, string>();
  const samples = new Map<string, number>();
  for (const line of text.trimEnd().split('\n')) {
    const help = /^# HELP ([a-z_:][a-z0-9_:]*) \S.*$/.exec(line);
    if (help) continue;
    const type = /^# TYPE ([a-z_:][a-z0-9_:]*) (counter|gauge|histogram)$/.exec(line);
    if (type) {
      declared.set(type[1]!, type[2]!);
      continue;
    }
    const sample =
      /^([a-z_:][a-z0-9_:]*)(\{(?:[a-z_]+="(?:[^"\\\n]|\\[\\"n])*",?)*\})? (-?[0-9.e+]+|\+Inf|NaN)$/.exec(
        line,
      );
    assert.ok(sample, `not a valid exposition line: ${line}`);
    const base = sample[1]!.replace(/_(bucket|sum|count)$/, '');
    assert.ok(declared.has(sample[1]!) || declared.get(base) === 'histogram', `undeclared ${line}`);
    samples.set(`${sample[1]}${sample[2] ?? ''}`, Number(sample[3]));
  }
  return samples;
}

async function scrape(h: ReturnType<typeof createHarness>, token = API_KEY) {
  const res = await h.app.request('/metrics', { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return parseExposition(await res.text());
}

describe('GET /readyz', () => {
  it('is ready when the store answers and an i’mport token is obtainable', async () => {
    const h = createHarness();
    const res = await h.app.request('/readyz');
    assert.equal(res.status, 200);
    assert.deepEqual(await json(res), { status: 'ready', checks: { store: 'ok', iamport: 'ok' } });
  });

  it('answers 503 while the store is down, and ready again once it is back; /healthz stays 200', async () => {
    const store = switchableStore();
    const h = createHarness({ store });
    assert.equal((await h.app.request('/readyz')).status, 200);
    store.down = true;
    const down = await h.app.request('/readyz');
    assert.equal(down.status, 503);
    assert.deepEqual(await json(down), {
      status: 'not_ready',
      checks: { store: 'failed', iamport: 'ok' },
    });
    assert.equal((await h.app.request('/healthz')).status, 200);
    assert.ok(h.logs.some((l) => l.event === 'readiness.failed' && l.store === 'failed'));
    store.down = false;
    assert.equal((await h.app.request('/readyz')).status, 200);
  });

  it('answers 503 when i’mport refuses the credentials', async () => {
    const h = createHarness({ sandbox: { impSecret: 'a-different-secret' } });
    const res = await h.app.request('/readyz');
    assert.equal(res.status, 503);
    assert.deepEqual((await json(res)).checks, { store: 'ok', iamport: 'failed' });
  });
});

describe('GET /metrics', () => {
  it('needs the API key or the metrics token', async () => {
    const h = createHarness({ metricsToken: METRICS_TOKEN });
    assert.equal((await h.app.request('/metrics')).status, 401);
    const wrong = await h.app.request('/metrics', { headers: { authorization: 'Bearer nope' } });
    assert.equal(wrong.status, 401);
    await scrape(h, API_KEY);
    await scrape(h, METRICS_TOKEN);
    // The metrics token opens /metrics only, never the merchant API.
    const charge = await h.app.request('/v1/charges', {
      method: 'POST',
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    assert.equal(charge.status, 401);
  });

  it('counts registrations and charges by outcome, and upstream calls by endpoint and status', async () => {
    const h = createHarness();
    const token = await h.token({
      customer_uid: 'm1',
      mode: 'billing_key_and_payment',
      amount: 900,
    });
    assert.equal((await h.register(cardBody(token, CARDS.declined))).status, 402);
    assert.equal((await h.register(cardBody(token), { 'idempotency-key': 'a' })).status, 200);
    const replay = await h.register(cardBody(token), { 'idempotency-key': 'a' });
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal((await h.register({ token })).status, 400);
    const charge = { customer_uid: 'm1', merchant_uid: 'order-m1-2', amount: 500, name: 'Refill' };
    assert.equal((await h.merchant('POST', '/v1/charges', charge)).status, 200);
    const unknownKey = { ...charge, customer_uid: 'nobody', merchant_uid: 'order-x' };
    assert.equal((await h.merchant('POST', '/v1/charges', unknownKey)).status, 402);
    assert.equal((await h.merchant('GET', '/v1/billing-keys/nobody')).status, 404);

    const m = await scrape(h);
    assert.equal(m.get('impcard_registrations_total{outcome="success"}'), 1);
    assert.equal(m.get('impcard_registrations_total{outcome="CARD_DECLINED"}'), 1);
    assert.equal(m.get('impcard_registrations_total{outcome="replayed"}'), 1);
    assert.equal(m.get('impcard_registrations_total{outcome="INVALID_REQUEST"}'), 1);
    assert.equal(m.get('impcard_charges_total{outcome="success"}'), 1);
    assert.equal(m.get('impcard_charges_total{outcome="PG_ERROR"}'), 1);
    const onetime = 'endpoint="POST /subscribe/payments/onetime"';
    assert.equal(
      m.get(`impcard_upstream_request_duration_seconds_count{${onetime},status="ok"}`),
      1,
    );
    assert.equal(
      m.get(`impcard_upstream_request_duration_seconds_count{${onetime},status="CARD_DECLINED"}`),
      1,
    );
    const lookup = 'endpoint="GET /subscribe/customers/{customer_uid}",status="not_found"';
    assert.equal(m.get(`impcard_upstream_request_duration_seconds_count{${lookup}}`), 1);
    // Histogram buckets are cumulative and end in +Inf = count.
    assert.equal(
      m.get(`impcard_upstream_request_duration_seconds_bucket{${onetime},status="ok",le="+Inf"}`),
      1,
    );
  });

  it('counts rate-limit refusals by rule and store errors by operation', async () => {
    const store = switchableStore();
    const h = createHarness({ store, rateLimit: { perIp: { limit: 1, windowMs: 60_000 } } });
    const token = await h.token({ customer_uid: 'm2', mode: 'billing_key' });
    await h.register(cardBody(token, CARDS.declined));
    assert.equal((await h.register(cardBody(token))).status, 429);
    store.down = true;
    assert.equal((await h.register(cardBody(token))).status, 503);
    store.down = false;
    const m = await scrape(h);
    assert.equal(m.get('impcard_rate_limited_total{rule="perIp"}'), 1);
    assert.equal(m.get('impcard_store_errors_total{operation="increment"}'), 1);
    assert.equal(m.get('impcard_registrations_total{outcome="RATE_LIMITED"}'), 1);
    assert.equal(m.get('impcard_registrations_total{outcome="STORE_UNAVAILABLE"}'), 1);
  });
});
