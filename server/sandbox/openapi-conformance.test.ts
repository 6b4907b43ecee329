// The sandbox's answers, success and error, validated against PortOne's own OpenAPI documents:
// V2 against portone-v2.openapi.json, V1 against portone-v1.openapi.json (verbatim copies in
// test/fixtures/portone/; the reading adjustments are documented in server/testing/openapi-conformance.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DEFAULT_PORTONE_CHANNEL_KEY,
  PORTONE_CHANNEL_KEYS,
  type ImpCustomer,
  type ImpPayment,
} from './index.ts';
import {
  CARD_FIELDS,
  CARDS,
  portoneV1Conformance,
  portoneV2Conformance,
  startPortOneSandboxHarness,
  startSandboxHarness,
  uid,
  v2Credential,
  type Conformance,
  type PortOneCallOptions,
  type PortOneSandboxHarness,
  type SandboxHarness,
} from '../testing/index.ts';

type Body = Record<string, unknown>;

describe('V2 answers conform to portone-v2.openapi.json', () => {
  let h: PortOneSandboxHarness;
  let doc: Conformance;
  const checked: string[] = [];
  before(async () => {
    h = await startPortOneSandboxHarness();
    doc = portoneV2Conformance();
  });
  after(() => h.close());

  /** Calls the sandbox, asserts the status (and error type) and that the answer conforms. */
  async function expect(
    method: string,
    template: string,
    path: string,
    status: number,
    body?: unknown,
    options: PortOneCallOptions & { type?: string } = {},
  ): Promise<Body> {
    const answer = await h.call<Body>(method, path, body, options);
    assert.equal(answer.status, status, `${method} ${path}: ${answer.raw}`);
    if (options.type !== undefined) assert.equal(answer.body['type'], options.type, answer.raw);
    assert.deepEqual(
      doc.problems({ method, path: template, status, body: answer.body }),
      [],
      `${method} ${template} ${status}: ${answer.raw}`,
    );
    checked.push(`${method} ${template} ${status}`);
    return answer.body;
  }

  const issueBody = (overrides: Body = {}) => ({
    channelKey: DEFAULT_PORTONE_CHANNEL_KEY,
    method: { card: { credential: v2Credential() } },
    customer: { id: 'conformance-customer', name: { full: '홍길동' }, email: 'a@example.com' },
    ...overrides,
  });
  const instantBody = (cardNumber: string = CARDS.approved, overrides: Body = {}) => ({
    channelKey: DEFAULT_PORTONE_CHANNEL_KEY,
    method: { card: { credential: v2Credential(cardNumber) } },
    orderName: '정기결제',
    amount: { total: 10_000 },
    currency: 'KRW',
    ...overrides,
  });

  it('billing keys: issue, read, list, delete, and their errors', async () => {
    const issued = await expect('POST', '/billing-keys', '/billing-keys', 200, issueBody());
    const billingKey = String((issued['billingKeyInfo'] as Body)['billingKey']);
    const badCard = issueBody({
      method: { card: { credential: { ...v2Credential(), number: '4242-4242' } } },
    });
    await expect('POST', '/billing-keys', '/billing-keys', 400, badCard, {
      type: 'INVALID_REQUEST',
    });
    await expect('POST', '/billing-keys', '/billing-keys', 401, issueBody(), {
      secret: null,
      type: 'UNAUTHORIZED',
    });
    await expect(
      'POST',
      '/billing-keys',
      '/billing-keys',
      403,
      issueBody({ storeId: 'store-other' }),
      {
        type: 'FORBIDDEN',
      },
    );
    await expect(
      'POST',
      '/billing-keys',
      '/billing-keys',
      404,
      issueBody({ channelKey: 'channel-key-none' }),
      {
        type: 'CHANNEL_NOT_FOUND',
      },
    );
    const expired = issueBody({ method: { card: { credential: v2Credential(CARDS.expired) } } });
    await expect('POST', '/billing-keys', '/billing-keys', 502, expired, { type: 'PG_PROVIDER' });

    const one = '/billing-keys/{billingKey}';
    const info = await expect('GET', one, `/billing-keys/${billingKey}`, 200);
    assert.equal(info['status'], 'ISSUED');
    await expect('GET', one, '/billing-keys/billing-key-none', 404, undefined, {
      type: 'BILLING_KEY_NOT_FOUND',
    });
    const query = encodeURIComponent(
      JSON.stringify({ filter: { customerId: 'conformance-customer' } }),
    );
    const list = await expect('GET', '/billing-keys', `/billing-keys?requestBody=${query}`, 200);
    assert.equal((list['items'] as unknown[]).length, 1);
    await expect('GET', '/billing-keys', '/billing-keys?requestBody=%7Bnot-json', 400, undefined, {
      type: 'INVALID_REQUEST',
    });

    const deleted = await expect('DELETE', one, `/billing-keys/${billingKey}`, 200);
    assert.ok(typeof deleted['deletedAt'] === 'string');
    const after = await expect('GET', one, `/billing-keys/${billingKey}`, 200);
    assert.equal(after['status'], 'DELETED');
    await expect('DELETE', one, `/billing-keys/${billingKey}`, 409, undefined, {
      type: 'BILLING_KEY_ALREADY_DELETED',
    });
    await expect('DELETE', one, '/billing-keys/billing-key-none', 404, undefined, {
      type: 'BILLING_KEY_NOT_FOUND',
    });
  });

  it('payments: instant, billing-key, lookup in every status, cancel, and their errors', async () => {
    const instant = '/payments/{paymentId}/instant';
    const paid = uid('conf');
    await expect('POST', instant, `/payments/${paid}/instant`, 200, instantBody());
    await expect('POST', instant, `/payments/${paid}/instant`, 409, instantBody(), {
      type: 'ALREADY_PAID',
    });
    const failed = uid('conf');
    await expect('POST', instant, `/payments/${failed}/instant`, 502, instantBody(CARDS.declined), {
      type: 'PG_PROVIDER',
    });
    await expect(
      'POST',
      instant,
      `/payments/${uid('conf')}/instant`,
      502,
      instantBody(CARDS.pgError),
      {
        type: 'PG_PROVIDER',
      },
    );
    await expect(
      'POST',
      instant,
      `/payments/${uid('conf')}/instant`,
      400,
      instantBody(CARDS.approved, { orderName: undefined }),
      {
        type: 'INVALID_REQUEST',
      },
    );
    await expect(
      'POST',
      instant,
      `/payments/${uid('conf')}/instant`,
      404,
      instantBody(CARDS.approved, { channelKey: 'channel-key-none' }),
      {
        type: 'CHANNEL_NOT_FOUND',
      },
    );
    // Smartro issues keys over the API but takes no key-in card payment.
    await expect(
      'POST',
      instant,
      `/payments/${uid('conf')}/instant`,
      400,
      instantBody(CARDS.approved, { channelKey: PORTONE_CHANNEL_KEYS.SMARTRO_V2 }),
      {
        type: 'INVALID_REQUEST',
      },
    );

    const issued = await expect('POST', '/billing-keys', '/billing-keys', 200, issueBody());
    const billingKey = (issued['billingKeyInfo'] as Body)['billingKey'];
    const withKey = '/payments/{paymentId}/billing-key';
    const keyPaid = uid('conf');
    const keyBody = { billingKey, orderName: '월 구독', amount: { total: 5000 }, currency: 'KRW' };
    await expect('POST', withKey, `/payments/${keyPaid}/billing-key`, 200, keyBody);
    await expect(
      'POST',
      withKey,
      `/payments/${uid('conf')}/billing-key`,
      404,
      { ...keyBody, billingKey: 'billing-key-none' },
      {
        type: 'BILLING_KEY_NOT_FOUND',
      },
    );

    const get = '/payments/{paymentId}';
    assert.equal((await expect('GET', get, `/payments/${paid}`, 200))['status'], 'PAID');
    assert.equal((await expect('GET', get, `/payments/${keyPaid}`, 200))['billingKey'], billingKey);
    assert.equal((await expect('GET', get, `/payments/${failed}`, 200))['status'], 'FAILED');
    await expect('GET', get, `/payments/${uid('none')}`, 404, undefined, {
      type: 'PAYMENT_NOT_FOUND',
    });

    const cancel = '/payments/{paymentId}/cancel';
    await expect('POST', cancel, `/payments/${paid}/cancel`, 200, { reason: '부분', amount: 3000 });
    assert.equal(
      (await expect('GET', get, `/payments/${paid}`, 200))['status'],
      'PARTIAL_CANCELLED',
    );
    await expect(
      'POST',
      cancel,
      `/payments/${paid}/cancel`,
      409,
      { reason: '초과', amount: 8000 },
      {
        type: 'CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT',
      },
    );
    await expect(
      'POST',
      cancel,
      `/payments/${paid}/cancel`,
      409,
      { reason: '검증', currentCancellableAmount: 1 },
      {
        type: 'CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN',
      },
    );
    await expect('POST', cancel, `/payments/${paid}/cancel`, 200, { reason: '나머지' });
    assert.equal((await expect('GET', get, `/payments/${paid}`, 200))['status'], 'CANCELLED');
    await expect(
      'POST',
      cancel,
      `/payments/${paid}/cancel`,
      409,
      { reason: '또' },
      {
        type: 'PAYMENT_ALREADY_CANCELLED',
      },
    );
    await expect(
      'POST',
      cancel,
      `/payments/${failed}/cancel`,
      409,
      { reason: '실패 건' },
      {
        type: 'PAYMENT_NOT_PAID',
      },
    );
    await expect(
      'POST',
      cancel,
      `/payments/${uid('none')}/cancel`,
      404,
      { reason: '없음' },
      {
        type: 'PAYMENT_NOT_FOUND',
      },
    );
    await expect(
      'POST',
      cancel,
      `/payments/${keyPaid}/cancel`,
      400,
      {},
      { type: 'INVALID_REQUEST' },
    );

    const deleted = await expect(
      'DELETE',
      '/billing-keys/{billingKey}',
      `/billing-keys/${String(billingKey)}`,
      200,
    );
    assert.ok(deleted['deletedAt']);
    await expect('POST', withKey, `/payments/${uid('conf')}/billing-key`, 409, keyBody, {
      type: 'BILLING_KEY_ALREADY_DELETED',
    });
  });

  it('a V1 payment read through V2 (one ledger): version V1, paymentId = merchant_uid', async () => {
    const token = await fetch(`${h.url}/users/getToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ imp_key: 'sandbox_imp_key', imp_secret: 'sandbox_imp_secret' }),
    }).then(
      async (r) =>
        ((await r.json()) as { response: { access_token: string } }).response.access_token,
    );
    const merchantUid = uid('v1');
    const v1 = await fetch(`${h.url}/subscribe/payments/onetime`, {
      method: 'POST',
      headers: { authorization: token, 'content-type': 'application/json' },
      body: JSON.stringify({
        ...CARD_FIELDS,
        card_number: CARDS.approved,
        merchant_uid: merchantUid,
        amount: 1000,
        name: 'V1 결제',
      }),
    }).then(async (r) => ((await r.json()) as { response: ImpPayment }).response);
    const payment = await expect('GET', '/payments/{paymentId}', `/payments/${merchantUid}`, 200);
    assert.equal(payment['version'], 'V1');
    assert.equal(payment['transactionId'], v1.imp_uid);
    assert.equal(payment['status'], 'PAID');
    // …and one paid payment per id holds across both APIs.
    await expect(
      'POST',
      '/payments/{paymentId}/instant',
      `/payments/${merchantUid}/instant`,
      409,
      instantBody(),
      {
        type: 'ALREADY_PAID',
      },
    );
  });

  it('checked every V2 operation the sandbox serves', () => {
    const operations = new Set(checked.map((c) => c.split(' ').slice(0, 2).join(' ')));
    assert.deepEqual([...operations].sort(), [
      'DELETE /billing-keys/{billingKey}',
      'GET /billing-keys',
      'GET /billing-keys/{billingKey}',
      'GET /payments/{paymentId}',
      'POST /billing-keys',
      'POST /payments/{paymentId}/billing-key',
      'POST /payments/{paymentId}/cancel',
      'POST /payments/{paymentId}/instant',
    ]);
  });
});

describe('V1 answers conform to portone-v1.openapi.json', () => {
  let h: SandboxHarness;
  let doc: Conformance;
  before(async () => {
    h = await startSandboxHarness();
    doc = portoneV1Conformance();
  });
  after(() => h.close());

  /** Asserts a V1 answer's HTTP status and `code`, and that it conforms. */
  function conforms(
    method: string,
    template: string,
    answer: { status: number; code: number; raw: string },
    status: number,
    code: number,
  ): void {
    assert.equal(answer.status, status, answer.raw);
    assert.equal(answer.code, code, answer.raw);
    const body: unknown = JSON.parse(answer.raw);
    assert.deepEqual(
      doc.problems({ method, path: template, status, body }),
      [],
      `${method} ${template}: ${answer.raw}`,
    );
  }

  it('tokens, billing keys, payments, lookups and cancels, with their errors', async () => {
    conforms(
      'POST',
      '/users/getToken',
      await h.post(
        '/users/getToken',
        { imp_key: 'sandbox_imp_key', imp_secret: 'sandbox_imp_secret' },
        { noAuth: true },
      ),
      200,
      0,
    );
    conforms(
      'POST',
      '/users/getToken',
      await h.post('/users/getToken', { imp_key: 'wrong', imp_secret: 'wrong' }, { noAuth: true }),
      401,
      -1,
    );

    const customerUid = uid('cu');
    const card = { ...CARD_FIELDS, card_number: CARDS.approved };
    const customers = '/subscribe/customers/{customer_uid}';
    conforms(
      'POST',
      customers,
      await h.post<ImpCustomer>(`/subscribe/customers/${customerUid}`, card),
      200,
      0,
    );
    conforms('GET', customers, await h.get(`/subscribe/customers/${customerUid}`), 200, 0);
    conforms('GET', customers, await h.get(`/subscribe/customers/${uid('none')}`), 200, 1);
    conforms(
      'GET',
      '/subscribe/customers',
      await h.get(`/subscribe/customers?customer_uid[]=${customerUid}`),
      200,
      0,
    );

    const onetime = '/subscribe/payments/onetime';
    const merchantUid = uid('mu');
    const paid = await h.post<ImpPayment>(onetime, {
      ...card,
      merchant_uid: merchantUid,
      amount: 1000,
    });
    conforms('POST', onetime, paid, 200, 0);
    conforms(
      'POST',
      onetime,
      await h.post(onetime, {
        ...card,
        card_number: CARDS.declined,
        merchant_uid: uid('mu'),
        amount: 1000,
      }),
      200,
      0,
    );
    conforms(
      'POST',
      onetime,
      await h.post(onetime, {
        ...card,
        card_number: CARDS.pgError,
        merchant_uid: uid('mu'),
        amount: 1000,
      }),
      200,
      -1,
    );
    conforms(
      'POST',
      onetime,
      await h.post(onetime, { ...card, merchant_uid: merchantUid, amount: 1000 }),
      200,
      1,
    );
    const again = '/subscribe/payments/again';
    conforms(
      'POST',
      again,
      await h.post(again, {
        customer_uid: customerUid,
        merchant_uid: uid('mu'),
        amount: 2000,
        name: '월 구독',
      }),
      200,
      0,
    );

    const byImpUid = '/payments/{imp_uid}';
    conforms('GET', byImpUid, await h.get(`/payments/${paid.response.imp_uid}`), 200, 0);
    conforms('GET', byImpUid, await h.get('/payments/imps_000000000000'), 404, -1);
    conforms(
      'GET',
      byImpUid,
      await h.get(`/payments/${paid.response.imp_uid}`, { noAuth: true }),
      401,
      -1,
    );
    conforms(
      'GET',
      '/payments/find/{merchant_uid}/{payment_status}',
      await h.get(`/payments/find/${merchantUid}/paid`),
      200,
      0,
    );
    conforms(
      'POST',
      '/payments/cancel',
      await h.post('/payments/cancel', { merchant_uid: merchantUid, amount: 400 }),
      200,
      0,
    );
    conforms(
      'POST',
      '/payments/cancel',
      await h.post('/payments/cancel', { merchant_uid: merchantUid }),
      200,
      0,
    );
    conforms(
      'POST',
      '/payments/cancel',
      await h.post('/payments/cancel', { merchant_uid: merchantUid }),
      200,
      1,
    );
    conforms('DELETE', customers, await h.del(`/subscribe/customers/${customerUid}`), 200, 0);
  });
});

describe('the conformance checkers can fail', () => {
  it('V2: a missing required field, a wrong discriminator, an error sent with the wrong status', () => {
    const doc = portoneV2Conformance();
    const get = { method: 'GET', path: '/payments/{paymentId}' };
    assert.ok(doc.problems({ ...get, status: 200, body: { status: 'PAID', id: 'x' } }).length > 0);
    assert.ok(doc.problems({ ...get, status: 200, body: { status: 'SETTLED' } }).length > 0);
    assert.ok(doc.problems({ ...get, status: 404, body: { type: 'ALREADY_PAID' } }).length > 0);
    assert.ok(
      doc.problems({ ...get, status: 409, body: { type: 'PAYMENT_NOT_FOUND' } }).length > 0,
    );
    const pg = { method: 'POST', path: '/payments/{paymentId}/instant', status: 502 };
    assert.ok(
      doc.problems({ ...pg, body: { type: 'PG_PROVIDER', message: 'no pgCode' } }).length > 0,
    );
    assert.deepEqual(
      doc.problems({ ...get, status: 404, body: { type: 'PAYMENT_NOT_FOUND' } }),
      [],
    );
  });

  it('V1: a wrong type, a length over the (string-written) maxLength, null where required', () => {
    const doc = portoneV1Conformance();
    const payment = {
      imp_uid: 'imps_1',
      merchant_uid: 'm',
      amount: 1000,
      cancel_amount: 0,
      currency: 'KRW',
      status: 'paid',
      sandbox: true,
    };
    const check = (response: Body) =>
      doc.problems({
        method: 'GET',
        path: '/payments/{imp_uid}',
        status: 200,
        body: { code: 0, message: null, response },
      });
    assert.deepEqual(check(payment), []);
    assert.ok(check({ ...payment, amount: '1000' }).length > 0);
    assert.ok(check({ ...payment, merchant_uid: 'm'.repeat(41) }).length > 0);
    assert.ok(check({ ...payment, sandbox: null }).length > 0);
  });
});
