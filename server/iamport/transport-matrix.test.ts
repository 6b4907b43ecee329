// Odd bodies and faults, each over both transports: ky (chosen whenever a fetch is injected; here
// the global one, so the bytes still cross a socket) and undici's Pool (Node's default). The
// upstream is a raw node:http server speaking the fakeUpstream route vocabulary.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  createIamportClient,
  isIamportError,
  type IamportClientOptions,
  type IamportLogEvent,
} from './index.ts';
import { serveFakeUpstream, validCard, type ServedRoute } from '../testing/index.ts';

// Any card for the fake upstream, whose canned answers below repeat this number (and must not leak).
const CARD = validCard('4111111111111111');

const TRANSPORTS = [
  { name: 'ky', options: { fetch: (input, init) => fetch(input, init) } },
  { name: 'undici', options: {} },
] as const satisfies readonly { name: string; options: Partial<IamportClientOptions> }[];

const envelope = (response: unknown, code: unknown = 0, message: string | null = null) =>
  Response.json({ code, message, response });

const text = (body: string, status = 200, type = 'text/html') =>
  new Response(body, { status, headers: { 'content-type': type } });

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

const notFound = () =>
  Response.json(
    { code: -1, message: '존재하지 않는 결제정보입니다.', response: null },
    { status: 404 },
  );

for (const transport of TRANSPORTS) {
  describe(`${transport.name} transport`, () => {
    const upstreams: { close(): Promise<void> }[] = [];
    after(() => Promise.all(upstreams.map((u) => u.close())));

    async function client(
      routes: Record<string, ServedRoute>,
      extra: Partial<IamportClientOptions> = {},
    ) {
      const upstream = await serveFakeUpstream(routes);
      upstreams.push(upstream);
      const events: IamportLogEvent[] = [];
      const api = createIamportClient({
        impKey: 'k',
        impSecret: 's',
        baseUrl: upstream.url,
        // Wide enough that a loaded machine does not turn a prompt answer into a timeout.
        timeoutMs: 1_000,
        retryBackoffLimitMs: 5,
        reconcileDelaysMs: [0],
        logger: (event) => events.push(event),
        ...transport.options,
        ...extra,
      });
      const reconciles = () => events.filter((e) => e.type === 'reconcile');
      return { api, upstream, requests: upstream.requests, events, reconciles };
    }

    const onetime = (api: ReturnType<typeof createIamportClient>, merchant_uid = 'order-1') =>
      api.payOnetime({ ...CARD, merchant_uid, amount: 1000 });

    describe('liberal in what it accepts', () => {
      it('reads numeric strings, fractional and null timestamps and any 2xx status', async () => {
        const { api } = await client({
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
        const { api } = await client({
          'GET /payments/imps_1': () => envelope(payment({ status: 'partial_refunded' })),
          'POST /subscribe/payments/again': () => envelope(payment({ status: 'partial_refunded' })),
        });
        const found = await api.getPayment('imps_1');
        assert.equal(found?.status, 'unrecognised');
        assert.equal(found?.status_raw, 'partial_refunded');
        // A payment call never treats an unknown status as paid.
        await assert.rejects(
          api.payAgain({ customer_uid: 'c', merchant_uid: 'order-1', amount: 1000, name: 'n' }),
          (e) =>
            isIamportError(e, 'OUTCOME_UNKNOWN') && e.payment?.status_raw === 'partial_refunded',
        );
      });

      it('maps error bodies without the envelope by HTTP status', async () => {
        let gets = 0;
        const { api } = await client({
          'GET /subscribe/customers/bad': () =>
            Response.json({ error: 'bad request' }, { status: 400 }),
          'GET /payments/imps_html': () => text('<html>ok</html>'),
          'GET /payments/imps_502': () => {
            gets += 1;
            return text('<html>Bad Gateway</html>', 502);
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
        const { api, requests } = await client({
          'POST /subscribe/payments/onetime': () =>
            text('{"code":0,"respo', 200, 'application/json'),
          'GET /payments/find/order-1': () => envelope(payment()),
        });
        const paid = await api.payOnetime({ ...CARD, merchant_uid: 'order-1', amount: 1000 });
        assert.equal(paid.status, 'paid');
        assert.deepEqual(
          requests.map((r) => `${r.method} ${r.path}`),
          [
            'POST /users/getToken',
            'POST /subscribe/payments/onetime',
            'GET /payments/find/order-1',
          ],
        );
      });

      it('classifies code 0 + failed, code -1, expired text, code 1 and amount mismatch', async () => {
        const answers: Record<string, () => Response> = {
          declined: () =>
            envelope(
              payment({ status: 'failed', fail_reason: '한도초과', merchant_uid: 'declined' }),
            ),
          pg: () => envelope(null, -1, '[PG] 카드사 통신 장애'),
          expired: () => envelope(null, -1, '[PG] 유효기간이 경과한 카드입니다.'),
          dup: () => envelope(null, 1, '이미 결제가 이루어진 거래건입니다.'),
          short: () => envelope(payment({ amount: 999, merchant_uid: 'short' })),
        };
        const { api } = await client({
          'POST /subscribe/payments/onetime': (r) => {
            const uid = (JSON.parse(r.body) as { merchant_uid: string }).merchant_uid;
            return answers[uid]?.() ?? envelope(null, 9);
          },
        });
        const pay = (merchant_uid: string) =>
          api.payOnetime({ ...CARD, merchant_uid, amount: 1000 });
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
        const { api } = await client({
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
        const { api, requests } = await client({
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
        const { api } = await client({
          'POST /users/getToken': () =>
            Response.json({ code: -1, message: 'Unauthorized', response: null }, { status: 401 }),
        });
        await assert.rejects(
          api.findPayment('x'),
          (e) => isIamportError(e, 'UPSTREAM_AUTH_FAILED') && e.httpStatus === 401,
        );
      });

      it('an empty body: a read is invalid, a payment is looked up, a cancel is left in doubt', async () => {
        const { api, upstream } = await client({
          'GET /payments/imps_1': () => text('', 200, 'application/json'),
          'POST /subscribe/payments/onetime': () => text('', 200, 'application/json'),
          'GET /payments/find/order-1': () => envelope(payment()),
          'POST /payments/cancel': () => text('', 200, 'application/json'),
        });
        await assert.rejects(api.getPayment('imps_1'), (e) =>
          isIamportError(e, 'UPSTREAM_INVALID_RESPONSE'),
        );
        assert.equal((await onetime(api)).status, 'paid');
        await assert.rejects(api.cancelPayment({ imp_uid: 'imps_1', checksum: 1000 }), (e) =>
          isIamportError(e, 'OUTCOME_UNKNOWN'),
        );
        assert.equal(upstream.count('POST /payments/cancel'), 1, 'the cancel was not resent');
        assert.equal(upstream.count('GET /payments/imps_1'), 1, 'nor looked up');
      });

      it('JSON without a code, or not an object, is no envelope', async () => {
        const { api } = await client({
          'GET /payments/imps_1': () => Response.json({ response: payment() }),
          'GET /payments/imps_2': () => Response.json(null),
          'GET /payments/imps_3': () => Response.json([payment()]),
          'GET /payments/imps_4': () => Response.json({ code: 'zero', response: payment() }),
        });
        for (const id of ['imps_1', 'imps_2', 'imps_3', 'imps_4']) {
          await assert.rejects(
            api.getPayment(id),
            (e) => isIamportError(e, 'UPSTREAM_INVALID_RESPONSE') && e.httpStatus === 200,
            id,
          );
        }
      });

      it("reads a string code and relays i'mport's Korean message", async () => {
        const { api } = await client({
          'GET /subscribe/customers/gone': () =>
            envelope(null, '1', '요청하신 customer_uid(gone)로 등록된 정보를 찾을 수 없습니다.'),
          'POST /subscribe/payments/again': () =>
            envelope(null, '1', '등록되지 않은 구매자입니다.'),
          'POST /subscribe/payments/onetime': () =>
            envelope(null, '-1', '유효하지않은 카드번호를 입력하셨습니다.'),
        });
        assert.equal(await api.getBillingKey('gone'), null);
        await assert.rejects(
          api.payAgain({ customer_uid: 'c', merchant_uid: 'order-1', amount: 1000, name: 'n' }),
          (e) =>
            isIamportError(e, 'UPSTREAM_REJECTED') &&
            e.upstreamCode === 1 &&
            e.upstreamMessage === '등록되지 않은 구매자입니다.',
        );
        await assert.rejects(
          onetime(api),
          (e) =>
            isIamportError(e, 'PG_ERROR') &&
            e.upstreamCode === -1 &&
            e.upstreamMessage === '유효하지않은 카드번호를 입력하셨습니다.',
        );
      });

      it('a 2xx with an error envelope is a refusal, or "none" where i\'mport answers so', async () => {
        const { api, upstream } = await client({
          'POST /subscribe/customers/c1': () =>
            envelope(null, -1, '카드정보 인증 및 빌키 발급에 실패하였습니다.'),
          'DELETE /subscribe/customers/gone': () => envelope(null, 1, '등록된 정보가 없습니다.'),
          'POST /payments/cancel': () => envelope(null, 1, '취소할 결제건이 존재하지 않습니다.'),
        });
        await assert.rejects(
          api.issueBillingKey('c1', CARD),
          (e) =>
            isIamportError(e, 'PG_ERROR') &&
            e.upstreamMessage === '카드정보 인증 및 빌키 발급에 실패하였습니다.',
        );
        assert.equal(await api.deleteBillingKey('gone'), null);
        await assert.rejects(
          api.cancelPayment({ imp_uid: 'imps_1', checksum: 1000 }),
          (e) =>
            isIamportError(e, 'UPSTREAM_REJECTED') &&
            e.httpStatus === 200 &&
            e.upstreamMessage === '취소할 결제건이 존재하지 않습니다.',
        );
        assert.equal(
          upstream.count('GET /subscribe/customers/c1'),
          0,
          'a refusal is not looked up',
        );
      });

      it('getToken answered 200 with a non-zero code refuses the keys', async () => {
        const { api } = await client({
          'POST /users/getToken': () =>
            envelope(null, -1, 'imp_key, imp_secret 파라메터가 누락되었습니다.'),
        });
        await assert.rejects(
          api.ensureToken(),
          (e) =>
            isIamportError(e, 'UPSTREAM_AUTH_FAILED') &&
            e.upstreamMessage === 'imp_key, imp_secret 파라메터가 누락되었습니다.',
        );
      });

      it('code 0 with a response that does not fit: read invalid, payment looked up, cancel invalid', async () => {
        const { api, upstream } = await client({
          'GET /payments/imps_1': () => envelope({ merchant_uid: 'order-1' }),
          'POST /subscribe/payments/onetime': () => envelope({ nothing: true }),
          'GET /payments/find/order-1': () => envelope(payment()),
          'POST /payments/cancel': () => envelope({ imp_uid: 'imps_1' }),
        });
        await assert.rejects(
          api.getPayment('imps_1'),
          (e) => isIamportError(e, 'UPSTREAM_INVALID_RESPONSE') && /\(imp_uid\)/.test(e.message),
        );
        assert.equal((await onetime(api)).status, 'paid');
        await assert.rejects(api.cancelPayment({ imp_uid: 'imps_1', checksum: 1000 }), (e) =>
          isIamportError(e, 'UPSTREAM_INVALID_RESPONSE'),
        );
        assert.equal(upstream.count('GET /payments/imps_1'), 1, 'the cancel was not looked up');
      });

      it('an HTML error page on a payment POST is a refusal, not a doubt', async () => {
        const { api, upstream } = await client({
          'POST /subscribe/payments/onetime': () => text('<html>Bad Request</html>', 400),
        });
        await assert.rejects(
          onetime(api),
          (e) => isIamportError(e, 'UPSTREAM_REJECTED') && e.httpStatus === 400,
        );
        assert.equal(upstream.count('GET /payments/find/order-1'), 0);
      });
    });

    describe('faults', () => {
      it('connection refused: nothing was sent, so nothing is looked up', async () => {
        const { api, upstream, reconciles } = await client({});
        await api.ensureToken();
        await upstream.close();
        await assert.rejects(api.getPayment('imps_1'), (e) =>
          isIamportError(e, 'UPSTREAM_UNAVAILABLE'),
        );
        await assert.rejects(
          onetime(api),
          (e) => isIamportError(e, 'UPSTREAM_UNAVAILABLE') && /ECONNREFUSED/.test(e.message),
        );
        assert.deepEqual(reconciles(), []);
      });

      it('reset once the request arrived: a read is retried, a payment is in doubt', async () => {
        const { api, upstream, reconciles } = await client({
          'GET /payments/imps_1': () => ({ fault: 'reset' }),
          'POST /subscribe/payments/onetime': () => ({ fault: 'reset' }),
          'GET /payments/find/order-1': notFound,
        });
        await assert.rejects(api.getPayment('imps_1'), (e) =>
          isIamportError(e, 'UPSTREAM_UNAVAILABLE'),
        );
        assert.equal(upstream.count('GET /payments/imps_1'), 3);
        // Sent and never answered: it may still land, so "nothing found" is not "nothing done".
        await assert.rejects(onetime(api), (e) => isIamportError(e, 'OUTCOME_UNKNOWN'));
        assert.equal(upstream.count('POST /subscribe/payments/onetime'), 1, 'never resent');
        assert.deepEqual(
          reconciles().map((e) => e.type === 'reconcile' && [e.reason, e.result]),
          [['network', 'not_found']],
        );
      });

      it('reset after the payment was committed: found paid, charged once', async () => {
        let paid = false;
        const { api, upstream } = await client({
          'POST /subscribe/payments/onetime': () => {
            paid = true;
            return { fault: 'reset' };
          },
          'GET /payments/find/order-1': () => (paid ? envelope(payment()) : notFound()),
        });
        assert.equal((await onetime(api)).status, 'paid');
        assert.equal(upstream.count('POST /subscribe/payments/onetime'), 1);
      });

      it('timeout: a read is not retried, a payment is reconciled', async () => {
        const { api, upstream, reconciles } = await client({
          'GET /payments/imps_1': () => ({ fault: 'hang' }),
          'POST /subscribe/payments/onetime': () => ({ fault: 'hang' }),
          'GET /payments/find/order-1': notFound,
        });
        await assert.rejects(
          api.getPayment('imps_1'),
          (e) => isIamportError(e, 'UPSTREAM_UNAVAILABLE') && /timed out/.test(e.message),
        );
        assert.equal(upstream.count('GET /payments/imps_1'), 1, 'the timeout was the attempt');
        await assert.rejects(onetime(api), (e) => isIamportError(e, 'OUTCOME_UNKNOWN'));
        assert.equal(upstream.count('POST /subscribe/payments/onetime'), 1);
        assert.equal(
          reconciles().at(-1)?.type === 'reconcile' && reconciles().at(-1)?.reason,
          'timeout',
        );
      });

      it('a body that stops coming times out like missing headers', async () => {
        const { api, upstream } = await client({
          'GET /payments/imps_1': () => ({ fault: 'stall-body', head: '{"code":0,"resp' }),
        });
        await assert.rejects(
          api.getPayment('imps_1'),
          (e) => isIamportError(e, 'UPSTREAM_UNAVAILABLE') && /timed out/.test(e.message),
        );
        assert.equal(upstream.count('GET /payments/imps_1'), 1);
      });

      it('a connection cut mid-body: a read is retried, a payment is in doubt', async () => {
        const { api, upstream, reconciles } = await client({
          'GET /payments/imps_1': () => ({ fault: 'cut-body', head: '{"code":0,"resp' }),
          'POST /subscribe/payments/onetime': () => ({ fault: 'cut-body', head: '{"code":0' }),
          'GET /payments/find/order-1': notFound,
        });
        await assert.rejects(api.getPayment('imps_1'), (e) =>
          isIamportError(e, 'UPSTREAM_UNAVAILABLE'),
        );
        assert.equal(upstream.count('GET /payments/imps_1'), 3);
        await assert.rejects(onetime(api), (e) => isIamportError(e, 'OUTCOME_UNKNOWN'));
        assert.equal(upstream.count('POST /subscribe/payments/onetime'), 1);
        assert.equal(
          reconciles().at(-1)?.type === 'reconcile' && reconciles().at(-1)?.reason,
          'network',
        );
      });

      it('5xx: a payment POST is sent once and looked up, a cancel without checksum is in doubt', async () => {
        const { api, upstream } = await client({
          'POST /subscribe/payments/onetime': () => text('<html>Internal Server Error</html>', 500),
          'GET /payments/find/order-1': notFound,
          'POST /payments/cancel': () => text('<html>Service Unavailable</html>', 503),
        });
        await assert.rejects(
          onetime(api),
          (e) => isIamportError(e, 'UPSTREAM_UNAVAILABLE') && e.cause instanceof Error,
        );
        assert.equal(upstream.count('POST /subscribe/payments/onetime'), 1);
        assert.equal(upstream.count('GET /payments/find/order-1'), 1);
        await assert.rejects(
          api.cancelPayment({ imp_uid: 'imps_1' }),
          (e) => isIamportError(e, 'OUTCOME_UNKNOWN') && e.httpStatus === 503,
        );
        assert.equal(upstream.count('POST /payments/cancel'), 1);
      });

      it('429 on a read: unavailable at once, not retried', async () => {
        const { api, upstream } = await client({
          'GET /payments/imps_1': () => text('Too Many Requests', 429, 'text/plain'),
        });
        await assert.rejects(
          api.getPayment('imps_1'),
          (e) => isIamportError(e, 'UPSTREAM_UNAVAILABLE') && e.httpStatus === 429,
        );
        assert.equal(upstream.count('GET /payments/imps_1'), 1);
      });

      it('401 then a refresh: the POST is resent once with the new token; twice 401 fails', async () => {
        let issued = 0;
        let refuseAll = false;
        const { api, upstream, reconciles } = await client({
          'POST /users/getToken': () => {
            issued += 1;
            const now = 1_700_000_000;
            return envelope({ access_token: `t${issued}`, now, expired_at: now + 1800 });
          },
          'POST /subscribe/payments/onetime': (r) =>
            refuseAll || r.headers.get('authorization') === 'Bearer t1'
              ? Response.json(
                  { code: -1, message: 'Unauthorized', response: null },
                  { status: 401 },
                )
              : envelope(payment()),
        });
        assert.equal((await onetime(api)).status, 'paid');
        assert.equal(upstream.count('POST /subscribe/payments/onetime'), 2);
        assert.equal(upstream.count('POST /users/getToken'), 2);
        refuseAll = true;
        await assert.rejects(
          onetime(api),
          (e) => isIamportError(e, 'UPSTREAM_AUTH_FAILED') && e.httpStatus === 401,
        );
        assert.equal(upstream.count('POST /subscribe/payments/onetime'), 4);
        assert.deepEqual(reconciles(), [], 'a 401 did nothing: nothing to look up');
      });

      it('getToken: retried on 5xx, one fetch shared, recovered on the next call', async () => {
        let tokenCalls = 0;
        let healthy = false;
        const { api } = await client({
          'POST /users/getToken': () => {
            tokenCalls += 1;
            return healthy
              ? envelope({ access_token: 't', now: 1_700_000_000, expired_at: 1_700_001_800 })
              : text('busy', 503, 'text/plain');
          },
          'GET /payments/find/m': notFound,
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
      const lostPost = () => text('upstream busy', 503, 'text/plain');

      it('ignores an earlier failed attempt but reports a failure of this one', async () => {
        let startedAt = 0;
        const { api } = await client({
          'POST /subscribe/payments/onetime': lostPost,
          'GET /payments/find/order-1': () =>
            envelope(payment({ status: 'failed', fail_reason: 'old', started_at: startedAt })),
        });
        startedAt = 1_699_999_000; // well before the token's `now`, i.e. before this request
        await assert.rejects(onetime(api), (e) => isIamportError(e, 'UPSTREAM_UNAVAILABLE'));
        startedAt = 1_700_000_000;
        await assert.rejects(
          onetime(api),
          (e) => isIamportError(e, 'CARD_DECLINED') && e.upstreamMessage === 'old',
        );
      });

      it('accepts a lost billing-key issue only if the key changed since the request', async () => {
        let updated = 1_699_990_000;
        const { api } = await client({
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
        const { api, requests } = await client({
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
        // fetch adds its Fetch-metadata headers; undici's Pool.request sends only ours.
        assert.equal(
          sent.headers.has('sec-fetch-mode'),
          transport.name === 'ky',
          `the call went through the ${transport.name} transport`,
        );
      });

      it('formats Amex and Diners numbers as printed', async () => {
        const { api, requests } = await client({
          'POST /subscribe/customers/amex': () => envelope({ customer_uid: 'amex' }),
          'POST /subscribe/customers/diners': () => envelope({ customer_uid: 'diners' }),
        });
        await api.issueBillingKey('amex', { ...CARD, card_number: '378282246310005' });
        await api.issueBillingKey('diners', { ...CARD, card_number: '3056-9309-0259-04' });
        const sent = requests.filter(
          (r) => r.method === 'POST' && r.path.startsWith('/subscribe/'),
        );
        assert.deepEqual(
          sent.map((r) => (JSON.parse(r.body) as { card_number: string }).card_number),
          ['3782-822463-10005', '3056-930902-5904'],
        );
      });
    });
  });
}
