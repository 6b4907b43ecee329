import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sign } from 'hono/jwt';
import { isServerError } from '../server-error.ts';
import { signRegistrationToken } from './sign-registration-token.ts';
import { verifyRegistrationToken } from './verify-registration-token.ts';

const secret = 'test-secret-test-secret-test-secret!';
const t0 = Date.UTC(2026, 0, 1);

describe('registration tokens', () => {
  it('round-trips the claims and fills jti, iat, exp and a merchant_uid', async () => {
    const signed = await signRegistrationToken(
      secret,
      { customer_uid: 'cust_1', mode: 'payment', amount: 1000, name: 'Plan' },
      { now: () => t0 },
    );
    const claims = await verifyRegistrationToken(signed.token, secret, () => t0 + 1000);
    assert.equal(claims.customer_uid, 'cust_1');
    assert.equal(claims.amount, 1000);
    assert.equal(claims.iat, t0 / 1000);
    assert.equal(claims.exp, t0 / 1000 + 900);
    assert.match(claims.jti, /^[0-9a-f-]{36}$/);
    assert.match(claims.merchant_uid ?? '', /^impcard_[a-z0-9]+_[0-9a-f]{16}$/);
    assert.ok((claims.merchant_uid ?? '').length <= 40);
    assert.equal(signed.expires_at, new Date(t0 + 900_000).toISOString());
  });

  it('gives every token its own jti and merchant_uid', async () => {
    const input = { customer_uid: 'c', mode: 'payment' as const, amount: 5 };
    const a = await signRegistrationToken(secret, input);
    const b = await signRegistrationToken(secret, input);
    assert.notEqual(a.claims.jti, b.claims.jti);
    assert.notEqual(a.claims.merchant_uid, b.claims.merchant_uid);
  });

  it('refuses a weak secret and names bad fields', async () => {
    await assert.rejects(
      signRegistrationToken('short', { customer_uid: 'c', mode: 'billing_key' }),
      /"secret"/,
    );
    await assert.rejects(
      signRegistrationToken(secret, { customer_uid: 'c', mode: 'payment' }),
      /"amount"/,
    );
    await assert.rejects(
      signRegistrationToken(secret, { customer_uid: 'c', mode: 'billing_key', amount: 10 }),
      /"amount"/,
    );
    await assert.rejects(
      signRegistrationToken(secret, { customer_uid: 'bad uid!', mode: 'billing_key' }),
      /"customer_uid"/,
    );
  });

  it('rejects a tampered payload, another secret, alg none and garbage as TOKEN_INVALID', async () => {
    const { token } = await signRegistrationToken(secret, {
      customer_uid: 'victim',
      mode: 'payment',
      amount: 100,
    });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const tampered = Buffer.from(JSON.stringify({ ...claims, amount: 1 })).toString('base64url');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const forged = await sign(claims, 'another-secret-another-secret-1234', 'HS256');
    for (const bad of [
      `${header}.${tampered}.${signature}`,
      `${none}.${payload}.`,
      forged,
      'not-a-token',
      '',
    ]) {
      await assert.rejects(verifyRegistrationToken(bad, secret, Date.now), (e) =>
        isServerError(e, 'TOKEN_INVALID'),
      );
    }
  });

  it('rejects a well-signed token with wrong claims as TOKEN_INVALID', async () => {
    const token = await sign({ jti: 'x', iat: 1, exp: 9e9, mode: 'payment' }, secret, 'HS256');
    await assert.rejects(verifyRegistrationToken(token, secret, Date.now), (e) =>
      isServerError(e, 'TOKEN_INVALID'),
    );
  });

  it('expires by the injected clock', async () => {
    const { token } = await signRegistrationToken(
      secret,
      { customer_uid: 'c', mode: 'billing_key', ttl_seconds: 60 },
      { now: () => t0 },
    );
    await verifyRegistrationToken(token, secret, () => t0 + 59_000);
    await assert.rejects(
      verifyRegistrationToken(token, secret, () => t0 + 60_000),
      (e) => isServerError(e, 'TOKEN_EXPIRED'),
    );
  });
});
