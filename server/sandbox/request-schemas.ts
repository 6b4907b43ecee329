import * as v from 'valibot';

// Form bodies carry every value as a string, JSON bodies may carry numbers or null: the schemas
// accept both and output one type, treating null like an absent field (as i'mport's clients do).

const text = (max?: number) =>
  max === undefined ? v.string() : v.pipe(v.string(), v.maxLength(max));
const optionalText = (max?: number) => v.nullish(text(max));

const numeric = v.union([
  v.pipe(v.number(), v.finite()),
  v.pipe(v.string(), v.regex(/^\s*-?\d+(?:\.\d+)?\s*$/), v.transform(Number)),
]);
const positiveAmount = v.pipe(numeric, v.minValue(0.01));
const nonNegative = v.pipe(numeric, v.minValue(0));
const flag = v.union([
  v.boolean(),
  v.pipe(
    v.picklist(['true', 'false', '1', '0']),
    v.transform((s) => s === 'true' || s === '1'),
  ),
]);
// custom_data is documented as a JSON string; an object sent by a JSON client is stored as its JSON.
const customData = v.nullish(
  v.union([
    v.string(),
    v.pipe(
      v.record(v.string(), v.unknown()),
      v.transform((o) => JSON.stringify(o)),
    ),
  ]),
);

export const CUSTOMER_UID_MAX = 80;
export const MERCHANT_UID_MAX = 40;

/** Card fields shared by billing-key issue and onetime; formats are checked in card-input.ts. */
const cardFields = {
  card_number: text(40),
  expiry: v.pipe(v.string(), v.regex(/^\d{4}-(0[1-9]|1[0-2])$/)),
  birth: v.nullish(v.pipe(v.string(), v.regex(/^(\d{6}|\d{10})$/))),
  pwd_2digit: v.nullish(v.pipe(v.string(), v.regex(/^\d{2}$/))),
  cvc: v.nullish(v.pipe(v.string(), v.regex(/^\d{3,4}$/))),
  pg: optionalText(80),
};

const buyerFields = {
  buyer_name: optionalText(),
  buyer_email: optionalText(),
  buyer_tel: optionalText(),
  buyer_addr: optionalText(),
  buyer_postcode: optionalText(),
};

const paymentFields = {
  merchant_uid: v.pipe(v.string(), v.minLength(1), v.maxLength(MERCHANT_UID_MAX)),
  amount: positiveAmount,
  currency: v.nullish(v.pipe(v.string(), v.regex(/^[A-Z]{3}$/))),
  tax_free: v.nullish(nonNegative),
  vat_amount: v.nullish(nonNegative),
  card_quota: v.nullish(v.pipe(numeric, v.integer(), v.minValue(0), v.maxValue(36))),
  custom_data: customData,
  notice_url: optionalText(2000),
  browser_ip: optionalText(64),
  product_type: v.nullish(v.picklist(['real', 'digital'])),
  ...buyerFields,
};

/** `POST /subscribe/customers/{customer_uid}` body. */
export const IssueBillingKeyBodySchema = v.object({
  ...cardFields,
  channel_key: optionalText(55),
  customer_id: optionalText(),
  customer_name: optionalText(20),
  customer_tel: optionalText(20),
  customer_email: optionalText(200),
  customer_addr: optionalText(200),
  customer_postcode: optionalText(8),
});
export type IssueBillingKeyBody = v.InferOutput<typeof IssueBillingKeyBodySchema>;

/** `POST /subscribe/payments/onetime` body. */
export const OnetimeBodySchema = v.object({
  ...cardFields,
  ...paymentFields,
  customer_uid: v.nullish(v.pipe(v.string(), v.minLength(1), v.maxLength(CUSTOMER_UID_MAX))),
  name: optionalText(40),
});
export type OnetimeBody = v.InferOutput<typeof OnetimeBodySchema>;

/** `POST /subscribe/payments/again` body (`name` is required here, unlike onetime). */
export const AgainBodySchema = v.object({
  ...paymentFields,
  customer_uid: v.pipe(v.string(), v.minLength(1), v.maxLength(CUSTOMER_UID_MAX)),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(40)),
  channel_key: optionalText(55),
});
export type AgainBody = v.InferOutput<typeof AgainBodySchema>;

/** `POST /payments/cancel` body. */
export const CancelBodySchema = v.object({
  imp_uid: optionalText(),
  merchant_uid: optionalText(),
  amount: v.nullish(nonNegative),
  tax_free: v.nullish(nonNegative),
  vat_amount: v.nullish(nonNegative),
  checksum: v.nullish(nonNegative),
  reason: optionalText(),
  enable_webhook: v.nullish(flag),
  retain_promotion: v.nullish(flag),
  refund_holder: optionalText(),
  refund_bank: optionalText(),
  refund_account: optionalText(),
  refund_tel: optionalText(),
});
export type CancelBody = v.InferOutput<typeof CancelBodySchema>;

/** `POST /users/getToken` body. */
export const GetTokenBodySchema = v.object({
  imp_key: v.nullish(v.string()),
  imp_secret: v.nullish(v.string()),
});
