import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { sign, verify } from 'hono/jwt';
import { hmacKey } from './hmac-key.ts';
import { checkHs256 } from './check-hs256.ts';

const secret = 'test-secret-test-secret-test-secret!';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** hono/jwt's own verdict: the reference the node:crypto path must match. */
async function honoVerdict(token: string): Promise<unknown> {
  try {
    return await verify(token, await hmacKey(secret), {
      alg: 'HS256',
      exp: false,
      nbf: false,
      iat: false,
    });
  } catch {
    return 'refused';
  }
}
async function ourVerdict(token: string): Promise<unknown> {
  const checked = await checkHs256(token, secret);
  return checked.ok ? checked.payload : 'refused';
}

async function resigned(header: unknown, payload: unknown): Promise<string> {
  const { createHmac } = await import('node:crypto');
  const body = `${b64(header)}.${b64(payload)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

describe('checkHs256 (node:crypto) agrees with hono/jwt verify', () => {
  const payload = { jti: 'j', customer_uid: 'c', iat: 1, exp: 2 };

  it('on valid, tampered, re-headed and malformed tokens', async () => {
    const good = await sign(payload, secret, 'HS256');
    const [h, p, s] = good.split('.') as [string, string, string];
    const cases: Record<string, string> = {
      good,
      padded: `${good}=`,
      'other secret': await sign(payload, 'another-secret-another-secret-000', 'HS256'),
      'payload swapped': `${h}.${b64({ ...payload, customer_uid: 'x' })}.${s}`,
      'signature flipped': `${h}.${p}.${s.slice(0, -2)}${s.at(-2) === 'A' ? 'B' : 'A'}${s.at(-1)}`,
      'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${p}.`,
      'HS512 header': await sign(payload, secret, 'HS512'),
      'HS512 header, HS256 signature': await resigned({ alg: 'HS512', typ: 'JWT' }, payload),
      'typ lowercase': await resigned({ alg: 'HS256', typ: 'jwt' }, payload),
      'typ application/jwt': await resigned({ alg: 'HS256', typ: 'application/JWT' }, payload),
      'typ other': await resigned({ alg: 'HS256', typ: 'at+jwt' }, payload),
      'no typ': await resigned({ alg: 'HS256' }, payload),
      'non-ASCII payload': await resigned(
        { alg: 'HS256', typ: 'JWT' },
        { ...payload, buyer: { name: '홍길동 ✓' } },
      ),
      crit: await resigned({ alg: 'HS256', typ: 'JWT', crit: ['exp'] }, payload),
      'header not an object': await resigned('HS256', payload),
      'payload not JSON': `${h}.bm90IGpzb24.${s}`,
      'two parts': `${h}.${p}`,
      'four parts': `${good}.x`,
      empty: '',
    };
    for (const [name, token] of Object.entries(cases)) {
      assert.deepEqual(await ourVerdict(token), await honoVerdict(token), name);
    }
    assert.deepEqual(await ourVerdict(good), payload);
    assert.deepEqual(await ourVerdict(cases['non-ASCII payload']!), {
      ...payload,
      buyer: { name: '홍길동 ✓' },
    });
    assert.equal(await ourVerdict(cases['payload swapped']!), 'refused');
  });

  it('on any one-character change of a valid token (stricter only on non-canonical base64)', async () => {
    const good = await sign(payload, secret, 'HS256');
    const canonical = good.split('.')[2]!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=';
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: good.length - 1 }),
        fc.constantFrom(...alphabet),
        async (at, char) => {
          const token = good.slice(0, at) + char + good.slice(at + 1);
          const ours = await ourVerdict(token);
          const hono = await honoVerdict(token);
          if (ours !== 'refused') assert.deepEqual(ours, hono);
          else if (hono !== 'refused') {
            // hono decodes the signature's spare low bits loosely; the exact encoding is required.
            assert.notEqual(token.split('.')[2]?.replace(/=+$/, ''), canonical, token);
            assert.equal(
              token.split('.').slice(0, 2).join('.'),
              good.split('.').slice(0, 2).join('.'),
            );
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
