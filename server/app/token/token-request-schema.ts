import * as v from 'valibot';

// i'mport's own length limits (reference §5.1/§5.2), so a token never carries a value upstream refuses.
const uid = (max: number) =>
  v.pipe(
    v.string(),
    v.minLength(1),
    v.maxLength(max),
    v.regex(/^[\w.:@-]+$/, 'letters, digits and _ . : @ - only'),
  );

export const TokenModeSchema = v.picklist(['billing_key', 'payment', 'billing_key_and_payment']);

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
    customer_uid: uid(80),
    mode: TokenModeSchema,
    amount: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000_000))),
    merchant_uid: v.optional(uid(40)),
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
