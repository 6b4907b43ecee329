import * as v from 'valibot';

// PortOne V2's answers (its OpenAPI document, portone-io/developers.portone.io
// `src/schema/v2.openapi.json`), read liberally: only what the client acts on is required, unknown
// fields are kept (looseObject), and a status or type PortOne adds later arrives as `unrecognised`
// with its raw text beside it, never as a crash (PortOne's own SDK throws there).

const Text = v.nullish(v.string());
const Int = v.pipe(v.number(), v.integer());
/** RFC 3339; kept as text and read with {@link secondsOf}. */
const Timestamp = v.nullish(v.string());

/** Unix seconds of an RFC 3339 timestamp; 0 when absent or unreadable. */
export function secondsOf(timestamp: string | null | undefined): number {
  if (!timestamp) return 0;
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

/** Every non-2xx answer: `{type, message?, …}`; PG_PROVIDER adds `pgCode` and `pgMessage`. */
export const PortOneErrorBodySchema = v.looseObject({
  type: v.pipe(v.string(), v.minLength(1)),
  message: Text,
  pgCode: Text,
  pgMessage: Text,
});
export type PortOneErrorBody = v.InferOutput<typeof PortOneErrorBodySchema>;

const CardSchema = v.looseObject({
  name: Text,
  number: Text,
  issuer: Text,
  publisher: Text,
  brand: Text,
  type: Text,
});

const ChannelSchema = v.looseObject({
  type: Text,
  key: Text,
  pgProvider: Text,
  pgMerchantId: Text,
});

const CustomerSchema = v.nullish(v.looseObject({ id: Text }));

/** `POST /billing-keys` (200). */
export const IssueBillingKeyResponseSchema = v.looseObject({
  billingKeyInfo: v.looseObject({
    billingKey: v.pipe(v.string(), v.minLength(1)),
    issuedAt: Timestamp,
    channels: v.nullish(v.array(ChannelSchema)),
  }),
});
export type PortOneIssuedBillingKey = v.InferOutput<typeof IssueBillingKeyResponseSchema>;

/** `POST /payments/{id}/instant` and `/billing-key` (200 means approved). */
export const PayResponseSchema = v.looseObject({
  payment: v.looseObject({ pgTxId: Text, paidAt: Timestamp }),
});

const KNOWN_PAYMENT_STATUSES = [
  'READY',
  'PAY_PENDING',
  'VIRTUAL_ACCOUNT_ISSUED',
  'PAID',
  'FAILED',
  'PARTIAL_CANCELLED',
  'CANCELLED',
] as const;
export type PortOnePaymentStatus = (typeof KNOWN_PAYMENT_STATUSES)[number] | 'unrecognised';

const CancellationSchema = v.looseObject({
  status: Text,
  id: Text,
  totalAmount: v.optional(v.nullable(Int), 0),
  reason: Text,
  cancelledAt: Timestamp,
});

/** `GET /payments/{paymentId}`: `Payment`, a oneOf on `status`. */
export const PortOnePaymentSchema = v.pipe(
  v.looseObject({
    status: v.string(),
    id: v.pipe(v.string(), v.minLength(1)),
    transactionId: v.pipe(v.string(), v.minLength(1)),
    amount: v.looseObject({
      total: Int,
      cancelled: v.optional(v.nullable(Int), 0),
      paid: v.nullish(Int),
    }),
    currency: v.optional(v.nullable(v.string()), 'KRW'),
    orderName: Text,
    method: v.nullish(
      v.looseObject({ type: Text, card: v.nullish(CardSchema), approvalNumber: Text }),
    ),
    channel: v.nullish(ChannelSchema),
    customer: CustomerSchema,
    billingKey: Text,
    requestedAt: Timestamp,
    paidAt: Timestamp,
    failedAt: Timestamp,
    failure: v.nullish(v.looseObject({ reason: Text, pgCode: Text, pgMessage: Text })),
    receiptUrl: Text,
    cancellations: v.nullish(v.array(CancellationSchema)),
  }),
  v.transform(({ status, ...rest }) => ({
    ...rest,
    status: (KNOWN_PAYMENT_STATUSES as readonly string[]).includes(status)
      ? (status as PortOnePaymentStatus)
      : ('unrecognised' as const),
    /** The status as PortOne sent it. */
    statusRaw: status,
  })),
);
export type PortOnePayment = v.InferOutput<typeof PortOnePaymentSchema>;

/** `BillingKeyInfo`: `ISSUED` or `DELETED` (anything else: `unrecognised`). */
export const PortOneBillingKeyInfoSchema = v.pipe(
  v.looseObject({
    status: v.string(),
    billingKey: v.pipe(v.string(), v.minLength(1)),
    customer: CustomerSchema,
    methods: v.nullish(v.array(v.looseObject({ type: Text, card: v.nullish(CardSchema) }))),
    channels: v.nullish(v.array(ChannelSchema)),
    issuedAt: Timestamp,
    requestedAt: Timestamp,
    deletedAt: Timestamp,
  }),
  v.transform(({ status, ...rest }) => ({
    ...rest,
    status: status === 'ISSUED' || status === 'DELETED' ? status : ('unrecognised' as const),
    statusRaw: status,
  })),
);
export type PortOneBillingKeyInfo = v.InferOutput<typeof PortOneBillingKeyInfoSchema>;

/** `GET /billing-keys` (one page). */
export const BillingKeyInfosResponseSchema = v.looseObject({
  items: v.array(PortOneBillingKeyInfoSchema),
  page: v.nullish(v.looseObject({ number: Int, size: Int, totalCount: Int })),
});

/** `DELETE /billing-keys/{billingKey}`. */
export const DeleteBillingKeyResponseSchema = v.looseObject({ deletedAt: Timestamp });

/** `POST /payments/{id}/cancel`: the cancellation (REQUESTED, FAILED or SUCCEEDED). */
export const CancelPaymentResponseSchema = v.looseObject({ cancellation: CancellationSchema });
export type PortOneCancellation = v.InferOutput<typeof CancellationSchema>;
