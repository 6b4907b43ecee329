import { verify } from 'hono/jwt';
import * as v from 'valibot';
import { TokenClaimsSchema, type TokenClaims } from '../../../widget/contract/index.ts';
import { ServerError } from '../server-error.ts';
import { hmacKey } from './hmac-key.ts';

/**
 * Checks the signature (HS256 only: the header's `alg` is never trusted), then the expiry against
 * the server's own clock (so tests can move time), then the claims' shape.
 */
export async function verifyRegistrationToken(
  token: string,
  secret: string,
  now: () => number,
): Promise<TokenClaims> {
  let payload: unknown;
  try {
    payload = await verify(token, await hmacKey(secret), {
      alg: 'HS256',
      exp: false,
      nbf: false,
      iat: false,
    });
  } catch (error) {
    throw new ServerError('TOKEN_INVALID', 'The registration token is not valid.', {
      cause: error,
    });
  }
  const parsed = v.safeParse(TokenClaimsSchema, payload);
  if (!parsed.success) {
    throw new ServerError('TOKEN_INVALID', 'The registration token is not valid.');
  }
  if (parsed.output.exp * 1000 <= now()) {
    throw new ServerError('TOKEN_EXPIRED', 'The registration token has expired; reload the page.');
  }
  return parsed.output;
}
