import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { CARD_FIELDS, CARDS, startSandboxHarness, type SandboxHarness } from '../testing/index.ts';

const POST_PATHS = [
  '/users/getToken',
  '/subscribe/customers/fuzz_uid',
  '/subscribe/payments/onetime',
  '/subscribe/payments/again',
  '/payments/cancel',
];
const FIELDS = [
  'imp_key',
  'imp_secret',
  'card_number',
  'expiry',
  'birth',
  'pwd_2digit',
  'cvc',
  'pg',
  'merchant_uid',
  'amount',
  'customer_uid',
  'name',
  'checksum',
  'imp_uid',
  'card_quota',
  'custom_data',
  'notice_url',
  'enable_webhook',
  'buyer_name',
  'currency',
  'tax_free',
  '__proto__',
  'constructor',
];

/** Sends a raw body and checks the answer is i'mport's envelope and never a 5xx. */
async function expectEnvelope(
  h: SandboxHarness,
  path: string,
  body: string,
  contentType: string,
): Promise<void> {
  const res = await fetch(h.url + path, {
    method: 'POST',
    headers: { authorization: await h.token(), 'content-type': contentType },
    body,
  });
  const text = await res.text();
  assert.ok(res.status < 500, `${path} ${res.status} ${text}`);
  const parsed = JSON.parse(text) as { code: unknown; message: unknown; response: unknown };
  assert.deepEqual(Object.keys(parsed).sort(), ['code', 'message', 'response']);
  assert.equal(typeof parsed.code, 'number');
  if (parsed.code === 0) {
    assert.equal(parsed.message, null);
  } else {
    assert.equal(typeof parsed.message, 'string');
    assert.equal(parsed.response, null);
  }
  // Whatever was sent, a full test card number never comes back.
  assert.ok(!text.includes(CARDS.approved.replaceAll('-', '')));
}

describe('malformed input never crashes the sandbox', () => {
  let h: SandboxHarness;
  before(async () => {
    h = await startSandboxHarness();
  });
  after(() => h.close());

  it('fixed malformed bodies get the envelope with a 4xx or code ≠ 0', async () => {
    const cases: [string, string][] = [
      ['{', 'application/json'],
      ['[]', 'application/json'],
      ['"string"', 'application/json; charset=utf-8'],
      ['null', 'application/json'],
      ['{"amount": {"$gt": 0}}', 'application/json'],
      ['%E0%A4%A', 'application/x-www-form-urlencoded'],
      ['amount[]=1&amount[x]=2', 'application/x-www-form-urlencoded'],
      ['<xml/>', 'application/xml'],
      ['\u0000\u0001', 'text/plain'],
    ];
    for (const path of POST_PATHS) {
      for (const [body, type] of cases) await expectEnvelope(h, path, body, type);
    }
    const bytes = new Uint8Array([0xff, 0xfe, 0x7b]);
    const res = await fetch(h.url + '/subscribe/payments/onetime', {
      method: 'POST',
      headers: { authorization: await h.token(), 'content-type': 'application/json' },
      body: bytes,
    });
    assert.equal(res.status, 400);
  });

  it('an oversized body is refused with 413', async () => {
    const res = await fetch(h.url + '/subscribe/payments/onetime', {
      method: 'POST',
      headers: { authorization: await h.token(), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(100_000) }),
    });
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as { code: number }).code, -1);
  });

  it('generated JSON objects with wrong types and missing fields (fast-check)', async () => {
    const value = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom(
        CARDS.approved,
        CARDS.declined,
        CARD_FIELDS.expiry,
        CARD_FIELDS.birth,
        CARD_FIELDS.pwd_2digit,
        'paymentwall',
        'kcp.MID',
      ),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 3 }),
    );
    const body = fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 8 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...POST_PATHS), body, async (path, b) => {
        await expectEnvelope(h, path, JSON.stringify(b), 'application/json');
      }),
      { numRuns: 150 },
    );
  });

  it('generated form bodies with bracket names (fast-check)', async () => {
    const name = fc.oneof(
      fc.constantFrom(...FIELDS),
      fc
        .tuple(fc.constantFrom(...FIELDS), fc.constantFrom('[]', '[x]', '[0]', '[', ']', '[][]'))
        .map(([a, b]) => a + b),
      fc.string({ maxLength: 8 }),
    );
    const pairs = fc.array(fc.tuple(name, fc.string({ maxLength: 20 })), { maxLength: 10 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...POST_PATHS), pairs, async (path, p) => {
        await expectEnvelope(
          h,
          path,
          new URLSearchParams(p).toString(),
          'application/x-www-form-urlencoded',
        );
      }),
      { numRuns: 100 },
    );
  });

  it('generated raw strings under any content type (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...POST_PATHS),
        fc.string({ maxLength: 200 }),
        fc.constantFrom(
          'application/json',
          'application/x-www-form-urlencoded',
          '',
          'text/plain',
          'multipart/form-data',
        ),
        async (path, body, type) => expectEnvelope(h, path, body, type),
      ),
      { numRuns: 100 },
    );
  });

  it('odd paths and methods answer an envelope, never 5xx', async () => {
    const token = await h.token();
    for (const [method, path] of [
      ['GET', '/payments/find/'],
      ['GET', '/payments/findAll/x/bogus'],
      ['GET', '/subscribe/customers?customer_uid=single'],
      ['PUT', '/payments/cancel'],
      ['GET', '/nope'],
      ['GET', '/payments/%E0%A4%A'],
      ['GET', `/subscribe/customers/${'x'.repeat(81)}`],
      ['GET', '/payments/findAll/x?limit=-1&page=abc'],
    ]) {
      const res = await fetch(h.url + (path ?? ''), {
        method: method ?? 'GET',
        headers: { authorization: token },
      });
      assert.ok(res.status < 500, `${method} ${path}: ${res.status}`);
      const parsed = (await res.json()) as { code: unknown };
      assert.equal(typeof parsed.code, 'number');
    }
  });
});
