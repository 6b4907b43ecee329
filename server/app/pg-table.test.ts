// The PG table held against both sides: for every PG, the server (in-process, its i'mport client
// talking HTTP to a sandbox on a loopback port) allows exactly the flows the table allows and the
// sandbox runs them; a field the table requires is required by the server and by the sandbox, and
// nothing else is (the allowed calls carry only the required buyer fields); a code the table does
// not know is refused at token mint, at start-up and on a charge.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  API_KEY,
  BUSINESS_NUMBER,
  CARD_FIELDS,
  CARDS,
  TOKEN_SECRET,
  cardBody,
  json,
  sandboxClient,
  startSandboxHarness,
  type SandboxHarness,
} from '../testing/index.ts';
import { ConfigError } from './config-error.ts';
import { createServer } from './create-server.ts';
import { PG_CODES, PG_TABLE, pgAllows, pgRequires, type PgFacts, type PgFlow } from './pg-table.ts';
import { isServerError } from './server-error.ts';
import { signRegistrationToken } from './token/sign-registration-token.ts';

const TOKEN_MODES = ['billing_key', 'payment', 'billing_key_and_payment'] as const;
const BUYER = { name: 'Kim Minji', email: 'buyer@example.com', tel: '010-1234-5678' } as const;

/** Only the buyer fields the table requires for `flow`: the sandbox must ask for no more. */
function requiredBuyer(facts: PgFacts, flow: PgFlow) {
  const buyer = Object.fromEntries(
    (['name', 'email', 'tel'] as const)
      .filter((field) => pgRequires(facts, `buyer_${field}`, flow))
      .map((field) => [field, BUYER[field]]),
  );
  return Object.keys(buyer).length > 0 ? { buyer } : {};
}

describe('the PG table, held against the server and the sandbox over HTTP', () => {
  let sandbox: SandboxHarness;
  let app: ReturnType<typeof createServer>;
  let n = 0;
  const uid = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${n++}`;

  const merchant = (method: string, path: string, body: unknown) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const register = (body: unknown) =>
    app.request('/v1/registrations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const mint = (body: Record<string, unknown>) => merchant('POST', '/v1/tokens', body);

  before(async () => {
    sandbox = await startSandboxHarness({ testControls: true });
    app = createServer({
      iamport: sandboxClient(sandbox.url, { timeoutMs: 3000 }),
      tokenSecret: TOKEN_SECRET,
      apiKey: API_KEY,
      rateLimit: false,
      logger: false,
    });
  });
  after(() => sandbox.close());

  for (const code of PG_CODES) {
    const facts: PgFacts = PG_TABLE[code];
    if (!facts.restKeyIn.value) {
      it(`${code}: takes no card over REST, so every mode is refused at mint, naming what to use`, async () => {
        for (const mode of TOKEN_MODES) {
          const res = await mint({
            customer_uid: uid(code),
            mode,
            pg: code,
            ...(mode === 'billing_key' ? {} : { amount: 1000 }),
          });
          assert.equal(res.status, 422, `${code} ${mode}`);
          const body = await json(res);
          assert.equal(body.code, 'PG_NOT_SUPPORTED');
          const instead = facts.instead?.value;
          assert.match(
            String(body.message),
            instead ? new RegExp(`use ${instead} for key-in`) : /use its payment window/,
          );
        }
      });
      continue;
    }

    it(`${code}: the server allows what the table allows, the sandbox runs it, and both require the same fields`, async () => {
      const pg = `${code}.MID_${code}`;
      for (const mode of TOKEN_MODES) {
        const customerUid = uid(code);
        const request = {
          customer_uid: customerUid,
          mode,
          pg,
          ...(mode === 'billing_key' ? {} : { amount: 1000 }),
        };
        const minted = await mint({ ...request, ...requiredBuyer(facts, mode) });
        if (!pgAllows(facts, mode)) {
          assert.equal(minted.status, 422, `${code} ${mode}`);
          // The sandbox refuses the same request made directly.
          const direct =
            mode === 'billing_key'
              ? await sandbox.post(`/subscribe/customers/${customerUid}`, {
                  ...CARD_FIELDS,
                  card_number: CARDS.approved,
                  pg,
                })
              : await sandbox.post('/subscribe/payments/onetime', {
                  ...CARD_FIELDS,
                  card_number: CARDS.approved,
                  pg,
                  merchant_uid: uid('direct'),
                  amount: 1000,
                  ...(mode === 'billing_key_and_payment' ? { customer_uid: customerUid } : {}),
                });
          assert.equal(direct.code, 1, `${code} ${mode}: ${direct.raw}`);
          continue;
        }
        assert.equal(minted.status, 201, `${code} ${mode}: ${await minted.clone().text()}`);
        const { token, merchant_uid: merchantUid } = (await minted.json()) as {
          token: string;
          merchant_uid?: string;
        };

        // A buyer field the table requires: the server refuses the token without it.
        for (const field of ['name', 'email', 'tel'] as const) {
          if (!pgRequires(facts, `buyer_${field}`, mode)) continue;
          const without = await mint(request);
          assert.equal(without.status, 422, `${code} ${mode} without buyer ${field}`);
          assert.match(String((await json(without)).message), new RegExp(field));
        }
        // birth: the server's registration schema always needs it; the sandbox too where the
        // table says so (every REST PG), checked below with the direct calls.
        if (pgRequires(facts, 'pwd_2digit', mode)) {
          const corporate = { ...cardBody(token), birth: BUSINESS_NUMBER, pwd_2digit: undefined };
          const refused = await register(corporate);
          assert.equal(refused.status, 422, `${code} ${mode} without pwd_2digit`);
        }

        const res = await register(cardBody(token));
        assert.equal(res.status, 200, `${code} ${mode}: ${await res.clone().text()}`);
        // The card went to this PG's channel, not to a default one.
        const landed =
          merchantUid === undefined
            ? await sandbox.get<{ pg_provider: string; pg_id: string }>(
                `/subscribe/customers/${customerUid}`,
              )
            : await sandbox.get<{ pg_provider: string; pg_id: string }>(
                `/payments/find/${merchantUid}`,
              );
        assert.deepEqual(
          [landed.response.pg_provider, landed.response.pg_id],
          [code, `MID_${code}`],
        );

        if (mode === 'billing_key_and_payment') {
          const charge = {
            customer_uid: customerUid,
            merchant_uid: uid('again'),
            amount: 500,
            name: 'Renewal',
            pg,
          };
          const charged = await merchant('POST', '/v1/charges', {
            ...charge,
            ...requiredBuyer(facts, 'again'),
          });
          assert.equal(charged.status, 200, `${code} again: ${await charged.clone().text()}`);
          for (const field of ['name', 'email', 'tel'] as const) {
            if (!pgRequires(facts, `buyer_${field}`, 'again')) continue;
            const without = await merchant('POST', '/v1/charges', {
              ...charge,
              merchant_uid: uid('again'),
            });
            assert.equal(without.status, 422, `${code} again without buyer ${field}`);
            const direct = await sandbox.post('/subscribe/payments/again', {
              customer_uid: customerUid,
              merchant_uid: uid('direct'),
              amount: 500,
              name: 'Renewal',
            });
            assert.equal(direct.message, `buyer_${field} 파라메터가 누락되었습니다.`);
          }
        }
      }
    });

    it(`${code}: the sandbox refuses a call missing a field the table requires, as the server does`, async () => {
      const pg = code;
      for (const mode of TOKEN_MODES.filter((m) => pgAllows(facts, m))) {
        for (const field of [
          'birth',
          'pwd_2digit',
          'buyer_name',
          'buyer_email',
          'buyer_tel',
        ] as const) {
          if (!pgRequires(facts, field, mode)) continue;
          const customerUid = uid(code);
          const buyer = requiredBuyer(facts, mode).buyer ?? {};
          const full: Record<string, unknown> = {
            ...CARD_FIELDS,
            card_number: CARDS.approved,
            pg,
            ...Object.fromEntries(Object.entries(buyer).map(([k, v]) => [`buyer_${k}`, v])),
          };
          delete full[field];
          const direct =
            mode === 'billing_key'
              ? await sandbox.post(`/subscribe/customers/${customerUid}`, full)
              : await sandbox.post('/subscribe/payments/onetime', {
                  ...full,
                  merchant_uid: uid('direct'),
                  amount: 1000,
                  ...(mode === 'billing_key_and_payment' ? { customer_uid: customerUid } : {}),
                });
          assert.equal(direct.code, 1, `${code} ${mode} without ${field}: ${direct.raw}`);
          assert.equal(direct.message, `${field} 파라메터가 누락되었습니다.`);
        }
      }
    });
  }

  it('refuses an unknown code at mint (HTTP and signRegistrationToken), on a charge and at start-up', async () => {
    const againCalls = sandbox.running.sandbox.callCount('/subscribe/payments/again');
    for (const [pg, hint] of [
      ['nosuchpg', /use one of .*kcp/],
      ['kcq', /did you mean kcp\?/],
      ['KCP.A52CY', /did you mean kcp\?/],
      ['kcp_biling', /did you mean kcp\?/],
      ['nicee', /did you mean nice\?/],
      ['kcp.', /nothing after the dot/],
      ['kcp..x', /malformed channel id/],
      ['kcp.A52CY.', /malformed channel id/],
      ['nice.-.-', /malformed channel id/],
    ] as const) {
      const res = await mint({ customer_uid: uid('typo'), mode: 'billing_key', pg });
      assert.equal(res.status, 422, pg);
      const body = await json(res);
      assert.equal(body.code, 'PG_NOT_SUPPORTED');
      assert.match(String(body.message), hint, pg);
      await assert.rejects(
        signRegistrationToken(TOKEN_SECRET, { customer_uid: 'u', mode: 'billing_key', pg }),
        (error: unknown) => isServerError(error) && error.code === 'PG_NOT_SUPPORTED',
      );
      const charge = await merchant('POST', '/v1/charges', {
        customer_uid: 'u',
        merchant_uid: uid('typo'),
        amount: 100,
        name: 'x',
        pg,
      });
      assert.equal(charge.status, 422, pg);
      assert.throws(
        () =>
          createServer({
            iamport: sandboxClient(sandbox.url),
            tokenSecret: TOKEN_SECRET,
            apiKey: API_KEY,
            pg,
          }),
        (error: unknown) =>
          error instanceof ConfigError && error.option === 'pg' && hint.test(error.message),
      );
    }
    assert.equal(sandbox.running.sandbox.callCount('/subscribe/payments/again'), againCalls);
  });

  it('the sandbox keeps i’mport’s fallback: an unknown code is served by the default channel', async () => {
    const answer = await sandbox.post<{ pg_provider: string }>('/subscribe/customers/fallback', {
      ...CARD_FIELDS,
      card_number: CARDS.approved,
      pg: 'nosuchpg',
    });
    assert.equal(answer.response.pg_provider, 'nice');
  });
});
