import * as v from 'valibot';

// Liberal in what we accept: i'mport documents integers and strings, but PG-dependent fields have
// been seen as numeric strings, nulls where 0 is documented, and fractional seconds. Every field the
// client does not act on is optional, and unknown fields are kept (looseObject).

const NumberLike = v.pipe(
  v.union([v.number(), v.pipe(v.string(), v.trim(), v.regex(/^-?\d+(?:\.\d+)?$/))]),
  v.transform(Number),
);

/** Unix seconds; fractional values are rounded, `null`/absent mean "never" (0). */
const Timestamp = v.optional(
  v.pipe(
    v.nullable(NumberLike),
    v.transform((n) => (n === null ? 0 : Math.round(n))),
  ),
  0,
);

const Text = v.nullish(v.pipe(v.union([v.string(), v.number()]), v.transform(String)));
const RequiredText = v.pipe(v.union([v.string(), v.number()]), v.transform(String), v.minLength(1));
const OptionalInt = v.nullish(v.pipe(NumberLike, v.transform(Math.round)));
const Flag = v.nullish(v.boolean());

/** The `{code, message, response}` envelope of every i'mport answer. */
export const ImpEnvelopeSchema = v.looseObject({
  code: v.pipe(NumberLike, v.transform(Math.trunc)),
  message: v.nullish(v.unknown()),
  response: v.nullish(v.unknown()),
});
export type ImpEnvelope = v.InferOutput<typeof ImpEnvelopeSchema>;

/** `response` of `POST /users/getToken`. */
export const ImpTokenSchema = v.looseObject({
  access_token: RequiredText,
  now: Timestamp,
  expired_at: Timestamp,
});
export type ImpToken = v.InferOutput<typeof ImpTokenSchema>;

const KNOWN_PAYMENT_STATUSES = ['ready', 'paid', 'cancelled', 'failed'] as const;
/** A payment status; a value i'mport adds later arrives as `unrecognised` (raw text in `status_raw`). */
export type ImpPaymentStatus = (typeof KNOWN_PAYMENT_STATUSES)[number] | 'unrecognised';

function toPaymentStatus(raw: string): ImpPaymentStatus {
  return (KNOWN_PAYMENT_STATUSES as readonly string[]).includes(raw)
    ? (raw as ImpPaymentStatus)
    : 'unrecognised';
}

const CancelHistoryEntrySchema = v.looseObject({
  pg_tid: Text,
  amount: v.optional(NumberLike, 0),
  cancelled_at: Timestamp,
  reason: Text,
  cancellation_id: Text,
  receipt_url: Text,
});

/** The `Payment` object (PaymentAnnotation). */
export const ImpPaymentSchema = v.pipe(
  v.looseObject({
    imp_uid: RequiredText,
    merchant_uid: RequiredText,
    amount: NumberLike,
    cancel_amount: v.optional(
      v.pipe(
        v.nullable(NumberLike),
        v.transform((n) => n ?? 0),
      ),
      0,
    ),
    currency: v.optional(
      v.pipe(
        v.nullable(v.string()),
        v.transform((c) => c ?? 'KRW'),
      ),
      'KRW',
    ),
    status: v.pipe(v.union([v.string(), v.number()]), v.transform(String)),
    sandbox: Flag,
    pay_method: Text,
    channel: Text,
    pg_provider: Text,
    pg_tid: Text,
    pg_id: Text,
    apply_num: Text,
    card_code: Text,
    card_name: Text,
    card_number: Text,
    card_type: OptionalInt,
    card_quota: OptionalInt,
    name: Text,
    buyer_name: Text,
    buyer_email: Text,
    buyer_tel: Text,
    custom_data: Text,
    customer_uid: Text,
    customer_uid_usage: Text,
    fail_reason: Text,
    cancel_reason: Text,
    receipt_url: Text,
    started_at: Timestamp,
    paid_at: Timestamp,
    failed_at: Timestamp,
    cancelled_at: Timestamp,
    cancel_history: v.nullish(v.array(CancelHistoryEntrySchema)),
  }),
  // Unknown fields stay on the object at run time; the type lists the ones we know.
  v.transform(({ status, ...rest }) => ({
    ...rest,
    status: toPaymentStatus(status),
    /** The status text as i'mport sent it (differs from `status` only when unrecognised). */
    status_raw: status,
  })),
);
export type ImpPayment = v.InferOutput<typeof ImpPaymentSchema>;

/** The `Customer` object (CustomerAnnotation): a billing key as i'mport reports it. */
export const ImpCustomerSchema = v.looseObject({
  customer_uid: RequiredText,
  pg_provider: Text,
  pg_id: Text,
  sandbox: Flag,
  customer_id: Text,
  card_name: Text,
  card_code: Text,
  card_number: Text,
  card_type: OptionalInt,
  customer_name: Text,
  customer_tel: Text,
  customer_email: Text,
  customer_addr: Text,
  customer_postcode: Text,
  inserted: Timestamp,
  updated: Timestamp,
});
export type ImpCustomer = v.InferOutput<typeof ImpCustomerSchema>;

/** `response` of `GET /subscribe/customers?customer_uid[]=…`: the keys found. */
export const ImpCustomerListSchema = v.array(ImpCustomerSchema);

const KNOWN_PG_SETTING_TYPES = ['payment', 'api_payment', 'certification'] as const;
/**
 * What a configured PG channel is for: `api_payment` is the REST key-in/billing channel,
 * `payment` the payment window, `certification` identity checks; a type i'mport adds later
 * arrives as `unrecognised`.
 */
export type ImpPgSettingType = (typeof KNOWN_PG_SETTING_TYPES)[number] | 'unrecognised';

/**
 * One PG channel configured in the console (PgSettingAnnotation of `GET /users/pg`, in i'mport's
 * OpenAPI document, portone-io/developers.portone.io `src/schema/v1.openapi.json`).
 */
export const ImpPgSettingSchema = v.looseObject({
  pg_provider: RequiredText,
  pg_id: v.optional(
    v.pipe(
      Text,
      v.transform((id) => id ?? ''),
    ),
    '',
  ),
  /** A test channel (테스트 모드): no money moves. Required by the document; absent reads as live. */
  sandbox: v.optional(
    v.pipe(
      v.nullable(v.boolean()),
      v.transform((flag) => flag ?? false),
    ),
    false,
  ),
  type: v.pipe(
    Text,
    v.transform((raw): ImpPgSettingType =>
      (KNOWN_PG_SETTING_TYPES as readonly (string | null | undefined)[]).includes(raw)
        ? (raw as ImpPgSettingType)
        : 'unrecognised',
    ),
  ),
  channel_name: Text,
  channel_key: Text,
});
export type ImpPgSetting = v.InferOutput<typeof ImpPgSettingSchema>;

/** `response` of `GET /users/pg`. */
export const ImpPgSettingListSchema = v.array(ImpPgSettingSchema);

/** `GET /payments/findAll/…` answers a page; older answers and some proxies give a bare array. */
export const ImpPaymentPageSchema = v.pipe(
  v.unknown(),
  v.transform((page) => (Array.isArray(page) ? { list: page, next: 0 } : page)),
  v.looseObject({
    list: v.array(ImpPaymentSchema),
    next: v.optional(
      v.pipe(
        v.nullable(NumberLike),
        v.transform((n) => n ?? 0),
      ),
      0,
    ),
  }),
);
