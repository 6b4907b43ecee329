import { verify } from 'hono/jwt';
import { nodeCrypto } from '../crypto/node-crypto.ts';
import { hmacKey, hmacKeyObject } from './hmac-key.ts';

/** A token's payload, or why it was refused (naming no part of the token). */
export type Hs256Check = { ok: true; payload: unknown } | { ok: false; reason: string };

const refused = (reason: string): Hs256Check => ({ ok: false, reason });

const utf8 = new TextDecoder();

/**
 * A JWT part's JSON, decoded as hono/jwt's `decode` does it (`atob` of the base64url text, then
 * UTF-8) without its work per character where there is nothing to decode: a part that is ASCII
 * (impcard's tokens are, but for a buyer's name) is parsed as it is. 2.3 µs of CPU for a token's
 * two parts, against 5.3 µs for `decode` (Node 20).
 */
function decodePart(part: string): unknown {
  const binary = atob(part.replaceAll('-', '+').replaceAll('_', '/'));
  const text = /[\x80-\xff]/.test(binary)
    ? utf8.decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)))
    : binary;
  return JSON.parse(text);
}

/**
 * The payload of an HS256 JWT whose signature is `secret`'s, or why not (the header's `alg` is
 * never trusted; no time claim is checked here). hono/jwt's `verify` where WebCrypto is all there
 * is; where node:crypto is, the same checks with a synchronous HMAC: WebCrypto's cost 115 µs of CPU
 * per registration, a fifth of the whole request (`npm run bench -- --only=profile`). A verdict,
 * not an exception: forged tokens are routine on the refusal path, and an error built and caught
 * per refusal cost about 2% of its CPU (`--profile-rejection=token`).
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
    .createHmac('sha256', hmacKeyObject(node, secret))
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
    header = decodePart(parts[0]!);
    payload = decodePart(parts[1]!);
  } catch {
    return refused('undecodable');
  }
  const { alg, typ, crit } = (header ?? {}) as Record<string, unknown>;
  const typOk =
    typ === undefined || (typeof typ === 'string' && /^(application\/)?jwt$/i.test(typ));
  if (alg !== 'HS256' || !typOk || crit !== undefined) return refused('header');
  return { ok: true, payload };
}
