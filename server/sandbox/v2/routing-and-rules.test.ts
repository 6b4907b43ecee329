// How V1 and V2 share one sandbox (dispatch by the PortOne scheme and V2-only paths, one ledger,
// separate views), V2's authentication and body errors, and the per-PG rules of V2 channels.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  DEFAULT_PORTONE_API_SECRET,
  DEFAULT_PORTONE_CHANNEL_KEY,
  PORTONE_CHANNEL_KEYS,
  type ImpPayment,
} from '../index.ts';
import {
  CARD_FIELDS,
  CARDS,
  CREDENTIALS,
  startPortOneSandboxHarness,
  uid,
  v2Credential,
  type PortOneSandboxHarness,
} from '../../testing/index.ts';

type Body = Record<string, unknown>;

const instantBody = (overrides: Body = {}) => ({
  channelKey: DEFAULT_PORTONE_CHANNEL_KEY,
  method: { card: { credential: v2Credential() } },
  orderName: '정기결제',
  amount: { total: 1000 },
  currency: 'KRW',
  ...overrides,
});

describe('V1 and V2 on one sandbox', () => {
  let h: PortOneSandboxHarness;
  let v1Token: string;
  before(async () => {
    h = await startPortOneSandboxHarness({ testControls: true });
    const res = await fetch(`${h.url}/users/getToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(CREDENTIALS),
    });
    v1Token = ((await res.json()) as { response: { access_token: string } }).response.access_token;
  });
  after(() => h.close());

  const v1 = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(h.url + path, {
      method,
      headers: { authorization: `Bearer ${v1Token}`, 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { code: number; response: unknown } };
  };

  it('GET /payments/{id} is V1 with a V1 token and V2 with the PortOne scheme', async () => {
    const merchantUid = uid('both');
    const paid = await v1('POST', '/subscribe/payments/onetime', {
      ...CARD_FIELDS,
      card_number: CARDS.approved,
      merchant_uid: merchantUid,
      amount: 1000,
    });
    const impUid = (paid.body.response as ImpPayment).imp_uid;
    const asV1 = await v1('GET', `/payments/${impUid}`);
    assert.equal(asV1.body.code, 0);
    assert.equal((asV1.body.response as ImpPayment).merchant_uid, merchantUid);
    const asV2 = await h.call<Body>('GET', `/payments/${merchantUid}`);
    assert.equal(asV2.status, 200);
    assert.equal(asV2.body['transactionId'], impUid);
  });

  it('V1 lookups do not see V2 payments; the ledger (attempts) holds both', async () => {
    const paymentId = uid('v2only');
    assert.equal(
      (await h.call('POST', `/payments/${paymentId}/instant`, instantBody())).status,
      200,
    );
    const find = await v1('GET', `/payments/find/${paymentId}`);
    assert.equal(find.status, 404);
    const listed = (await (
      await fetch(`${h.url}/__sandbox/payments?merchant_uid=${paymentId}`)
    ).json()) as {
      response: { version: string; via: string }[];
    };
    assert.deepEqual(
      listed.response.map((a) => [a.version, a.via]),
      [['V2', 'instant']],
    );
  });

  it('V2 paths refuse a missing or wrong secret, and a V1 token, with 401 UNAUTHORIZED', async () => {
    for (const authorization of [null, `PortOne wrong-secret`, `Bearer ${v1Token}`]) {
      const answer = await h.call<Body>(
        'POST',
        '/billing-keys',
        {},
        {
          secret: null,
          headers: authorization === null ? {} : { authorization },
        },
      );
      assert.equal(answer.status, 401, String(authorization));
      assert.equal(answer.body['type'], 'UNAUTHORIZED');
    }
    const lower = await h.call('GET', `/payments/${uid('x')}`, undefined, {
      secret: null,
      headers: { authorization: `portone ${DEFAULT_PORTONE_API_SECRET}` },
    });
    assert.equal(lower.status, 404, 'the scheme is case-insensitive');
  });

  it('unreadable and oversized (> 64 KB) bodies are 400 INVALID_REQUEST in V2 shape', async () => {
    const bad = await fetch(`${h.url}/billing-keys`, {
      method: 'POST',
      headers: { authorization: `PortOne ${DEFAULT_PORTONE_API_SECRET}` },
      body: '{"method":',
    });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as Body)['type'], 'INVALID_REQUEST');
    const big = await fetch(`${h.url}/billing-keys`, {
      method: 'POST',
      headers: { authorization: `PortOne ${DEFAULT_PORTONE_API_SECRET}` },
      body: JSON.stringify({ customData: 'x'.repeat(70_000) }),
    });
    // PortOne documents no 413: an oversized body is one more invalid request.
    assert.equal(big.status, 400);
    assert.equal(((await big.json()) as Body)['type'], 'INVALID_REQUEST');
  });
});

describe('V2 per-PG rules and request checks', () => {
  let h: PortOneSandboxHarness;
  before(async () => {
    h = await startPortOneSandboxHarness();
  });
  after(() => h.close());

  const refused = async (path: string, body: Body, field: RegExp) => {
    const answer = await h.call<Body>('POST', path, body);
    assert.equal(answer.status, 400, answer.raw);
    assert.equal(answer.body['type'], 'INVALID_REQUEST');
    assert.match(String(answer.body['message']), field);
    assert.ok(!answer.raw.includes(v2Credential().number), 'never echoes the card');
  };

  it('KCP and NICE need birth and password digits; KSNET a productType on payments', async () => {
    const { birthOrBusinessRegistrationNumber: _b, ...withoutBirth } = v2Credential();
    for (const channelKey of [PORTONE_CHANNEL_KEYS.KCP_V2, PORTONE_CHANNEL_KEYS.NICE_V2]) {
      await refused(
        `/payments/${uid('pg')}/instant`,
        instantBody({ channelKey, method: { card: { credential: withoutBirth } } }),
        /birthOrBusinessRegistrationNumber/,
      );
    }
    await refused(
      `/payments/${uid('pg')}/instant`,
      instantBody({ channelKey: PORTONE_CHANNEL_KEYS.KSNET }),
      /productType/,
    );
    const ok = await h.call(
      'POST',
      `/payments/${uid('pg')}/instant`,
      instantBody({
        channelKey: PORTONE_CHANNEL_KEYS.KSNET,
        productType: 'DIGITAL',
      }),
    );
    assert.equal(ok.status, 200, ok.raw);
  });

  it('Inicis and Welcome need the buyer name, phone and e-mail', async () => {
    for (const channelKey of [PORTONE_CHANNEL_KEYS.INICIS_V2, PORTONE_CHANNEL_KEYS.WELCOME]) {
      await refused(
        '/billing-keys',
        {
          channelKey,
          method: { card: { credential: v2Credential() } },
          customer: { name: { full: '홍길동' } },
        },
        /customer\.phoneNumber/,
      );
      const ok = await h.call('POST', '/billing-keys', {
        channelKey,
        method: { card: { credential: v2Credential() } },
        customer: {
          name: { full: '홍길동' },
          phoneNumber: '010-0000-0000',
          email: 'a@example.com',
        },
      });
      assert.equal(ok.status, 200, ok.raw);
    }
  });

  it('a channel key is required, the currency must be KRW, and the card is checked', async () => {
    await refused(
      `/payments/${uid('r')}/instant`,
      instantBody({ channelKey: undefined }),
      /channelKey/,
    );
    await refused(`/payments/${uid('r')}/instant`, instantBody({ currency: 'USD' }), /KRW/);
    const luhn = await h.call<Body>(
      'POST',
      `/payments/${uid('r')}/instant`,
      instantBody({ method: { card: { credential: v2Credential(CARDS.luhnFail) } } }),
    );
    assert.equal(luhn.status, 502);
    assert.equal(luhn.body['type'], 'PG_PROVIDER');
  });

  it('installments below 50,000 won are a PG refusal, as in V1', async () => {
    const answer = await h.call<Body>(
      'POST',
      `/payments/${uid('q')}/instant`,
      instantBody({ method: { card: { credential: v2Credential(), installmentMonth: 3 } } }),
    );
    assert.equal(answer.status, 502);
    assert.equal(answer.body['pgCode'], '8325');
  });
});

describe('V2 webhook targets', () => {
  let server: Server;
  let url: string;
  const paths: string[] = [];
  let h: PortOneSandboxHarness;
  before(async () => {
    server = createServer((req, res) => {
      paths.push(req.url ?? '');
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    h = await startPortOneSandboxHarness({
      portoneWebhookUrl: `${url}/default`,
      webhookUrl: `${url}/v1`,
      testControls: true,
    });
  });
  after(async () => {
    await h.close();
    server.closeAllConnections();
    server.close();
  });

  it('noticeUrls override the configured URL, skipWebhook sends none, V1 webhooks keep their own URL', async () => {
    await h.call('POST', `/payments/${uid('w')}/instant`, instantBody());
    await h.call(
      'POST',
      `/payments/${uid('w')}/instant`,
      instantBody({ noticeUrls: [`${url}/notice`] }),
    );
    await h.call('POST', `/payments/${uid('w')}/instant`, instantBody({ skipWebhook: true }));
    await h.running.sandbox.webhooksSettled();
    assert.deepEqual(paths.sort(), ['/default', '/notice']);
    assert.deepEqual(
      h.running.sandbox.portoneWebhooks.map((d) => [d.body.type, d.status]),
      [
        ['Transaction.Paid', 200],
        ['Transaction.Paid', 200],
      ],
    );
    assert.equal(h.running.sandbox.webhooks.length, 0, 'no V1 webhook for a V2 payment');
    const listed = (await (await fetch(`${h.url}/__sandbox/portone-webhooks`)).json()) as {
      response: unknown[];
    };
    assert.equal(listed.response.length, 2);
  });
});
