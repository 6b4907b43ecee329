// The HTTP API, one entry per route: the valibot schemas the route validates with, the answers it
// gives and the codes it can fail with. build-openapi-document.ts turns this table into OpenAPI;
// openapi-routes.test.ts checks it against the app's real routes (app.routes).
import type { GenericSchema } from 'valibot';
import { RegistrationRequestSchema } from '../../../widget/contract/index.ts';
import { ChargeRequestSchema } from '../routes/charges.ts';
import { RefundRequestSchema } from '../routes/payments.ts';
import { WebhookSchema } from '../routes/webhooks.ts';
import { PortOneWebhookSchema } from '../routes/portone-webhooks.ts';
import { WIDGET_FILE_PATH } from '../routes/widget-asset.ts';
import type { ServerErrorCode } from '../server-error.ts';
import { TokenRequestSchema } from '../token/token-request-schema.ts';
import { CustomerUidSchema, MerchantUidSchema } from '../uid-schema.ts';
import {
  BillingKeyAnswerSchema,
  ChargeAnswerSchema,
  DeletedBillingKeyAnswerSchema,
  HealthAnswerSchema,
  PaymentAnswerSchema,
  ReadyAnswerSchema,
  RefundAnswerSchema,
  RegistrationAnswerSchema,
  TokenAnswerSchema,
  WebhookAnswerSchema,
} from './response-schemas.ts';

export type ResponseHeader =
  'Retry-After' | 'Idempotent-Replayed' | 'ETag' | 'Cache-Control' | 'WWW-Authenticate';

export interface SuccessSpec {
  status: number;
  description: string;
  /** A JSON body's schema; absent with `contentType` for a non-JSON body, absent alone for none. */
  schema?: GenericSchema;
  contentType?: string;
  headers?: ResponseHeader[];
  example?: unknown;
}

export interface OperationSpec {
  method: 'get' | 'post' | 'delete';
  /** OpenAPI path template. */
  path: string;
  /** The Hono route path it is served by (app.routes), for the route-walk test. */
  honoPath: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: 'Widget' | 'Merchant' | 'Webhooks' | 'Operations';
  /** `v2`: served only by a server on PortOne V2 (404 on i'mport V1). */
  upstream?: 'v2';
  /** `apiKey`: merchant backend; `metrics`: API key or metrics token; `public`: no credentials. */
  auth: 'apiKey' | 'metrics' | 'public';
  pathParams?: { name: string; schema: GenericSchema; description: string; example: string }[];
  queryParams?: { name: string; schema: GenericSchema; description: string; example: string }[];
  /** The `Idempotency-Key` header: optional (`true`) or `required` (refunds). */
  idempotencyKey?: boolean | 'required';
  body?: {
    schema: GenericSchema;
    example: unknown;
    /** Also accepted as a form (i'mport's webhooks). */
    form?: boolean;
    /** A JSON Schema rule valibot's converter cannot express, added to the converted schema. */
    extra?: Record<string, unknown>;
  };
  successes: SuccessSpec[];
  /**
   * The codes this route can fail with, besides those every route shares (INTERNAL_ERROR; on
   * /v1: RATE_LIMITED; on POST: INVALID_REQUEST, PAYLOAD_TOO_LARGE; with credentials: UNAUTHORIZED).
   */
  failures: ServerErrorCode[];
}

const uidParam = (name: 'customer_uid' | 'merchant_uid') => ({
  name,
  schema: name === 'customer_uid' ? CustomerUidSchema : MerchantUidSchema,
  description:
    name === 'customer_uid' ? 'The billing key’s id.' : 'The order id the payment was made for.',
  example: name === 'customer_uid' ? 'cust_1042' : 'order_20261202_0001',
});

type WidgetFile = 'imp-card.js' | 'imp-card.mjs' | 'imp-card-inline.js' | 'imp-card-frame.js';

const widgetAsset = (file: WidgetFile, operationId: string, what: string) =>
  ({
    method: 'get',
    path: `/${file}`,
    honoPath: WIDGET_FILE_PATH,
    operationId,
    summary: what,
    description:
      'Cacheable (ETag; Cache-Control 5 minutes) and loadable from the merchant’s own pages (CORS *, CORP cross-origin). The same file by its content hash (`imp-card-inline.<16 hex digits>.js`, as the frame page and the loader name it) is cached for a year (immutable); an outdated hash gets the current file with `no-cache`.',
    tag: 'Widget',
    auth: 'public',
    successes: [
      {
        status: 200,
        description: 'The JavaScript file.',
        contentType: 'text/javascript',
        headers: ['ETag', 'Cache-Control'],
      },
      {
        status: 304,
        description: 'Not modified (If-None-Match matched the ETag).',
        headers: ['ETag', 'Cache-Control'],
      },
    ],
    failures: ['NOT_FOUND'],
  }) satisfies OperationSpec;

const payment = {
  imp_uid: 'imp_123456789012',
  merchant_uid: 'order_20261202_0001',
  amount: 9900,
  status: 'paid',
  paid_at: 1796207400,
  card_name: '신한카드',
  card_number: '424242******4242',
  receipt_url: 'https://receipt.example/imp_123456789012',
  cancel_amount: 0,
  payment_id: 'order_20261202_0001',
  transaction_id: 'imp_123456789012',
};
const billingKey = {
  customer_uid: 'cust_1042',
  card_name: '신한카드',
  card_number: '424242******4242',
  pg_provider: 'nice',
};

export const API_OPERATIONS: OperationSpec[] = [
  {
    method: 'post',
    path: '/v1/registrations',
    honoPath: '/v1/registrations',
    operationId: 'registerCard',
    summary: 'Register a card per the token: billing key, payment, or both (the widget’s call)',
    description:
      'Called from the browser by <imp-card-form> (CORS for the allowed origins). The card fields are checked exactly as the widget checks them; a refusal names the field codes, never the values. Mounted with an `authorize` hook instead of tokens, its refusals answer 401 UNAUTHORIZED (null, or HTTPException(401)) and 403 FORBIDDEN (HTTPException(403)).',
    tag: 'Widget',
    auth: 'public',
    idempotencyKey: true,
    body: {
      schema: RegistrationRequestSchema,
      example: {
        token: 'eyJhbGciOiJIUzI1NiJ9.eyJqdGkiOiIuLi4ifQ.c2lnbmF0dXJl',
        card_number: '4242-4242-4242-4242',
        expiry: '2031-12',
        birth: '900101',
        pwd_2digit: '12',
      },
    },
    successes: [
      {
        status: 200,
        description: 'Done, as the token’s mode asked.',
        schema: RegistrationAnswerSchema,
        headers: ['Idempotent-Replayed'],
        example: {
          status: 'success',
          mode: 'billing_key_and_payment',
          billing_key: billingKey,
          payment,
        },
      },
    ],
    failures: [
      'TOKEN_INVALID',
      'TOKEN_EXPIRED',
      'UNAUTHORIZED',
      'FORBIDDEN',
      'CARD_DECLINED',
      'PG_ERROR',
      'ATTEMPTS_EXCEEDED',
      'TOKEN_ALREADY_USED',
      'CUSTOMER_IN_DOUBT',
      'MERCHANT_UID_CONFLICT',
      'PG_NOT_SUPPORTED',
      'IDEMPOTENCY_KEY_REUSED',
      'RATE_LIMITED',
      'OUTCOME_UNKNOWN',
      'UPSTREAM_UNAVAILABLE',
      'STORE_UNAVAILABLE',
    ],
  },
  {
    method: 'post',
    path: '/v1/tokens',
    honoPath: '/v1/tokens',
    operationId: 'createRegistrationToken',
    summary: 'Mint a registration token (for merchant backends not written in TypeScript)',
    tag: 'Merchant',
    auth: 'apiKey',
    body: {
      schema: TokenRequestSchema,
      example: {
        customer_uid: 'cust_1042',
        mode: 'billing_key_and_payment',
        amount: 9900,
        merchant_uid: 'order_20261202_0001',
        name: 'Monthly plan',
      },
      // valibot's check (amount exactly for the payment modes) has no JSON Schema conversion.
      extra: {
        oneOf: [
          { properties: { mode: { const: 'billing_key' }, amount: false }, required: ['mode'] },
          {
            properties: { mode: { enum: ['payment', 'billing_key_and_payment'] } },
            required: ['mode', 'amount'],
          },
        ],
      },
    },
    successes: [
      {
        status: 201,
        description: 'The token for <imp-card-form token>.',
        schema: TokenAnswerSchema,
        example: {
          token: 'eyJhbGciOiJIUzI1NiJ9.eyJqdGkiOiIuLi4ifQ.c2lnbmF0dXJl',
          expires_at: '2026-12-02T09:15:00.000Z',
          merchant_uid: 'order_20261202_0001',
        },
      },
    ],
    failures: ['PG_NOT_SUPPORTED', 'MERCHANT_UID_CONFLICT', 'STORE_UNAVAILABLE'],
  },
  {
    method: 'post',
    path: '/v1/charges',
    honoPath: '/v1/charges',
    operationId: 'chargeBillingKey',
    summary: 'Charge a stored billing key (i’mport `again`); one paid payment per merchant_uid',
    tag: 'Merchant',
    auth: 'apiKey',
    idempotencyKey: true,
    body: {
      schema: ChargeRequestSchema,
      example: {
        customer_uid: 'cust_1042',
        merchant_uid: 'order_20261202_0002',
        amount: 9900,
        name: 'Monthly plan',
      },
    },
    successes: [
      {
        status: 200,
        description: 'Paid (a retry of a paid merchant_uid answers the same payment).',
        schema: ChargeAnswerSchema,
        headers: ['Idempotent-Replayed'],
        example: { status: 'success', payment },
      },
    ],
    failures: [
      'CARD_DECLINED',
      'PG_ERROR',
      'MERCHANT_UID_CONFLICT',
      'PG_NOT_SUPPORTED',
      'IDEMPOTENCY_KEY_REUSED',
      'OUTCOME_UNKNOWN',
      'UPSTREAM_UNAVAILABLE',
      'STORE_UNAVAILABLE',
    ],
  },
  {
    method: 'get',
    path: '/v1/billing-keys/{customer_uid}',
    honoPath: '/v1/billing-keys/:customer_uid',
    operationId: 'getBillingKey',
    summary: 'Look up a billing key',
    tag: 'Merchant',
    auth: 'apiKey',
    pathParams: [uidParam('customer_uid')],
    successes: [
      {
        status: 200,
        description: 'Found.',
        schema: BillingKeyAnswerSchema,
        example: { status: 'success', billing_key: billingKey },
      },
    ],
    failures: ['INVALID_REQUEST', 'NOT_FOUND', 'UPSTREAM_UNAVAILABLE'],
  },
  {
    method: 'delete',
    path: '/v1/billing-keys/{customer_uid}',
    honoPath: '/v1/billing-keys/:customer_uid',
    operationId: 'deleteBillingKey',
    summary: 'Delete a billing key',
    tag: 'Merchant',
    auth: 'apiKey',
    pathParams: [uidParam('customer_uid')],
    successes: [
      {
        status: 200,
        description: 'Deleted.',
        schema: DeletedBillingKeyAnswerSchema,
        example: { status: 'success', deleted: true, billing_key: billingKey },
      },
    ],
    // A lost answer to a delete cannot be settled by a lookup: OUTCOME_UNKNOWN. A lost key call
    // for the customer that may still land refuses it: CUSTOMER_IN_DOUBT.
    failures: [
      'INVALID_REQUEST',
      'NOT_FOUND',
      'CUSTOMER_IN_DOUBT',
      'OUTCOME_UNKNOWN',
      'UPSTREAM_UNAVAILABLE',
      'STORE_UNAVAILABLE',
    ],
  },
  {
    method: 'get',
    path: '/v1/payments/{merchant_uid}',
    honoPath: '/v1/payments/:merchant_uid',
    operationId: 'getPayment',
    summary: 'Look up the latest payment of a merchant_uid',
    tag: 'Merchant',
    auth: 'apiKey',
    pathParams: [uidParam('merchant_uid')],
    successes: [
      {
        status: 200,
        description: 'Found; amount_verified compares with the amount this server asked for.',
        schema: PaymentAnswerSchema,
        example: { status: 'success', payment, amount_verified: true },
      },
    ],
    failures: ['INVALID_REQUEST', 'NOT_FOUND', 'UPSTREAM_UNAVAILABLE', 'STORE_UNAVAILABLE'],
  },
  {
    method: 'post',
    path: '/v1/payments/{merchant_uid}/cancel',
    honoPath: '/v1/payments/:merchant_uid/cancel',
    operationId: 'refundPayment',
    summary: 'Refund the paid payment of a merchant_uid, in full or in part',
    description:
      'i’mport is always sent a checksum (the given one, else the balance just read), so a refund never lands twice and never on top of another one it did not know about. onPayment is told once per refund (source "refund").',
    tag: 'Merchant',
    auth: 'apiKey',
    idempotencyKey: 'required',
    pathParams: [uidParam('merchant_uid')],
    body: {
      schema: RefundRequestSchema,
      example: { amount: 3000, reason: 'One item returned', checksum: 9900 },
    },
    successes: [
      {
        status: 200,
        description:
          'Refunded; `payment.cancel_amount` and `refund` show what was refunded and what remains.',
        schema: RefundAnswerSchema,
        headers: ['Idempotent-Replayed'],
        example: {
          status: 'success',
          payment: { ...payment, cancel_amount: 3000 },
          refund: {
            amount: 3000,
            cancellation_id: 'c0ffee00-0000-4000-8000-000000000001',
            refunded_total: 3000,
            remaining: 6900,
          },
        },
      },
    ],
    failures: [
      'NOT_FOUND',
      'PG_ERROR',
      'REFUND_CONFLICT',
      'REFUND_NOT_ALLOWED',
      'IDEMPOTENCY_KEY_REUSED',
      'OUTCOME_UNKNOWN',
      'UPSTREAM_UNAVAILABLE',
      'STORE_UNAVAILABLE',
    ],
  },
  {
    method: 'post',
    path: '/v1/webhooks/iamport',
    honoPath: '/v1/webhooks/iamport',
    operationId: 'receiveIamportWebhook',
    summary:
      'i’mport webhook: re-queried, amount-checked, onPayment once per payment state and per refund',
    description:
      'The body is a hint, never the truth: the payment is looked up by imp_uid. A 5xx makes i’mport deliver again.',
    tag: 'Webhooks',
    auth: 'public',
    body: {
      schema: WebhookSchema,
      form: true,
      example: { imp_uid: 'imp_123456789012', merchant_uid: 'order_20261202_0001', status: 'paid' },
    },
    successes: [
      {
        status: 200,
        description: 'Processed (received) or deliberately ignored (ignored, with a reason).',
        schema: WebhookAnswerSchema,
        example: { status: 'received', result: 'notified' },
      },
    ],
    failures: ['UNAUTHORIZED', 'UPSTREAM_UNAVAILABLE', 'STORE_UNAVAILABLE'],
  },
  {
    method: 'post',
    path: '/v1/webhooks/portone',
    honoPath: '/v1/webhooks/portone',
    operationId: 'receivePortOneWebhook',
    upstream: 'v2',
    summary:
      'PortOne V2 webhook: signature verified, re-queried by paymentId, amount-checked, onPayment once per payment state and per refund',
    description:
      'PortOne V2 only (404 on a server on i’mport V1). Standard Webhooks headers (webhook-id, webhook-timestamp within 5 minutes, webhook-signature) are verified against PORTONE_WEBHOOK_SECRET (one or two secrets); a refusal is 401 UNAUTHORIZED. The body is then a hint: the payment is looked up by data.paymentId. BillingKey.* messages are answered received, result noted. A 5xx makes PortOne deliver again.',
    tag: 'Webhooks',
    auth: 'public',
    body: {
      schema: PortOneWebhookSchema,
      example: {
        type: 'Transaction.Paid',
        timestamp: '2026-12-02T09:30:00.000Z',
        data: {
          storeId: 'store-00000000-0000-0000-0000-000000000000',
          paymentId: 'order_20261202_0001',
          transactionId: '01936a00-0000-0000-0000-000000000000',
        },
      },
    },
    successes: [
      {
        status: 200,
        description: 'Processed (received) or deliberately ignored (ignored, with a reason).',
        schema: WebhookAnswerSchema,
        example: { status: 'received', result: 'notified' },
      },
    ],
    failures: ['UNAUTHORIZED', 'UPSTREAM_UNAVAILABLE', 'STORE_UNAVAILABLE'],
  },
  {
    method: 'get',
    path: '/healthz',
    honoPath: '/healthz',
    operationId: 'getHealth',
    summary: 'Liveness: the process answers (checks nothing else)',
    tag: 'Operations',
    auth: 'public',
    successes: [
      { status: 200, description: 'Alive.', schema: HealthAnswerSchema, example: { status: 'ok' } },
    ],
    failures: [],
  },
  {
    method: 'get',
    path: '/readyz',
    honoPath: '/readyz',
    operationId: 'getReadiness',
    summary: 'Readiness: the store answers and an i’mport access token is at hand',
    description: 'Each check is bounded to 2 s. Take an instance out of rotation on 503.',
    tag: 'Operations',
    auth: 'public',
    successes: [
      {
        status: 200,
        description: 'Ready.',
        schema: ReadyAnswerSchema,
        headers: ['Cache-Control'],
        example: { status: 'ready', checks: { store: 'ok', iamport: 'ok' } },
      },
      {
        status: 503,
        description: 'Not ready; `checks` names what failed.',
        schema: ReadyAnswerSchema,
        headers: ['Cache-Control'],
        example: { status: 'not_ready', checks: { store: 'failed', iamport: 'ok' } },
      },
    ],
    failures: [],
  },
  {
    method: 'get',
    path: '/metrics',
    honoPath: '/metrics',
    operationId: 'getMetrics',
    summary: 'Prometheus metrics (text exposition format 0.0.4)',
    description:
      'Opened by the API key or by IMPCARD_METRICS_TOKEN (`metricsToken`), which opens nothing else.',
    tag: 'Operations',
    auth: 'metrics',
    successes: [
      {
        status: 200,
        description: 'The metrics of this instance.',
        contentType: 'text/plain',
        headers: ['Cache-Control'],
      },
    ],
    failures: [],
  },
  {
    method: 'get',
    path: '/openapi.json',
    honoPath: '/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This document',
    tag: 'Operations',
    auth: 'public',
    successes: [
      {
        status: 200,
        description: 'OpenAPI 3.1, generated from the route table.',
        contentType: 'application/json',
      },
    ],
    failures: [],
  },
  widgetAsset('imp-card.js', 'getWidgetScript', 'The built widget for a script tag (IIFE)'),
  widgetAsset('imp-card.mjs', 'getWidgetModule', 'The built widget as an ES module'),
  widgetAsset(
    'imp-card-inline.js',
    'getWidgetInlineScript',
    'The whole form for a script tag (what the frame runs; inline mode)',
  ),
  widgetAsset('imp-card-frame.js', 'getWidgetFrameScript', 'The frame side of isolated mode'),
  {
    method: 'get',
    path: '/frame',
    honoPath: '/frame',
    operationId: 'getCardFrame',
    summary: 'The card frame of isolated mode',
    description:
      'The page <imp-card-form> renders in an iframe (`?origin=` the embedding page’s origin): the real form runs here, on the impcard origin, so scripts on the merchant page never see the card. Framed only by an origin in IMPCARD_ALLOWED_ORIGINS (CSP frame-ancestors); the token and settings arrive by message, never in the URL.',
    tag: 'Widget',
    auth: 'public',
    successes: [
      {
        status: 200,
        description: 'The frame page, under a CSP whose frame-ancestors is the given origin.',
        contentType: 'text/html',
      },
      {
        status: 403,
        description: 'The origin is not allowed: a page explaining so, with no form.',
        contentType: 'text/html',
      },
    ],
    failures: [],
  },
];
