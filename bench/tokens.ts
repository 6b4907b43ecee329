import { createHmac, randomBytes } from 'node:crypto';

export const BENCH_TOKEN_SECRET = randomBytes(32).toString('base64url');

const b64url = (text: string) => Buffer.from(text).toString('base64url');
const HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/**
 * A billing-key registration token, signed synchronously: the load generator mints one per request
 * (a token is single-use), so it must cost microseconds. Same claims as signRegistrationToken.
 */
export function mintToken(customerUid: string, secret = BENCH_TOKEN_SECRET): string {
  const iat = Math.floor(Date.now() / 1000);
  const payload = b64url(
    JSON.stringify({
      jti: randomBytes(12).toString('base64url'),
      iat,
      exp: iat + 900,
      customer_uid: customerUid,
      mode: 'billing_key',
    }),
  );
  const signature = createHmac('sha256', secret).update(`${HEADER}.${payload}`).digest('base64url');
  return `${HEADER}.${payload}.${signature}`;
}
