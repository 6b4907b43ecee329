import { toJsonSchema, type ConversionConfig } from '@valibot/to-json-schema';
import type { GenericSchema } from 'valibot';
import { IdempotencyKeySchema } from '../routes/idempotency-key.ts';
import { HTTP_STATUS_BY_CODE, type ServerErrorCode } from '../server-error.ts';
import { API_OPERATIONS, type OperationSpec, type ResponseHeader } from './api-operations.ts';
import { FailureSchema } from './response-schemas.ts';

type Json = Record<string, unknown>;

// Requests are documented as sent (before transforms); the raw checks valibot cannot convert
// (Luhn, dates against today, amount-per-mode) are said in `description`s and `extra`s instead,
// and the contract fuzzing holds both sides to the same answers.
const REQUEST: ConversionConfig = {
  target: 'draft-2020-12',
  typeMode: 'input',
  errorMode: 'ignore',
};
const RESPONSE: ConversionConfig = { target: 'draft-2020-12', errorMode: 'ignore' };

/** valibot → JSON Schema (2020-12, OpenAPI 3.1's dialect), without the `$schema` key. */
export function jsonSchemaOf(schema: GenericSchema, config: ConversionConfig = RESPONSE): Json {
  const { $schema: _, ...rest } = toJsonSchema(schema, config) as Json;
  return rest;
}

/** UPSTREAM_UNAVAILABLE is 503 when i'mport is down and 502 when it refuses our credentials. */
const ALSO_AS: Partial<Record<ServerErrorCode, number>> = { UPSTREAM_UNAVAILABLE: 502 };
const RETRY_AFTER_CODES = new Set<ServerErrorCode>([
  'RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'STORE_UNAVAILABLE',
  'CUSTOMER_IN_DOUBT',
]);

/** Codes every route of a kind can answer (middleware), added to each operation's own list. */
function sharedFailures(op: OperationSpec): ServerErrorCode[] {
  const codes: ServerErrorCode[] = ['INTERNAL_ERROR'];
  if (op.path.startsWith('/v1/')) codes.push('RATE_LIMITED');
  if (op.method === 'post') codes.push('INVALID_REQUEST', 'PAYLOAD_TOO_LARGE');
  if (op.idempotencyKey) codes.push('INVALID_REQUEST');
  if (op.auth !== 'public') codes.push('UNAUTHORIZED');
  return codes;
}

const HEADERS: Record<ResponseHeader | 'X-Request-Id', Json> = {
  'X-Request-Id': {
    description: 'This request’s id; also `request_id` in failure bodies and in every log line.',
    schema: { type: 'string' },
  },
  'Retry-After': {
    description: 'Seconds to wait before trying again.',
    schema: { type: 'integer', minimum: 1 },
  },
  'Idempotent-Replayed': {
    description:
      '`true` when this is the recorded answer to an earlier request with the same Idempotency-Key.',
    schema: { type: 'string', enum: ['true'] },
  },
  ETag: { description: 'The content hash, for If-None-Match.', schema: { type: 'string' } },
  'Cache-Control': { description: 'Caching rule of this answer.', schema: { type: 'string' } },
  'WWW-Authenticate': { description: 'Always `Bearer`.', schema: { type: 'string' } },
};

const headerRefs = (names: readonly (ResponseHeader | 'X-Request-Id')[]) =>
  Object.fromEntries(names.map((n) => [n, { $ref: `#/components/headers/${n}` }]));

function failureResponses(op: OperationSpec): Json {
  const codes = new Set([...op.failures, ...sharedFailures(op)]);
  const byStatus = new Map<number, ServerErrorCode[]>();
  for (const code of [...codes].sort()) {
    for (const status of [HTTP_STATUS_BY_CODE[code], ALSO_AS[code]]) {
      if (status !== undefined) byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
    }
  }
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => {
      const headers: (ResponseHeader | 'X-Request-Id')[] = ['X-Request-Id'];
      if (list.some((c) => RETRY_AFTER_CODES.has(c))) headers.push('Retry-After');
      if (status === 401) headers.push('WWW-Authenticate');
      // A recorded decline (402) is replayed like a success, and so are a refund's refusals.
      if (
        op.idempotencyKey &&
        (status === 402 || (op.idempotencyKey === 'required' && status === 409))
      )
        headers.push('Idempotent-Replayed');
      return [
        String(status),
        {
          description: list.join(', '),
          headers: headerRefs(headers),
          content: {
            'application/json': {
              schema: {
                allOf: [
                  { $ref: '#/components/schemas/Failure' },
                  { properties: { code: { enum: list } } },
                ],
              },
              example: {
                status: 'failed',
                code: list[0],
                message: 'A human-readable explanation.',
                request_id: '5f0c6a9e-2b7d-4c1a-9a7e-3d2f1b0c4e8d',
              },
            },
          },
        },
      ];
    }),
  );
}

function successResponses(op: OperationSpec): Json {
  return Object.fromEntries(
    op.successes.map((s) => {
      const content = s.schema
        ? {
            'application/json': {
              schema: jsonSchemaOf(s.schema),
              ...(s.example !== undefined ? { example: s.example } : {}),
            },
          }
        : s.contentType
          ? {
              [s.contentType]: {
                schema: s.contentType.includes('json') ? { type: 'object' } : { type: 'string' },
              },
            }
          : undefined;
      return [
        String(s.status),
        {
          description: s.description,
          headers: headerRefs(['X-Request-Id', ...(s.headers ?? [])]),
          ...(content ? { content } : {}),
        },
      ];
    }),
  );
}

function operationOf(op: OperationSpec): Json {
  const parameters: Json[] = [
    ...(op.pathParams ?? []).map((p) => ({
      name: p.name,
      in: 'path',
      required: true,
      description: p.description,
      schema: jsonSchemaOf(p.schema, REQUEST),
      example: p.example,
    })),
    ...(op.queryParams ?? []).map((p) => ({
      name: p.name,
      in: 'query',
      required: false,
      description: p.description,
      schema: jsonSchemaOf(p.schema, REQUEST),
      example: p.example,
    })),
  ];
  if (op.idempotencyKey) {
    const required = op.idempotencyKey === 'required';
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required,
      description: required
        ? 'Required (400 INVALID_REQUEST without it): a refund retried without one could refund twice. The same key with the same body answers the recorded answer (Idempotent-Replayed: true) without a second refund; after an unknown outcome it resends the same checksum, so the first refund is found instead of repeated. The same key with another body is refused with 422 IDEMPOTENCY_KEY_REUSED. Keys are kept 35 days.'
        : 'The same key with the same body answers the recorded answer (Idempotent-Replayed: true) without calling i’mport again; the same key with another body is refused with 422 IDEMPOTENCY_KEY_REUSED. Keys are kept 24 hours.',
      schema: jsonSchemaOf(IdempotencyKeySchema, REQUEST),
    });
  }
  const body = op.body
    ? (() => {
        const schema = { ...jsonSchemaOf(op.body.schema, REQUEST), ...(op.body.extra ?? {}) };
        const content: Json = { 'application/json': { schema, example: op.body.example } };
        if (op.body.form) content['application/x-www-form-urlencoded'] = { schema };
        return { requestBody: { required: true, content } };
      })()
    : {};
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [op.tag],
    security:
      op.auth === 'public'
        ? []
        : op.auth === 'metrics'
          ? [{ apiKey: [] }, { metricsToken: [] }]
          : [{ apiKey: [] }],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...body,
    responses: { ...successResponses(op), ...failureResponses(op) },
  };
}

/** The OpenAPI 3.1 document of the HTTP API, generated from {@link API_OPERATIONS}. */
export function buildOpenApiDocument(operations: readonly OperationSpec[] = API_OPERATIONS) {
  const paths: Record<string, Json> = {};
  for (const op of operations) {
    paths[op.path] = { ...paths[op.path], [op.method]: operationOf(op) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'impcard server',
      version: '0.1.0',
      summary: 'i’mport (PortOne V1) billing keys and key-in payments for <imp-card-form>.',
      description: [
        'Every failure is `{status: "failed", code, message, fields?, request_id}`; card data is never echoed.',
        'A wrong method on a known path answers 405 METHOD_NOT_ALLOWED with `Allow`; an unknown path 404 NOT_FOUND.',
        'Times: `expires_at` is an RFC 3339 date-time (UTC); `paid_at` is unix seconds. Amounts are KRW integers.',
        'Generated from the valibot schemas the routes validate with (server/app/openapi/); docs/api.md is the guide.',
      ].join('\n\n'),
      license: { name: 'UNLICENSED', identifier: 'LicenseRef-impcard-private' },
    },
    servers: [{ url: 'http://127.0.0.1:8787', description: '`npm start` (sandbox mode)' }],
    tags: [
      { name: 'Widget', description: 'What <imp-card-form> calls and loads.' },
      { name: 'Merchant', description: 'The merchant backend’s API (API key).' },
      { name: 'Webhooks', description: 'What i’mport calls.' },
      { name: 'Operations', description: 'Probes, metrics and this document.' },
    ],
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'IMPCARD_API_KEY (`apiKey`): merchant backend only, never in a browser.',
        },
        metricsToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'IMPCARD_METRICS_TOKEN (`metricsToken`): opens GET /metrics only.',
        },
      },
      headers: HEADERS,
      schemas: { Failure: jsonSchemaOf(FailureSchema) },
    },
    paths,
  };
}
