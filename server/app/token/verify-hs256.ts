import type * as NodeCrypto from 'node:crypto';
import { decode, verify } from 'hono/jwt';
import { nodeCrypto } from '../crypto/node-crypto.ts';
import { hmacKey } from './hmac-key.ts';

/** A JWT refused by {@link verifyHs256}; it names no part of the token. */
export class Hs256Invalid extends Error {
  override readonly name = 'Hs256Invalid';
  constructor(reason: string) {
    // Refusing forged tokens is routine: no stack trace (3.6% of that path's CPU in a profile).
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(reason);
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** A token's payload, or why it was refused (naming no part of the token). */
export type Hs256Check = { ok: true; payload: unknown } | { ok: false; reason: string };

// The secret as a node:crypto KeyObject, made once: an HMAC keyed by a string prepares the key
// anew each time (about a tenth of the HMAC's CPU in a micro-benchmark).
const keyObjects = new Map<string, NodeCrypto.KeyObject>();
// Enough for a secret rotation; beyond it the cache starts over rather than grow.
const MAX_KEYS = 8;

function keyObjectOf(node: typeof NodeCrypto, secret: string): NodeCrypto.KeyObject {
  let key = keyObjects.get(secret);
  if (!key) {
    if (keyObjects.size >= MAX_KEYS) keyObjects.clear();
    key = node.createSecretKey(Buffer.from(secret, 'utf8'));
    keyObjects.set(secret, key);
  }
  return key;
}

const refused = (reason: string): Hs256Check => ({ ok: false, reason });

/**
 * {@link verifyHs256} without throwing: a forged token is routine on the refusal path, and an
 * error built and caught per refusal was about 1% of its CPU (`npm run bench -- --only=profile
 * --profile-rejection=token`).
 */
export async function checkHs256(token: string, secret: string): Promise<Hs256Check> {
  const node = await nodeCrypto;
  if (!node) {
    try {
      const payload = await verify(token, await hmacKey(secret), {
        alg: 'HS256',
        exp: false,
        nbf: false,
        iat: false,
      });
      return { ok: true, payload };
    } catch (error) {
      return refused(error instanceof Error ? error.name : 'invalid');
    }
  }
  const parts = token.split('.');
  if (parts.length !== 3) return refused('not three parts');
  const expected = node
    .createHmac('sha256', keyObjectOf(node, secret))
    .update(`${parts[0]}.${parts[1]}`)
    .digest('base64url');
  // hono accepts padded signatures: so does this.
  const given = parts[2]!.replace(/={0,2}$/, '');
  let diff = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  if (diff !== 0) return refused('signature mismatch');
  // Signed by us, yet held to hono's header rules: HS256, typ JWT if any, no `crit`.
  let header: unknown;
  let payload: unknown;
  try {
    ({ header, payload } = decode(token));
  } catch {
    return refused('undecodable');
  }
  const { alg, typ, crit } = (header ?? {}) as Record<string, unknown>;
  const typOk =
    typ === undefined || (typeof typ === 'string' && /^(application\/)?jwt$/i.test(typ));
  if (alg !== 'HS256' || !typOk || crit !== undefined) return refused('header');
  return { ok: true, payload };
}

/**
 * The payload of an HS256 JWT whose signature is `secret`'s (the header's `alg` is never trusted;
 * no time claim is checked here). hono/jwt's `verify` where WebCrypto is all there is; where
 * node:crypto is, the same checks with a synchronous HMAC: WebCrypto's costs 115 µs of CPU per
 * registration, a fifth of the whole request (`npm run bench -- --only=profile`).
 */
export async function verifyHs256(token: string, secret: string): Promise<unknown> {
  const checked = await checkHs256(token, secret);
  if (!checked.ok) throw new Hs256Invalid(checked.reason);
  return checked.payload;
}
