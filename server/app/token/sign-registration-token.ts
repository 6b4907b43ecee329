import { sign } from 'hono/jwt';
import * as v from 'valibot';
import { toHex } from '../crypto/sha256.ts';
import { assertPgSupports } from '../pg-capabilities.ts';
import type { TokenClaims } from './token-claims-schema.ts';
import { hmacKey } from './hmac-key.ts';
import { TokenRequestSchema, type TokenRequestInput } from './token-request-schema.ts';

/** @default 15 minutes: long enough to type a card, short enough that a leaked token expires soon. */
export const DEFAULT_TOKEN_TTL_SECONDS = 900;

export interface SignedRegistrationToken {
  token: string;
  /** ISO 8601. */
  expires_at: string;
  claims: TokenClaims;
}

export interface SignOptions {
  /** Clock in ms. @default Date.now */
  now?: () => number;
}

/** A merchant_uid that fits i'mport's 40 characters: time for sorting, randomness for uniqueness. */
export function generateMerchantUid(now: number): string {
  const hex = toHex(crypto.getRandomValues(new Uint8Array(8)));
  return `impcard_${now.toString(36)}_${hex}`;
}

/**
 * Signs the HS256 registration token a merchant backend hands to `<imp-card-form token>`: it fixes
 * who registers (`customer_uid`) and, for the payment modes, how much (`amount`, `merchant_uid`).
 * Throws a TypeError naming the first bad field, and a `ServerError` `PG_NOT_SUPPORTED` when `pg`
 * is no i'mport PG code or its PG cannot do `mode` (docs/pgs.md).
 *
 * @example
 * ```ts
 * import { signRegistrationToken } from 'impcard/server';
 *
 * // In the merchant backend, for the signed-in user's checkout page:
 * const { token, expires_at } = await signRegistrationToken(process.env.IMPCARD_TOKEN_SECRET!, {
 *   customer_uid: `user_${user.id}`,
 *   mode: 'billing_key_and_payment',
 *   amount: 9900,
 *   name: 'Monthly plan',
 * });
 * // <imp-card-form token="${token}"> until expires_at (15 minutes by default)
 * ```
 */
export async function signRegistrationToken(
  secret: string,
  input: TokenRequestInput,
  options: SignOptions = {},
): Promise<SignedRegistrationToken> {
  if (typeof secret !== 'string' || secret.length < 32) {
    throw new TypeError(
      'signRegistrationToken: "secret" must be a string of at least 32 characters',
    );
  }
  const parsed = v.safeParse(TokenRequestSchema, input);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = v.getDotPath(issue) ?? 'body';
    throw new TypeError(`signRegistrationToken: "${path}" is invalid: ${issue.message}`);
  }
  const request = parsed.output;
  // Refused now rather than when the card holder submits: i'mport would route an unknown code to
  // the default channel.
  assertPgSupports({ pg: request.pg, flow: request.mode, buyer: request.buyer });
  const nowMs = (options.now ?? Date.now)();
  const iat = Math.floor(nowMs / 1000);
  const exp = iat + (request.ttl_seconds ?? DEFAULT_TOKEN_TTL_SECONDS);
  const claims: TokenClaims = {
    jti: crypto.randomUUID(),
    iat,
    exp,
    customer_uid: request.customer_uid,
    mode: request.mode,
    ...(request.amount !== undefined ? { amount: request.amount } : {}),
    ...(request.mode !== 'billing_key'
      ? { merchant_uid: request.merchant_uid ?? generateMerchantUid(nowMs) }
      : {}),
    ...(request.name !== undefined ? { name: request.name } : {}),
    ...(request.pg !== undefined ? { pg: request.pg } : {}),
    ...(request.buyer !== undefined ? { buyer: request.buyer } : {}),
  };
  const token = await sign({ ...claims }, await hmacKey(secret), 'HS256');
  return { token, expires_at: new Date(exp * 1000).toISOString(), claims };
}
