// The answers of the HTTP API as valibot schemas: what the OpenAPI document says of every body,
// built from the contract's own schemas, and what the contract fuzzing checks each answer against.
import * as v from 'valibot';
import {
  BillingKeyResultSchema,
  FieldErrorsSchema,
  PaymentResultSchema,
  RegistrationSuccessSchema,
  TokenModeSchema,
} from '../../../widget/contract/index.ts';
import { HTTP_STATUS_BY_CODE, type ServerErrorCode } from '../server-error.ts';

/** Codes only the widget itself produces: never in a server answer. */
const WIDGET_ONLY = new Set(['NETWORK_ERROR', 'MISCONFIGURED', 'FRAME_BLOCKED']);

export const SERVER_ERROR_CODES = (Object.keys(HTTP_STATUS_BY_CODE) as ServerErrorCode[]).filter(
  (code) => !WIDGET_ONLY.has(code),
);

/** i'mport's payment states; a state i'mport adds later is passed through as its text. */
export const PAYMENT_STATUSES = ['ready', 'paid', 'cancelled', 'failed'] as const;

export const FailureSchema = v.pipe(
  v.object({
    status: v.literal('failed'),
    code: v.pipe(v.picklist(SERVER_ERROR_CODES), v.description('A stable code: branch on it.')),
    message: v.pipe(
      v.string(),
      v.description('For people; never contains card data or anything the client sent.'),
    ),
    fields: v.optional(
      v.pipe(FieldErrorsSchema, v.description('Error codes per card field; never the values.')),
    ),
    request_id: v.pipe(
      v.string(),
      v.description('The X-Request-Id of this answer, to quote to support.'),
    ),
  }),
  v.title('Failure'),
);

export const BillingKeySchema = v.pipe(
  v.object({
    ...BillingKeyResultSchema.entries,
    card_number: v.pipe(
      BillingKeyResultSchema.entries.card_number,
      v.description('Masked by i’mport, e.g. 424242******4242.'),
    ),
  }),
  v.title('BillingKey'),
);

export const PaymentSchema = v.pipe(
  v.object({
    ...PaymentResultSchema.entries,
    amount: v.pipe(v.number(), v.integer(), v.description('KRW.')),
    status: v.pipe(v.picklist(PAYMENT_STATUSES), v.description('i’mport’s payment status.')),
    paid_at: v.pipe(
      v.number(),
      v.integer(),
      v.description('Unix seconds (i’mport’s clock); 0 when not paid.'),
    ),
    card_number: v.pipe(PaymentResultSchema.entries.card_number, v.description('Masked.')),
    cancel_amount: v.pipe(
      v.number(),
      v.integer(),
      v.description('KRW refunded so far (0 when nothing was).'),
    ),
    payment_id: v.pipe(
      v.string(),
      v.description('The merchant_uid again, by PortOne V2’s name (paymentId); on V1 too.'),
    ),
    transaction_id: v.pipe(
      v.string(),
      v.description('The imp_uid again, by PortOne V2’s name (transactionId); on V1 too.'),
    ),
  }),
  v.title('Payment'),
);

export const RegistrationAnswerSchema = v.pipe(
  v.object({
    ...RegistrationSuccessSchema.entries,
    mode: TokenModeSchema,
    billing_key: v.optional(BillingKeySchema),
    payment: v.optional(PaymentSchema),
  }),
  v.title('RegistrationSuccess'),
);

export const TokenAnswerSchema = v.object({
  token: v.pipe(v.string(), v.description('The HS256 token for <imp-card-form token>.')),
  expires_at: v.pipe(
    v.string(),
    v.isoTimestamp(),
    v.description('RFC 3339 date-time (UTC), when the token stops being accepted.'),
  ),
  merchant_uid: v.optional(
    v.pipe(v.string(), v.description('The payment modes’ order id (generated when absent).')),
  ),
});

export const ChargeAnswerSchema = v.object({
  status: v.literal('success'),
  payment: PaymentSchema,
});

export const RefundSchema = v.pipe(
  v.object({
    amount: v.pipe(v.number(), v.integer(), v.description('KRW refunded by this refund.')),
    cancellation_id: v.optional(
      v.pipe(v.string(), v.description('i’mport’s id of the cancellation, when it gives one.')),
    ),
    refunded_total: v.pipe(
      v.number(),
      v.integer(),
      v.description('KRW refunded so far, this refund included.'),
    ),
    remaining: v.pipe(v.number(), v.integer(), v.description('KRW that can still be refunded.')),
  }),
  v.title('Refund'),
);

export const RefundAnswerSchema = v.object({
  status: v.literal('success'),
  payment: PaymentSchema,
  refund: RefundSchema,
});

export const BillingKeyAnswerSchema = v.object({
  status: v.literal('success'),
  billing_key: BillingKeySchema,
});

export const DeletedBillingKeyAnswerSchema = v.object({
  status: v.literal('success'),
  deleted: v.literal(true),
  billing_key: BillingKeySchema,
});

export const PaymentAnswerSchema = v.object({
  status: v.literal('success'),
  payment: PaymentSchema,
  amount_verified: v.optional(
    v.pipe(
      v.boolean(),
      v.description('Whether the amount is the one this server asked for (absent when unknown).'),
    ),
  ),
});

export const WebhookAnswerSchema = v.object({
  status: v.picklist(['received', 'ignored']),
  result: v.optional(
    v.pipe(
      v.picklist(['notified', 'duplicate', 'noted']),
      v.description('noted: a PortOne V2 BillingKey.* message, logged and counted only.'),
    ),
  ),
  reason: v.optional(v.pipe(v.string(), v.description('Why a delivery was ignored.'))),
});

export const HealthAnswerSchema = v.object({ status: v.literal('ok') });

const CheckSchema = v.picklist(['ok', 'failed', 'timeout']);
export const ReadyAnswerSchema = v.object({
  status: v.picklist(['ready', 'not_ready']),
  checks: v.object({ store: CheckSchema, iamport: CheckSchema }),
});
