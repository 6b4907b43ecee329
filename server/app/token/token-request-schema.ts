import * as v from 'valibot';
import { TokenModeSchema } from '../../../widget/contract/index.ts';
import { CustomerUidSchema, MerchantUidSchema } from '../uid-schema.ts';

export { TokenModeSchema };

export const BuyerSchema = v.strictObject({
  name: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(16))),
  email: v.optional(v.pipe(v.string(), v.maxLength(64), v.email())),
  tel: v.optional(v.pipe(v.string(), v.maxLength(16), v.regex(/^[\d+\-() ]+$/))),
});

/**
 * What a merchant backend asks a registration token for (`POST /v1/tokens`, and
 * `signRegistrationToken`). `amount` is required exactly when the mode makes a payment.
 */
export const TokenRequestSchema = v.pipe(
  v.strictObject({
    customer_uid: CustomerUidSchema,
    mode: TokenModeSchema,
    amount: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000_000))),
    merchant_uid: v.optional(MerchantUidSchema),
    name: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(40))),
    pg: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(80))),
    buyer: v.optional(BuyerSchema),
    ttl_seconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(30), v.maxValue(86_400))),
  }),
  v.forward(
    v.check(
      (input) => (input.mode === 'billing_key') === (input.amount === undefined),
      'amount is required for the payment modes and not allowed for billing_key',
    ),
    ['amount'],
  ),
);

export type TokenRequestInput = v.InferInput<typeof TokenRequestSchema>;
export type TokenRequest = v.InferOutput<typeof TokenRequestSchema>;
