import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import * as v from 'valibot';
import { RegistrationFailureSchema } from '../../../widget/contract/index.ts';
import { createIamportClient } from '../../iamport/index.ts';
import { createSandbox } from '../../sandbox/index.ts';
import { createServer } from '../create-server.ts';
import { API_KEY, TOKEN_SECRET, cardBody } from '../../testing/index.ts';
import { signRegistrationToken } from '../token/sign-registration-token.ts';

const FIELDS = ['token', 'card_number', 'expiry', 'birth', 'pwd_2digit'] as const;

/** A value that can never be a valid value of the field it replaces. */
const wrongValue = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 3 }),
  fc.string({ minLength: 1, maxLength: 40 }).map((s) => `${s}x`),
);

/** Edits that each make a valid body invalid (as a whole the body is then never valid). */
const breakingEdit = fc.oneof(
  fc.record({
    kind: fc.constant('delete' as const),
    field: fc.constantFrom(...FIELDS.filter((f) => f !== 'pwd_2digit')),
  }),
  fc.record({
    kind: fc.constant('replace' as const),
    field: fc.constantFrom(...FIELDS),
    value: wrongValue,
  }),
  // Digits may be a valid card field, never a valid token.
  fc.record({
    kind: fc.constant('replace' as const),
    field: fc.constant('token' as const),
    value: fc.stringMatching(/^\d{1,19}$/),
  }),
  fc.record({
    kind: fc.constant('card' as const),
    value: fc.constantFrom(
      '4242-4242-4242-4241',
      '4242 4242 4242 4242',
      '4242424242424242',
      '4242-4242-4242',
      '1234-5678-9012-3456-7890',
    ),
  }),
  fc.record({
    kind: fc.constant('expiry' as const),
    value: fc.constantFrom('2020-01', '2031-13', '31-12', '2031/12', '203112', '2031-00'),
  }),
  fc.record({
    kind: fc.constant('birth' as const),
    value: fc.constantFrom('901301', '900132', '12345', '1234567890', '90010a'),
  }),
  fc.record({ kind: fc.constant('pwd' as const), value: fc.constantFrom('1', '123', 'ab', '') }),
);

function leaves(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) leaves(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) leaves(v, out);
  return out;
}

describe('POST /v1/registrations fuzzing (fast-check)', () => {
  it('answers every malformed body with a 4xx failure, no upstream call and no echo', async () => {
    const sandbox = createSandbox();
    let upstreamCalls = 0;
    const app = createServer({
      iamport: createIamportClient({
        impKey: 'sandbox_imp_key',
        impSecret: 'sandbox_imp_secret',
        baseUrl: 'http://sandbox.invalid',
        fetch: (input, init) => {
          upstreamCalls++;
          return Promise.resolve(sandbox.app.request(input, init));
        },
      }),
      tokenSecret: TOKEN_SECRET,
      apiKey: API_KEY,
      rateLimit: false,
      logger: false,
    });
    const { token } = await signRegistrationToken(TOKEN_SECRET, {
      customer_uid: 'fuzz',
      mode: 'payment',
      amount: 1000,
    });

    const editedBody = fc.array(breakingEdit, { minLength: 1, maxLength: 3 }).map((edits) => {
      const body: Record<string, unknown> = { ...cardBody(token) };
      for (const edit of edits) {
        if (edit.kind === 'delete') delete body[edit.field];
        else if (edit.kind === 'replace') body[edit.field] = edit.value;
        else if (edit.kind === 'card') body.card_number = edit.value;
        else if (edit.kind === 'expiry') body.expiry = edit.value;
        else if (edit.kind === 'birth') body.birth = edit.value;
        else body.pwd_2digit = edit.value;
      }
      return JSON.stringify(body);
    });
    const anyJson = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v));
    const rawText = fc.string({ maxLength: 200 });
    const request = fc.record({
      body: fc.oneof(editedBody, editedBody, anyJson, rawText),
      contentType: fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'text/plain',
        'application/x-www-form-urlencoded',
      ),
    });

    await fc.assert(
      fc.asyncProperty(request, async ({ body, contentType }) => {
        const res = await app.request('/v1/registrations', {
          method: 'POST',
          headers: { 'content-type': contentType },
          body,
        });
        assert.ok(res.status >= 400 && res.status < 500, `status ${res.status} for ${body}`);
        assert.match(res.headers.get('content-type') ?? '', /application\/json/);
        const text = await res.text();
        const parsed = v.safeParse(RegistrationFailureSchema, JSON.parse(text));
        assert.ok(parsed.success, text);
        let input: unknown = body;
        try {
          input = JSON.parse(body);
        } catch {
          // raw text: check it whole
        }
        for (const leaf of leaves(input)) {
          if (leaf.length >= 6) assert.ok(!text.includes(leaf), `echoed ${leaf}`);
        }
        assert.equal(upstreamCalls, 0);
      }),
      { numRuns: 400 },
    );
  });
});
