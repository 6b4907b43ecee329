import * as v from 'valibot';
import { ERROR_CODES } from './error-code.ts';
import { FIELD_ERROR_CODES } from './field-error-code.ts';
import { TokenModeSchema } from './token-mode.ts';

/**
 * A card number as the server may show it: masked by i'mport (`53657000****1234`). Anything with
 * 13 or more digits would be a full number and is refused on both sides.
 */
export const MaskedCardNumberSchema = v.pipe(
  v.string(),
  v.check((s) => s.replace(/\D/g, '').length < 13, 'unmasked card number'),
);

/** The billing key part of a successful registration. */
export const BillingKeyResultSchema = v.object({
  customer_uid: v.string(),
  card_name: v.nullish(v.string()),
  card_number: MaskedCardNumberSchema,
  pg_provider: v.nullish(v.string()),
});

/** The payment part of a successful registration (amount in KRW, `paid_at` in unix seconds). */
export const PaymentResultSchema = v.object({
  imp_uid: v.string(),
  merchant_uid: v.string(),
  amount: v.number(),
  status: v.string(),
  paid_at: v.number(),
  card_name: v.nullish(v.string()),
  card_number: MaskedCardNumberSchema,
  receipt_url: v.nullish(v.string()),
  /** KRW refunded so far (optional: older servers did not send it). */
  cancel_amount: v.optional(v.number()),
  /**
   * PortOne V2's names for the same two ids, on either version: `payment_id` is `merchant_uid`
   * (V2's `paymentId`), `transaction_id` is `imp_uid` (V2's `transactionId`). Optional: older
   * servers did not send them.
   */
  payment_id: v.optional(v.string()),
  transaction_id: v.optional(v.string()),
});

/** `200` answer of `POST /v1/registrations`: what was done per the token's mode. */
export const RegistrationSuccessSchema = v.object({
  status: v.literal('success'),
  mode: TokenModeSchema,
  billing_key: v.optional(BillingKeyResultSchema),
  payment: v.optional(PaymentResultSchema),
});

const fieldCodes = v.optional(v.array(v.picklist(FIELD_ERROR_CODES)));

/** Codes per card field, as sent in a failure's `fields`. */
export const FieldErrorsSchema = v.object({
  card_number: fieldCodes,
  expiry: fieldCodes,
  birth: fieldCodes,
  pwd_2digit: fieldCodes,
});

/** Every failure the server answers: a stable code, a human message, and field codes if any. */
export const RegistrationFailureSchema = v.object({
  status: v.literal('failed'),
  code: v.picklist(ERROR_CODES),
  message: v.string(),
  fields: v.optional(FieldErrorsSchema),
});

/** Either answer of `POST /v1/registrations`, told apart by `status`. */
export const RegistrationResultSchema = v.variant('status', [
  RegistrationSuccessSchema,
  RegistrationFailureSchema,
]);

/** A billing key as reported to the widget. */
export type BillingKeyResult = v.InferOutput<typeof BillingKeyResultSchema>;
/** A payment as reported to the widget. */
export type PaymentResult = v.InferOutput<typeof PaymentResultSchema>;
/** A successful registration. */
export type RegistrationSuccess = v.InferOutput<typeof RegistrationSuccessSchema>;
/** A failed registration (or any failed call to the server). */
export type RegistrationFailure = v.InferOutput<typeof RegistrationFailureSchema>;
/** Either answer of `POST /v1/registrations`. */
export type RegistrationResult = v.InferOutput<typeof RegistrationResultSchema>;
