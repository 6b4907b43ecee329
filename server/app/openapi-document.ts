import { FIELD_ERROR_CODES, TOKEN_MODES } from '../../widget/contract/index.ts';
import { HTTP_STATUS_BY_CODE } from './server-error.ts';

// Hand-written so it reads as documentation; create-server.test.ts checks that every route is here.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });

const serverCodes = Object.keys(HTTP_STATUS_BY_CODE).filter(
  (c) => c !== 'NETWORK_ERROR' && c !== 'MISCONFIGURED',
);

// UPSTREAM_UNAVAILABLE is 503 when i'mport is down and 502 when it refuses our credentials or
// answers nonsense (upstream-error.ts): a route that calls i'mport can answer both.
const ALSO_AS: Partial<Record<keyof typeof HTTP_STATUS_BY_CODE, number>> = {
  UPSTREAM_UNAVAILABLE: 502,
};

function failures(...codes: (keyof typeof HTTP_STATUS_BY_CODE)[]) {
  const byStatus = new Map<number, string[]>();
  for (const code of codes) {
    for (const status of [HTTP_STATUS_BY_CODE[code], ALSO_AS[code]]) {
      if (status !== undefined) byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
    }
  }
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      String(status),
      { description: list.join(', '), content: json(ref('Failure')) },
    ]),
  );
}

const apiKey = [{ apiKey: [] }];
const widgetAsset = (what: string) => ({
  get: {
    summary: `${what}; ETag and Cache-Control; loadable cross-origin`,
    responses: {
      '200': { description: 'JavaScript', content: { 'text/javascript': {} } },
      '304': { description: 'Not modified' },
      ...failures('NOT_FOUND'),
    },
  },
});
const uidParam = (name: string, max: number) => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[\\w.:@-]+$', maxLength: max },
});
const buyer = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', maxLength: 16 },
    email: { type: 'string', format: 'email', maxLength: 64 },
    tel: { type: 'string', maxLength: 16 },
  },
};
const cardCodes = { type: 'array', items: { enum: [...FIELD_ERROR_CODES] } };

/** The HTTP API as OpenAPI 3.1, served at `/openapi.json`. */
export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'impcard server',
    version: '0.1.0',
    description:
      'Issues i’mport (PortOne V1) billing keys and key-in payments for <imp-card-form>. Every failure is `{status: "failed", code, message, fields?}`; card data is never echoed.',
  },
  components: {
    securitySchemes: {
      apiKey: {
        type: 'http',
        scheme: 'bearer',
        description: 'IMPCARD_API_KEY (merchant backend only)',
      },
    },
    schemas: {
      Failure: {
        type: 'object',
        required: ['status', 'code', 'message'],
        properties: {
          status: { const: 'failed' },
          code: { enum: serverCodes },
          message: { type: 'string' },
          fields: {
            type: 'object',
            description: 'Error codes per card field; never the values.',
            properties: {
              card_number: cardCodes,
              expiry: cardCodes,
              birth: cardCodes,
              pwd_2digit: cardCodes,
            },
          },
        },
      },
      BillingKey: {
        type: 'object',
        required: ['customer_uid', 'card_number'],
        properties: {
          customer_uid: { type: 'string' },
          card_name: { type: ['string', 'null'] },
          card_number: { type: 'string', description: 'masked, e.g. 424242******4242' },
          pg_provider: { type: ['string', 'null'] },
        },
      },
      Payment: {
        type: 'object',
        required: ['imp_uid', 'merchant_uid', 'amount', 'status', 'paid_at', 'card_number'],
        properties: {
          imp_uid: { type: 'string' },
          merchant_uid: { type: 'string' },
          amount: { type: 'integer' },
          status: { type: 'string', description: 'paid, failed, cancelled, ready' },
          paid_at: { type: 'integer', description: 'unix seconds, 0 when not paid' },
          card_name: { type: ['string', 'null'] },
          card_number: { type: 'string', description: 'masked' },
          receipt_url: { type: ['string', 'null'] },
        },
      },
      RegistrationSuccess: {
        type: 'object',
        required: ['status', 'mode'],
        properties: {
          status: { const: 'success' },
          mode: ref('TokenMode'),
          billing_key: ref('BillingKey'),
          payment: ref('Payment'),
        },
      },
      TokenMode: { enum: [...TOKEN_MODES] },
    },
  },
  paths: {
    '/v1/tokens': {
      post: {
        summary: 'Mint a registration token (merchant backend)',
        security: apiKey,
        requestBody: {
          required: true,
          content: json({
            type: 'object',
            additionalProperties: false,
            required: ['customer_uid', 'mode'],
            properties: {
              customer_uid: { type: 'string', maxLength: 80 },
              mode: ref('TokenMode'),
              amount: {
                type: 'integer',
                minimum: 1,
                description: 'required for the payment modes',
              },
              merchant_uid: { type: 'string', maxLength: 40, description: 'generated when absent' },
              name: { type: 'string', maxLength: 40 },
              pg: { type: 'string', maxLength: 80 },
              buyer,
              ttl_seconds: { type: 'integer', minimum: 30, maximum: 86400, default: 900 },
            },
          }),
        },
        responses: {
          '201': {
            description: 'The HS256 token for <imp-card-form token>',
            content: json({
              type: 'object',
              required: ['token', 'expires_at'],
              properties: {
                token: { type: 'string' },
                expires_at: { type: 'string', format: 'date-time' },
                merchant_uid: { type: 'string' },
              },
            }),
          },
          ...failures(
            'INVALID_REQUEST',
            'UNAUTHORIZED',
            'PAYLOAD_TOO_LARGE',
            'PG_NOT_SUPPORTED',
            'RATE_LIMITED',
            'MERCHANT_UID_CONFLICT',
            'STORE_UNAVAILABLE',
          ),
        },
      },
    },
    '/v1/registrations': {
      post: {
        summary: 'Register a card per the token: billing key, payment, or both (the widget)',
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            schema: { type: 'string', maxLength: 255 },
            description:
              'The same key with the same card (brand and last 4) replays the stored answer without calling i’mport again (`Idempotent-Replayed: true`); with another card: 422 IDEMPOTENCY_KEY_REUSED.',
          },
        ],
        requestBody: {
          required: true,
          content: json({
            type: 'object',
            required: ['token', 'card_number', 'expiry', 'birth'],
            properties: {
              token: { type: 'string' },
              card_number: { type: 'string', examples: ['4242-4242-4242-4242'] },
              expiry: { type: 'string', pattern: '^20\\d\\d-\\d\\d$' },
              birth: { type: 'string', pattern: '^(\\d{6}|\\d{10})$' },
              pwd_2digit: {
                type: 'string',
                pattern: '^\\d\\d$',
                description: 'optional only for business numbers',
              },
            },
          }),
        },
        responses: {
          '200': { description: 'Done', content: json(ref('RegistrationSuccess')) },
          ...failures(
            'INVALID_REQUEST',
            'TOKEN_INVALID',
            'TOKEN_EXPIRED',
            'UNAUTHORIZED',
            'CARD_DECLINED',
            'PG_ERROR',
            'ATTEMPTS_EXCEEDED',
            'TOKEN_ALREADY_USED',
            'PAYLOAD_TOO_LARGE',
            'PG_NOT_SUPPORTED',
            'RATE_LIMITED',
            'INTERNAL_ERROR',
            'OUTCOME_UNKNOWN',
            'UPSTREAM_UNAVAILABLE',
            'STORE_UNAVAILABLE',
            'CUSTOMER_IN_DOUBT',
            'MERCHANT_UID_CONFLICT',
            'IDEMPOTENCY_KEY_REUSED',
          ),
        },
      },
    },
    '/v1/charges': {
      post: {
        summary: 'Charge a stored billing key (i’mport `again`); one paid payment per merchant_uid',
        security: apiKey,
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            schema: { type: 'string', maxLength: 255 },
            description:
              'The same key with the same body replays the recorded answer (`Idempotent-Replayed: true`); with another body: 422 IDEMPOTENCY_KEY_REUSED.',
          },
        ],
        requestBody: {
          required: true,
          content: json({
            type: 'object',
            additionalProperties: false,
            required: ['customer_uid', 'merchant_uid', 'amount', 'name'],
            properties: {
              customer_uid: { type: 'string', maxLength: 80 },
              merchant_uid: { type: 'string', maxLength: 40 },
              amount: { type: 'integer', minimum: 1 },
              name: { type: 'string', maxLength: 40 },
              pg: { type: 'string' },
              buyer,
              card_quota: { type: 'integer', minimum: 0, maximum: 36 },
              custom_data: { type: 'string', maxLength: 2000 },
            },
          }),
        },
        responses: {
          '200': {
            description: 'Paid (a retry of a paid merchant_uid answers the same payment)',
            content: json({
              type: 'object',
              properties: { status: { const: 'success' }, payment: ref('Payment') },
            }),
          },
          ...failures(
            'INVALID_REQUEST',
            'UNAUTHORIZED',
            'CARD_DECLINED',
            'PG_ERROR',
            'PAYLOAD_TOO_LARGE',
            'PG_NOT_SUPPORTED',
            'RATE_LIMITED',
            'OUTCOME_UNKNOWN',
            'UPSTREAM_UNAVAILABLE',
            'STORE_UNAVAILABLE',
            'MERCHANT_UID_CONFLICT',
            'IDEMPOTENCY_KEY_REUSED',
          ),
        },
      },
    },
    '/v1/billing-keys/{customer_uid}': {
      parameters: [uidParam('customer_uid', 80)],
      get: {
        summary: 'Look up a billing key',
        security: apiKey,
        responses: {
          '200': {
            description: 'Found',
            content: json({
              type: 'object',
              properties: { status: { const: 'success' }, billing_key: ref('BillingKey') },
            }),
          },
          ...failures(
            'INVALID_REQUEST',
            'UNAUTHORIZED',
            'NOT_FOUND',
            'RATE_LIMITED',
            'UPSTREAM_UNAVAILABLE',
          ),
        },
      },
      delete: {
        summary: 'Delete a billing key',
        security: apiKey,
        responses: {
          '200': {
            description: 'Deleted',
            content: json({
              type: 'object',
              properties: {
                status: { const: 'success' },
                deleted: { const: true },
                billing_key: ref('BillingKey'),
              },
            }),
          },
          ...failures(
            'INVALID_REQUEST',
            'UNAUTHORIZED',
            'NOT_FOUND',
            'RATE_LIMITED',
            'OUTCOME_UNKNOWN',
            'UPSTREAM_UNAVAILABLE',
          ),
        },
      },
    },
    '/v1/payments/{merchant_uid}': {
      parameters: [uidParam('merchant_uid', 40)],
      get: {
        summary: 'Look up the latest payment of a merchant_uid',
        security: apiKey,
        responses: {
          '200': {
            description: 'Found; amount_verified compares with the amount this server asked for',
            content: json({
              type: 'object',
              properties: {
                status: { const: 'success' },
                payment: ref('Payment'),
                amount_verified: { type: 'boolean' },
              },
            }),
          },
          ...failures(
            'INVALID_REQUEST',
            'UNAUTHORIZED',
            'NOT_FOUND',
            'RATE_LIMITED',
            'UPSTREAM_UNAVAILABLE',
          ),
        },
      },
    },
    '/v1/webhooks/iamport': {
      post: {
        summary: 'i’mport webhook: re-queried, amount-checked, onPayment once per payment state',
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['imp_uid'],
                properties: { imp_uid: { type: 'string' } },
              },
            },
            'application/x-www-form-urlencoded': {
              schema: { type: 'object', properties: { imp_uid: { type: 'string' } } },
            },
          },
        },
        responses: {
          '200': {
            description:
              'Processed (status received) or deliberately ignored (status ignored, with a reason)',
            content: json({
              type: 'object',
              properties: {
                status: { enum: ['received', 'ignored'] },
                result: { enum: ['notified', 'duplicate'] },
                reason: { type: 'string' },
              },
            }),
          },
          ...failures(
            'INVALID_REQUEST',
            'UNAUTHORIZED',
            'PAYLOAD_TOO_LARGE',
            'RATE_LIMITED',
            'INTERNAL_ERROR',
            'UPSTREAM_UNAVAILABLE',
            'STORE_UNAVAILABLE',
          ),
        },
      },
    },
    '/healthz': {
      get: {
        summary: 'Liveness',
        responses: { '200': { description: 'ok', content: json({ type: 'object' }) } },
      },
    },
    '/openapi.json': {
      get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } },
    },
    '/imp-card.js': widgetAsset('The built widget for a script tag (IIFE)'),
    '/imp-card.mjs': widgetAsset('The built widget as an ES module'),
  },
} as const;
