// The uid rule against the i'mport client's URL building: an id the server accepts is always one
// path segment of i'mport's URL, and one that could not be (`.`, `..`) is refused before any call.
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import * as v from 'valibot';
import { createIamportClient, type IamportClient } from '../iamport/index.ts';
import { fakeUpstream } from '../testing/fake-upstream.ts';
import {
  API_KEY,
  CARD_FIELDS,
  CARDS,
  json,
  startIamportHarness,
  TOKEN_SECRET,
  uid,
} from '../testing/index.ts';
import { createServer } from './create-server.ts';
import { CustomerUidSchema, MerchantUidSchema } from './uid-schema.ts';

/** A client whose every request's path is recorded as it would go on the wire (not decoded). */
function recordingClient(): { client: IamportClient; paths: string[] } {
  const upstream = fakeUpstream({});
  const paths: string[] = [];
  const client = createIamportClient({
    impKey: 'k',
    impSecret: 's',
    baseUrl: 'http://iamport.invalid',
    reconcileDelaysMs: [],
    fetch: (input, init) => {
      const request = new Request(input, init);
      const path = new URL(request.url).pathname;
      if (path !== '/users/getToken') paths.push(path);
      return upstream.fetch(request);
    },
  });
  return { client, paths };
}

/** Every client call that puts an id into a URL, with the path it must reach. */
const calls: [string, (c: IamportClient, id: string) => Promise<unknown>, string][] = [
  ['getBillingKey', (c, id) => c.getBillingKey(id), '/subscribe/customers/'],
  ['deleteBillingKey', (c, id) => c.deleteBillingKey(id, undefined), '/subscribe/customers/'],
  [
    'issueBillingKey',
    (c, id) => c.issueBillingKey(id, { ...CARD_FIELDS, card_number: CARDS.approved }),
    '/subscribe/customers/',
  ],
  ['findPayment', (c, id) => c.findPayment(id), '/payments/find/'],
  ['findAllPayments', (c, id) => c.findAllPayments(id), '/payments/findAll/'],
  ['getPayment', (c, id) => c.getPayment(id), '/payments/'],
];

/** Calls `call` and returns the one path it sent (null when it sent nothing). */
async function pathOf(
  call: (c: IamportClient, id: string) => Promise<unknown>,
  id: string,
): Promise<{ path: string | null; error: unknown }> {
  const { client, paths } = recordingClient();
  let error: unknown;
  await call(client, id).catch((e: unknown) => (error = e));
  assert.ok(paths.length <= 1, paths.join(' '));
  return { path: paths[0] ?? null, error };
}

const ruleOf = (schema: typeof CustomerUidSchema): RegExp => {
  const regex = schema.pipe.find((a) => a.type === 'regex');
  assert.ok(regex);
  return regex.requirement;
};

describe('uid schema and the i’mport client’s URLs', () => {
  it('refuses ids that are not one path segment, before any call', async () => {
    for (const id of ['.', '..', '...', 'a/b', '%2e%2e', '.%2e', '', 'a b', '../x']) {
      assert.equal(v.is(CustomerUidSchema, id), false, id);
      assert.equal(v.is(MerchantUidSchema, id), false, id);
    }
    for (const id of ['.a', 'a.', 'a..b', 'user@shop.example', '_', '-', ':']) {
      assert.equal(v.is(CustomerUidSchema, id), true, id);
    }
    for (const id of ['.', '..', '']) {
      for (const [name, call] of calls) {
        const { path, error } = await pathOf(call, id);
        assert.equal(path, null, `${name}(${JSON.stringify(id)}) sent nothing`);
        assert.ok(error instanceof TypeError, `${name}(${JSON.stringify(id)}): ${String(error)}`);
      }
    }
  });

  it('turns every id the schema accepts into exactly the expected path', async () => {
    for (const [schema, max] of [
      [CustomerUidSchema, 80],
      [MerchantUidSchema, 40],
    ] as const) {
      const accepted = fc
        .oneof(fc.stringMatching(ruleOf(schema)), fc.constantFrom('.a', 'a.', '.:.', '@', '-.-'))
        .filter((id) => id.length <= max);
      await fc.assert(
        fc.asyncProperty(accepted, fc.constantFrom(...calls), async (id, [name, call, base]) => {
          assert.ok(v.is(schema, id), id);
          const { path } = await pathOf(call, id);
          assert.ok(path !== null && path.startsWith(base), `${name}(${id}) → ${String(path)}`);
          const rest = path.slice(base.length);
          assert.doesNotMatch(rest, /\//, `${name}(${id}) → ${path}: one segment`);
          assert.equal(decodeURIComponent(rest), id);
        }),
        { numRuns: 300 },
      );
    }
  });

  it('keeps any other string one segment in the client too, or refuses it there', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.constantFrom('a/b', '%2e%2e', '?x', '#x', '%', '\\', './')),
        fc.constantFrom(...calls),
        async (id, [name, call, base]) => {
          const { path, error } = await pathOf(call, id);
          if (path === null) {
            assert.ok(['', '.', '..'].includes(id), `${name}(${JSON.stringify(id)}) sent nothing`);
            assert.ok(error instanceof TypeError);
            return;
          }
          const rest = path.slice(base.length);
          assert.ok(path.startsWith(base) && !rest.includes('/'), `${name}(${id}) → ${path}`);
          assert.equal(decodeURIComponent(rest), id);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('a dot id over HTTP, with the sandbox dropping the answer', async () => {
  const env = await startIamportHarness({ testControls: true }, { reconcileDelaysMs: [0] });
  after(() => env.running.close());
  const app = createServer({
    iamport: env.client,
    tokenSecret: TOKEN_SECRET,
    apiKey: API_KEY,
    rateLimit: false,
    logger: false,
  });
  const merchant = (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('is refused 400 before i’mport is asked, not paid then lost as OUTCOME_UNKNOWN', async () => {
    const customerUid = uid('dot');
    await env.client.issueBillingKey(customerUid, { ...CARD_FIELDS, card_number: CARDS.approved });
    const sandbox = env.running.sandbox;
    sandbox.injectFault({ kind: 'drop', path: '/subscribe/payments/again' });
    for (const merchantUid of ['..', '.']) {
      const charge = { customer_uid: customerUid, merchant_uid: merchantUid, amount: 1000 };
      const res = await merchant('POST', '/v1/charges', { ...charge, name: 'Dot' });
      const body = await json(res);
      assert.equal(res.status, 400, `${merchantUid}: ${JSON.stringify(body)}`);
      assert.equal(body.code, 'INVALID_REQUEST');
      assert.match(String(body.message), /"merchant_uid"/);
      assert.deepEqual(sandbox.attempts(merchantUid), []);
    }
    // Nothing went to i'mport: no payment, no lookup.
    assert.equal(sandbox.callCount('/subscribe/payments/again'), 0);
    assert.equal(sandbox.callCount('/payments/*'), 0);
    // A dot segment in our own URL is resolved away before routing (`/v1/payments/..` is
    // `/v1/`); encoded once more, it reaches the route as an id and is refused there.
    for (const path of ['/v1/payments/%252E%252E', '/v1/billing-keys/a%2Fb', '/v1/payments/..']) {
      const res = await merchant('GET', path);
      assert.ok([400, 404].includes(res.status), `${path}: ${res.status}`);
      if (path.includes('%')) assert.equal((await json(res)).code, 'INVALID_REQUEST', path);
    }
    const cancel = await app.request('/v1/payments/%252E%252E/cancel', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${API_KEY}`,
        'content-type': 'application/json',
        'idempotency-key': 'dot-refund',
      },
      body: JSON.stringify({ reason: 'dot' }),
    });
    assert.equal(cancel.status, 400);
    assert.equal(sandbox.callCount('/payments/*'), 0);
  });
});
