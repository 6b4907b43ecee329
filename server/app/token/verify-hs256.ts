import { decode, verify } from 'hono/jwt';
import { nodeCrypto } from '../crypto/node-crypto.ts';
import { hmacKey } from './hmac-key.ts';

/** A JWT refused by {@link verifyHs256}; it names no part of the token. */
export class Hs256Invalid extends Error {
  override readonly name = 'Hs256Invalid';
}

/**
 * The payload of an HS256 JWT whose signature is `secret`'s (the header's `alg` is never trusted;
 * no time claim is checked here). hono/jwt's `verify` where WebCrypto is all there is; where
 * node:crypto is, the same checks with a synchronous HMAC: WebCrypto's costs 115 µs of CPU per
 * registration, a fifth of the whole request (`npm run bench -- --only=profile`).
 */
export async function verifyHs256(token: string, secret: string): Promise<unknown> {
  const node = await nodeCrypto;
  if (!node) {
    return verify(token, await hmacKey(secret), {
      alg: 'HS256',
      exp: false,
      nbf: false,
      iat: false,
    });
  }
  const parts = token.split('.');
  if (parts.length !== 3) throw new Hs256Invalid('not three parts');
  const expected = node
    .createHmac('sha256', secret)
    .update(`${parts[0]}.${parts[1]}`)
    .digest('base64url');
  // hono accepts padded signatures: so does this.
  const given = parts[2]!.replace(/={0,2}$/, '');
  let diff = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  if (diff !== 0) throw new Hs256Invalid('signature mismatch');
  // Signed by us, yet held to hono's header rules: HS256, typ JWT if any, no `crit`.
  let header: unknown;
  let payload: unknown;
  try {
    ({ header, payload } = decode(token));
  } catch {
    throw new Hs256Invalid('undecodable');
  }
  const { alg, typ, crit } = (header ?? {}) as Record<string, unknown>;
  const typOk =
    typ === undefined || (typeof typ === 'string' && /^(application\/)?jwt$/i.test(typ));
  if (alg !== 'HS256' || !typOk || crit !== undefined) throw new Hs256Invalid('header');
  return payload;
}
