// Contract fuzzing: requests generated from the OpenAPI document (fast-check) against the real
// app, the real i'mport client and the sandbox. Every answer must be documented (status, content
// type, body valid against its schema, failure code listed for that status), and what the document
// allows the server accepts, apart from the business refusals the document names.
import { Validator } from '@cfworker/json-schema';
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { API_KEY, createHarness, type ServerHarness } from '../../testing/index.ts';
import { buildOpenApiDocument } from './build-openapi-document.ts';
import { anyJson, arbitraryOf, type JsonSchema } from '../../testing/schema-arbitrary.ts';

const doc = buildOpenApiDocument() as unknown as {
  paths: Record<string, Record<string, DocOperation>>;
  components: Record<string, Record<string, unknown>>;
};
interface DocOperation {
  operationId: string;
  security: unknown[];
  parameters?: { name: string; in: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

/** Replaces `#/components/...` references by their targets (the document has no cycles). */
function deref(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(deref);
  if (typeof value !== 'object' || value === null) return value;
  const ref = (value as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') {
    const [, , section, name] = ref.split('/');
    return deref(doc.components[section!]![name!]);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deref(v)]));
}

const RUNS = Number(process.env.IMPCARD_FUZZ_RUNS ?? 40);
const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => ['get', 'post', 'delete'].includes(method))
    .map(([method, op]) => ({ path, method, op: deref(op) as DocOperation })),
);
// The widget files answer 404 without a build, which the document says; they take no input.
// PortOne V2's webhook route is not on this V1 app, and no generated message carries a signature
// (portone-webhooks.test.ts covers its answers).
const fuzzed = operations.filter(
  (o) => !/\.m?js$/.test(o.path) && o.op.operationId !== 'receivePortOneWebhook',
);

interface Sent {
  path: string;
  status: number;
  code?: string;
  fields?: Record<string, string[]>;
}

/** Checks one answer against the document; returns what the reverse checks need. */
async function checkAnswer(o: (typeof operations)[number], res: Response): Promise<Sent> {
  const at = `${o.method.toUpperCase()} ${o.path} → ${res.status}`;
  const documented = o.op.responses[String(res.status)];
  assert.ok(documented, `${at}: status not documented`);
  assert.ok(res.headers.get('x-request-id'), `${at}: X-Request-Id`);
  const content = documented.content;
  if (!content) return { path: o.path, status: res.status };
  const type = res.headers.get('content-type') ?? '';
  const [mediaType, media] = Object.entries(content)[0]!;
  assert.ok(type.startsWith(mediaType), `${at}: content type ${type}, documented ${mediaType}`);
  if (!mediaType.includes('json')) return { path: o.path, status: res.status };
  const body = (await res.json()) as Record<string, unknown>;
  if (media.schema) {
    const result = new Validator(media.schema, '2020-12', false).validate(body);
    assert.ok(
      result.valid,
      `${at}: body not valid against the document: ${JSON.stringify(result.errors.slice(-3))}\n${JSON.stringify(body)}`,
    );
  }
  return {
    path: o.path,
    status: res.status,
    ...(typeof body.code === 'string' ? { code: body.code } : {}),
    ...(body.fields ? { fields: body.fields as Record<string, string[]> } : {}),
  };
}

/** A request: path values, a body (JSON or raw text), and whether the API key is sent. */
interface Input {
  params: Record<string, string>;
  body?: unknown;
  raw?: string;
  auth: boolean;
  idempotencyKey?: string;
}

async function send(
  h: ServerHarness,
  o: (typeof operations)[number],
  input: Input,
): Promise<Response> {
  let path = o.path;
  for (const [name, value] of Object.entries(input.params)) {
    path = path.replace(`{${name}}`, encodeURIComponent(value));
  }
  const headers: Record<string, string> = {};
  if (input.auth) headers.authorization = `Bearer ${API_KEY}`;
  if (input.idempotencyKey) headers['idempotency-key'] = input.idempotencyKey;
  let body: string | undefined;
  // GET and DELETE carry no body (fetch refuses one on GET).
  if (o.method === 'post' && (input.raw !== undefined || input.body !== undefined)) {
    headers['content-type'] = 'application/json';
    body = input.raw ?? JSON.stringify(input.body);
  }
  return h.app.request(path, {
    method: o.method.toUpperCase(),
    headers,
    ...(body ? { body } : {}),
  });
}

function validInput(o: (typeof operations)[number], tokens: string[]): fc.Arbitrary<Input> {
  const params = fc.record(
    Object.fromEntries(
      (o.op.parameters ?? [])
        .filter((p) => p.in === 'path')
        .map((p) => [p.name, arbitraryOf(p.schema) as fc.Arbitrary<string>]),
    ),
  );
  const bodySchema = o.op.requestBody?.content['application/json']?.schema;
  let body: fc.Arbitrary<unknown> = fc.constant(undefined);
  if (bodySchema) {
    body = arbitraryOf(bodySchema);
    // A registration needs a token the server signed to get past the token check.
    if (o.path === '/v1/registrations') {
      body = fc
        .tuple(body, fc.option(fc.constantFrom(...tokens), { nil: undefined }))
        .map(([b, token]) => (token ? { ...(b as object), token } : b));
    }
  }
  // A required key (refunds) is always sent; an optional one sometimes.
  const keyParam = o.op.parameters?.find((p) => p.name === 'Idempotency-Key');
  const keyText = fc.stringMatching(/^[\x21-\x7e]{1,40}$/);
  const key =
    keyParam === undefined
      ? fc.constant(undefined)
      : keyParam.required
        ? keyText
        : fc.option(keyText, { nil: undefined });
  return fc.record({ params, body, key }).map(({ params, body, key }) => ({
    params: params,
    ...(body !== undefined ? { body } : {}),
    auth: true,
    ...(key ? { idempotencyKey: key } : {}),
  }));
}

function anyInput(o: (typeof operations)[number], tokens: string[]): fc.Arbitrary<Input> {
  return fc.oneof(
    validInput(o, tokens).chain((input) =>
      fc.record({ auth: fc.boolean(), drop: fc.boolean(), replace: anyJson }).map((m) => {
        const body = input.body;
        if (typeof body !== 'object' || body === null) return { ...input, auth: m.auth };
        const keys = Object.keys(body);
        const key = keys[Math.abs(JSON.stringify(m.replace).length) % Math.max(1, keys.length)];
        const changed: Record<string, unknown> = { ...body };
        if (key !== undefined) {
          if (m.drop) delete changed[key];
          else changed[key] = m.replace;
        }
        return { ...input, body: changed, auth: m.auth };
      }),
    ),
    fc.record({
      params: fc.record({ customer_uid: fc.string(), merchant_uid: fc.string() }),
      body: anyJson,
      auth: fc.boolean(),
    }),
    fc.record({
      params: fc.constant({ customer_uid: 'x', merchant_uid: 'y' }),
      raw: fc.string({ maxLength: 40 }),
      auth: fc.constant(true),
    }),
  );
}

/** Field codes the document names as refusals JSON Schema cannot express, per card field. */
const CARD_CHECKS: Record<string, string[]> = {
  card_number: ['luhn', 'length', 'incomplete', 'invalid'],
  expiry: ['expired', 'invalid'],
  birth: ['date', 'checksum'],
  pwd_2digit: ['required'],
};

/** What a request the document allows may still be refused with: business answers. */
function isBusinessRefusal(sent: Sent): boolean {
  if (sent.status < 400) return true;
  if (sent.status === 400 && sent.path === '/v1/registrations' && sent.fields) {
    return Object.entries(sent.fields).every(([field, codes]) =>
      codes.every((c) => CARD_CHECKS[field]?.includes(c)),
    );
  }
  return ![400, 405, 413, 500].includes(sent.status);
}

async function mintTokens(h: ServerHarness): Promise<string[]> {
  return Promise.all([
    h.token({ customer_uid: 'fuzz_a', mode: 'billing_key' }),
    h.token({ customer_uid: 'fuzz_b', mode: 'payment', amount: 1200 }),
    h.token({ customer_uid: 'fuzz_c', mode: 'billing_key_and_payment', amount: 3400 }),
  ]);
}

describe('contract fuzzing against the OpenAPI document', () => {
  for (const o of fuzzed) {
    it(`${o.method.toUpperCase()} ${o.path}: every answer is documented`, async () => {
      const h = createHarness();
      const tokens = await mintTokens(h);
      await fc.assert(
        fc.asyncProperty(anyInput(o, tokens), async (input) => {
          await checkAnswer(o, await send(h, o, input));
        }),
        { numRuns: RUNS },
      );
    });

    it(`${o.method.toUpperCase()} ${o.path}: what the document allows is accepted (or a business refusal)`, async () => {
      const h = createHarness();
      const tokens = await mintTokens(h);
      await fc.assert(
        fc.asyncProperty(validInput(o, tokens), async (input) => {
          const sent = await checkAnswer(o, await send(h, o, input));
          assert.ok(
            isBusinessRefusal(sent),
            `${o.method.toUpperCase()} ${o.path}: the document allows ${JSON.stringify(input)} but the server answered ${sent.status} ${sent.code ?? ''} ${JSON.stringify(sent.fields ?? {})}`,
          );
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('found by fuzzing: a pg named like an Object.prototype key is an unknown PG (422), not a 500', async () => {
    const h = createHarness();
    for (const pg of ['__proto__', 'constructor', 'toString']) {
      const charge = { customer_uid: 'c', merchant_uid: `m-${pg}`, amount: 1, name: 'n', pg };
      const res = await h.merchant('POST', '/v1/charges', charge);
      assert.equal(res.status, 422, pg);
      assert.equal(((await res.json()) as { code: string }).code, 'PG_NOT_SUPPORTED', pg);
      const token = await h.merchant('POST', '/v1/tokens', {
        customer_uid: 'c',
        mode: 'billing_key',
        pg,
      });
      assert.equal(token.status, 422, pg);
      assert.equal(((await token.json()) as { code: string }).code, 'PG_NOT_SUPPORTED', pg);
    }
  });
});
