import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createIamportClient, isIamportError, type IamportClientOptions } from './index.ts';
import { fakeUpstream, validCard, type FakeRoute } from '../testing/index.ts';

// Any card for the fake upstream, whose canned answers below repeat this number (and must not leak).
const CARD = validCard('4111111111111111');

function client(routes: Record<string, FakeRoute>, extra: Partial<IamportClientOptions> = {}) {
  const upstream = fakeUpstream(routes);
  const api = createIamportClient({
    impKey: 'k',
    impSecret: 's',
    baseUrl: 'http://fake.invalid',
    fetch: upstream.fetch,
    retryBackoffLimitMs: 5,
    reconcileDelaysMs: [0],
    ...extra,
  });
  return { api, requests: upstream.requests };
}

const envelope = (response: unknown, code = 0, message: string | null = null): Response =>
  Response.json({ code, message, response });

const payment = (over: Record<string, unknown> = {}) => ({
  imp_uid: 'imps_000000000001',
  merchant_uid: 'order-1',
  amount: 1000,
  cancel_amount: 0,
  currency: 'KRW',
  status: 'paid',
  started_at: 1_700_000_000,
  paid_at: 1_700_000_000,
  ...over,
});

describe('liberal in what it accepts', () => {
  it('reads numeric strings, fractional and null timestamps and any 2xx status', async () => {
    const { api } = client({
      'POST /subscribe/payments/onetime': () =>
        Response.json(
          {
            code: '0',
            message: null,
            response: payment({
              amount: '1000',
              paid_at: 1_700_000_000.6,
              failed_at: null,
              extra_field: 'x',
            }),
          },
          { status: 201 },
        ),
    });
    const paid = await api.payOnetime({ ...CARD, merchant_uid: 'order-1', amount: 1000 });
    assert.equal(paid.amount, 1000);
    assert.equal(paid.paid_at, 1_700_000_001);
    assert.equal(paid.failed_at, 0);
    assert.equal(
      (paid as unknown as Record<string, unknown>)['extra_field'],
      'x',
      'unknown fields are kept',
    );
  });

  it('keeps an unknown status in the unrecognised branch instead of crashing', async () => {
    const { api } = client({
      'GET /payments/imps_1': () => envelope(payment({ status: 'partial_refunded' })),
      'POST /subscribe/payments/again': () => envelope(payment({ status: 'partial_refunded' })),
    });
    const found = await api.getPayment('imps_1');
    assert.equal(found?.status, 'unrecognised');
    assert.equal(found?.status_raw, 'partial_refunded');
    // A payment call never treats an unknown status as paid.
    await assert.rejects(
      api.payAgain({ customer_uid: 'c', merchant_uid: 'order-1', amount: 1000, name: 'n' }),
      (e) => isIamportError(e, 'OUTCOME_UNKNOWN') && e.payment?.status_raw === 'partial_refunded',
    );
  });

  it('maps error bodies without the envelope by HTTP status', async () => {
    let gets = 0;
    const { api } = client({
      'GET /subscribe/customers/bad': () =>
        Response.json({ error: 'bad request' }, { status: 400 }),
      'GET /payments/imps_html': () => new Response('<html>ok</html>', { status: 200 }),
      'GET /payments/imps_502': () => {
        gets += 1;
        return new Response('<html>Bad Gateway</html>', { status: 502 });
      },
    });
    await assert.rejects(
      api.getBillingKey('bad'),
      (e) => isIamportError(e, 'UPSTREAM_REJECTED') && e.httpStatus === 400,
    );
    await assert.rejects(api.getPayment('imps_html'), (e) =>
      isIamportError(e, 'UPSTREAM_INVALID_RESPONSE'),
    );
    await assert.rejects(
      api.getPayment('imps_502'),
      (e) => isIamportError(e, 'UPSTREAM_UNAVAILABLE') && e.httpStatus === 502,
    );
    assert.equal(gets, 3, 'a GET answered 5xx is retried twice');
  });

  it('reconciles a payment POST whose 2xx answer is unreadable', async () => {
    const { api, requests } = client({
      'POST /subscribe/payments/onetime': () => new Response('{"code":0,"respo', { status: 200 }),
      'GET /payments/find/order-1': () => envelope(payment()),
    });
    const paid = await api.payOnetime({ ...CARD, merchant_uid: 'order-1', amount: 1000 });
    assert.equal(paid.status, 'paid');
    assert.deepEqual(
      requests.map((r) => `${r.method} ${r.path}`),
      ['POST /users/getToken', 'POST /subscribe/payments/onetime', 'GET /payments/find/order-1'],
    );
  });

  it('classifies code 0 + failed, code -1, expired text, code 1 and amount mismatch', async () => {
    const answers: Record<string, Response> = {
      declined: envelope(
        payment({ status: 'failed', fail_reason: '한도초과', merchant_uid: 'declined' }),
      ),
      pg: envelope(null, -1, '[PG] 카드사 통신 장애'),
      expired: envelope(null, -1, '[PG] 유효기간이 경과한 카드입니다.'),
      dup: envelope(null, 1, '이미 결제가 이루어진 거래건입니다.'),
      short: envelope(payment({ amount: 999, merchant_uid: 'short' })),
    };
    const { api } = client({
      'POST /subscribe/payments/onetime': (r) => {
        const uid = (JSON.parse(r.body) as { merchant_uid: string }).merchant_uid;
        return answers[uid] ?? envelope(null, 9);
      },
    });
    const pay = (merchant_uid: string) => api.payOnetime({ ...CARD, merchant_uid, amount: 1000 });
    await assert.rejects(
      pay('declined'),
      (e) =>
        isIamportError(e, 'CARD_DECLINED') &&
        e.upstreamMessage === '한도초과' &&
        e.payment?.status === 'failed',
    );
    await assert.rejects(
      pay('pg'),
      (e) =>
        isIamportError(e, 'PG_ERROR') &&
        e.upstreamCode === -1 &&
        e.upstreamMessage === '[PG] 카드사 통신 장애',
    );
    await assert.rejects(
      pay('expired'),
      (e) => isIamportError(e, 'CARD_DECLINED') && e.upstreamCode === -1,
    );
    await assert.rejects(
      pay('dup'),
      (e) => isIamportError(e, 'UPSTREAM_REJECTED') && e.upstreamCode === 1,
    );
    await assert.rejects(
      pay('short'),
      (e) => isIamportError(e, 'AMOUNT_MISMATCH') && e.payment?.amount === 999,
    );
  });

  it('redacts card-like digit runs from upstream messages', async () => {
    const { api } = client({
      'POST /subscribe/customers/c1': () =>
        envelope(null, -1, 'bad card 4111-1111-1111-1111 (4111111111111111)'),
    });
    await assert.rejects(api.issueBillingKey('c1', CARD), (e) => {
      assert.ok(isIamportError(e, 'PG_ERROR'));
      assert.equal(e.upstreamMessage, 'bad card [redacted] ([redacted])');
      return true;
    });
  });

  it('reads 207 partial multi-key answers and 404 as none', async () => {
    const { api, requests } = client({
      'GET /subscribe/customers': (r) =>
        r.search.includes('none')
          ? Response.json({ code: 1, message: 'none', response: null }, { status: 404 })
          : Response.json(
              {
                code: 0,
                message: null,
                response: [{ customer_uid: 'a', inserted: 1.4, updated: '2' }],
              },
              { status: 207 },
            ),
    });
    const found = await api.getBillingKeys(['a', 'b']);
    assert.deepEqual(
      found.map((c) => [c.customer_uid, c.inserted, c.updated]),
      [['a', 1, 2]],
    );
    assert.equal(
      decodeURIComponent(requests.at(-1)?.search ?? ''),
      '?customer_uid[]=a&customer_uid[]=b',
    );
    assert.deepEqual(await api.getBillingKeys(['none']), []);
    assert.deepEqual(await api.getBillingKeys([]), []);
  });

  it('fails with UPSTREAM_AUTH_FAILED when getToken answers 401', async () => {
    const { api } = client({
      'POST /users/getToken': () =>
        Response.json({ code: -1, message: 'Unauthorized', response: null }, { status: 401 }),
    });
    await assert.rejects(
      api.findPayment('x'),
      (e) => isIamportError(e, 'UPSTREAM_AUTH_FAILED') && e.httpStatus === 401,
    );
  });
});

describe('token fetch failures', () => {
  it('retries getToken on 5xx, shares the failure, and recovers on the next call', async () => {
    let tokenCalls = 0;
    let healthy = false;
    const { api } = client({
      'POST /users/getToken': () => {
        tokenCalls += 1;
        return healthy
          ? envelope({ access_token: 't', now: 1_700_000_000, expired_at: 1_700_001_800 })
          : new Response('busy', { status: 503 });
      },
      'GET /payments/find/m': () =>
        Response.json({ code: -1, message: 'none', response: null }, { status: 404 }),
    });
    const results = await Promise.allSettled([api.findPayment('m'), api.findPayment('m')]);
    assert.ok(
      results.every(
        (r) => r.status === 'rejected' && isIamportError(r.reason, 'UPSTREAM_UNAVAILABLE'),
      ),
    );
    assert.equal(tokenCalls, 3, 'one shared getToken, retried twice');
    healthy = true;
    assert.equal(await api.findPayment('m'), null);
    assert.equal(tokenCalls, 4);
  });
});

describe('reconciliation rules', () => {
  const lostPost = () => new Response('upstream busy', { status: 503 });

  it('ignores an earlier failed attempt but reports a failure of this one', async () => {
    let startedAt = 0;
    const { api } = client({
      'POST /subscribe/payments/onetime': lostPost,
      'GET /payments/find/order-1': () =>
        envelope(payment({ status: 'failed', fail_reason: 'old', started_at: startedAt })),
    });
    const pay = () => api.payOnetime({ ...CARD, merchant_uid: 'order-1', amount: 1000 });
    startedAt = 1_699_999_000; // well before the token's `now`, i.e. before this request
    await assert.rejects(pay(), (e) => isIamportError(e, 'UPSTREAM_UNAVAILABLE'));
    startedAt = 1_700_000_000;
    await assert.rejects(
      pay(),
      (e) => isIamportError(e, 'CARD_DECLINED') && e.upstreamMessage === 'old',
    );
  });

  it('accepts a lost billing-key issue only if the key changed since the request', async () => {
    let updated = 1_699_990_000;
    const { api } = client({
      'POST /subscribe/customers/c1': lostPost,
      'GET /subscribe/customers/c1': () =>
        envelope({ customer_uid: 'c1', card_number: '41111111****1111', updated }),
    });
    await assert.rejects(api.issueBillingKey('c1', CARD), (e) =>
      isIamportError(e, 'UPSTREAM_UNAVAILABLE'),
    );
    updated = 1_700_000_000;
    assert.equal((await api.issueBillingKey('c1', CARD)).customer_uid, 'c1');
    await assert.rejects(
      api.issueBillingKey('c1', { ...CARD, card_number: '5555555555554444' }),
      (e) => isIamportError(e, 'UPSTREAM_UNAVAILABLE'),
      'another card than the one on file',
    );
  });
});

describe('strict in what it sends', () => {
  it('sends JSON with only defined fields, a dashed card number and the token header', async () => {
    const { api, requests } = client({
      'POST /subscribe/payments/onetime': () => envelope(payment()),
    });
    await api.payOnetime({
      ...CARD,
      card_number: '4111 1111 1111 1111',
      merchant_uid: 'order-1',
      amount: 1000,
      birth: undefined,
      buyer_email: undefined,
      name: '구독',
    });
    const sent = requests.find((r) => r.path === '/subscribe/payments/onetime');
    assert.ok(sent);
    assert.match(sent.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(sent.headers.get('authorization'), 'Bearer fake-token');
    assert.equal(sent.search, '', 'nothing in the URL');
    const body = JSON.parse(sent.body) as Record<string, unknown>;
    assert.deepEqual(body, {
      card_number: '4111-1111-1111-1111',
      expiry: CARD.expiry,
      pwd_2digit: '12',
      merchant_uid: 'order-1',
      amount: 1000,
      name: '구독',
    });
    assert.ok(!sent.body.includes('null'));
    const token = requests.find((r) => r.path === '/users/getToken');
    assert.match(token?.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(JSON.parse(token?.body ?? ''), { imp_key: 'k', imp_secret: 's' });
  });

  it('formats Amex and Diners numbers as printed', async () => {
    const { api, requests } = client({
      'POST /subscribe/customers/amex': () => envelope({ customer_uid: 'amex' }),
      'POST /subscribe/customers/diners': () => envelope({ customer_uid: 'diners' }),
    });
    await api.issueBillingKey('amex', { ...CARD, card_number: '378282246310005' });
    await api.issueBillingKey('diners', { ...CARD, card_number: '3056-9309-0259-04' });
    const sent = requests.filter((r) => r.method === 'POST' && r.path.startsWith('/subscribe/'));
    assert.deepEqual(
      sent.map((r) => (JSON.parse(r.body) as { card_number: string }).card_number),
      ['3782-822463-10005', '3056-930902-5904'],
    );
  });
});
