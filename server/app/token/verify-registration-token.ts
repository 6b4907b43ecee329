import * as v from 'valibot';
import { TokenClaimsSchema, type TokenClaims } from './token-claims-schema.ts';
import { ServerError } from '../server-error.ts';
import { checkHs256 } from './check-hs256.ts';

/** The longest lifetime a token may have (signRegistrationToken's `ttl_seconds` maximum). */
export const MAX_TOKEN_LIFETIME_S = 86_400;
// Merchant backends' clocks may run a little ahead of ours.
const CLOCK_SKEW_S = 60;

/**
 * Checks the signature (HS256 only: the header's `alg` is never trusted), then the claims' shape,
 * then the times against the server's own clock (so tests can move time): `exp` is required and at
 * most a day after `iat`; a future `iat` or `nbf` is refused.
 */
export async function verifyRegistrationToken(
  token: string,
  secret: string,
  now: () => number,
): Promise<TokenClaims> {
  const checked = await checkHs256(token, secret);
  if (!checked.ok) throw new ServerError('TOKEN_INVALID', 'The registration token is not valid.');
  const { payload } = checked;
  const parsed = v.safeParse(TokenClaimsSchema, payload);
  if (!parsed.success) {
    throw new ServerError('TOKEN_INVALID', 'The registration token is not valid.');
  }
  // Every token's lifetime is bounded: replay protection (the used mark, attempt counters) lives
  // in the store only as long as the token, so a token that starts later or lasts longer than it
  // could be used again after its marks are gone.
  const nowSec = now() / 1000;
  const nbf = (payload as { nbf?: unknown }).nbf;
  const { iat, exp } = parsed.output;
  if (
    (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowSec + CLOCK_SKEW_S)) ||
    iat > nowSec + CLOCK_SKEW_S ||
    exp - iat > MAX_TOKEN_LIFETIME_S
  ) {
    throw new ServerError('TOKEN_INVALID', 'The registration token is not valid.');
  }
  if (exp * 1000 <= now()) {
    throw new ServerError('TOKEN_EXPIRED', 'The registration token has expired; reload the page.');
  }
  return parsed.output;
}
