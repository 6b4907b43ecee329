import * as v from 'valibot';
import { TokenModeSchema } from './token-mode.ts';

// Plain `check`s rather than nonEmpty/safeInteger/minValue/forward: the widget bundles this schema
// for display, and every extra valibot action costs bytes in a 16 KB budget.
const NonEmptyString = v.pipe(
  v.string(),
  v.check((s) => s !== '', 'empty'),
);

/** The buyer details a token may carry for display and for i'mport. */
export const BuyerSchema = v.object({
  name: v.optional(v.string()),
  email: v.optional(v.string()),
  tel: v.optional(v.string()),
});

/**
 * The claims of the HS256 token the merchant backend signs: who (`customer_uid`), what (`mode`)
 * and, for payments, how much (`amount`, KRW, a positive integer) and under which `merchant_uid`.
 * `iat`/`exp` are unix seconds.
 */
export const TokenClaimsSchema = v.pipe(
  v.object({
    jti: NonEmptyString,
    iat: v.number(),
    exp: v.number(),
    customer_uid: NonEmptyString,
    mode: TokenModeSchema,
    amount: v.optional(
      v.pipe(
        v.number(),
        v.check((n) => Number.isSafeInteger(n) && n > 0, 'a positive integer'),
      ),
    ),
    merchant_uid: v.optional(v.string()),
    name: v.optional(v.string()),
    pg: v.optional(v.string()),
    buyer: v.optional(BuyerSchema),
  }),
  v.check((c) => c.mode === 'billing_key' || c.amount !== undefined, 'amount is required'),
);

/** The decoded, checked claims of a token. */
export type TokenClaims = v.InferOutput<typeof TokenClaimsSchema>;
