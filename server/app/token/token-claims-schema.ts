import * as v from 'valibot';
import { TokenModeSchema } from '../../../widget/contract/index.ts';
import { BuyerSchema } from './token-request-schema.ts';

// Only the server reads claims (the widget reads display fields without trusting them), so this
// lives beside the signer; the buyer rule is the token request's own.
const NonEmptyString = v.pipe(
  v.string(),
  v.check((s) => s !== '', 'empty'),
);

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
