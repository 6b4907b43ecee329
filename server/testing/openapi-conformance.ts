// Validates the sandbox's answers against PortOne's own OpenAPI documents (verbatim copies in
// test/fixtures/portone/, see its README). Neither document can be fed to a JSON Schema validator
// as it is; every adjustment made to read it is listed here, and none loosens a field's type.
import { readFileSync } from 'node:fs';
import { dereference, validate, type OutputUnit, type Schema } from '@cfworker/json-schema';

type Json = Record<string, unknown>;

const fixture = (name: string): Json =>
  JSON.parse(
    readFileSync(new URL(`../../test/fixtures/portone/${name}`, import.meta.url), 'utf8'),
  ) as Json;

/** One checked answer: which operation, which status, what came back. */
export interface CheckedAnswer {
  method: string;
  /** The path template as the document writes it, e.g. `/payments/{paymentId}`. */
  path: string;
  status: number;
  body: unknown;
}

/** Reads a document once and checks answers against its response schemas. */
export interface Conformance {
  /** The problems found (empty when the answer conforms). */
  problems(answer: CheckedAnswer): string[];
}

const BASE = 'https://portone.invalid/openapi.json';

/**
 * Indexes a document's schemas once (a validator built per schema would dereference the whole
 * 1.7 MB document each time) and validates a body against a schema whose `#/…` refs point into it.
 */
function compile(schemas: Json): (schema: Json, body: unknown) => OutputUnit[] {
  const lookup = dereference({ $id: BASE, ...schemas });
  return (schema, body) => {
    const absolute = mapSchemas(schema, (s) =>
      typeof s['$ref'] === 'string' && s['$ref'].startsWith('#')
        ? { ...s, $ref: BASE + s['$ref'] }
        : s,
    ) as Schema;
    return validate(body, absolute, '2019-09', lookup, false).errors;
  };
}

const isObject = (x: unknown): x is Json =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** Applies `fn` to every schema object below `node`, bottom-up, replacing it with the result. */
function mapSchemas(node: unknown, fn: (schema: Json) => Json): unknown {
  if (Array.isArray(node)) return node.map((n) => mapSchemas(n, fn));
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) out[k] = mapSchemas(v, fn);
  return fn(out);
}

/**
 * PortOne V2 (OpenAPI 3.0.3). One adjustment: a `oneOf` with a `discriminator` is read as the
 * discriminator says (the member whose mapping key equals the property's value must match),
 * because its members declare the property as a plain string and so cannot be told apart by
 * `oneOf` alone (an error body with `type: "PAYMENT_NOT_FOUND"` matches every error member). For
 * error bodies, the chosen member's `x-portone-status-code` must also equal the HTTP status.
 */
export function portoneV2Conformance(): Conformance {
  const doc = fixture('portone-v2.openapi.json');
  const components = mapSchemas(doc['components'], (schema) => {
    const discriminator = schema['discriminator'];
    if (!isObject(discriminator) || !Array.isArray(schema['oneOf'])) return schema;
    const property = String(discriminator['propertyName']);
    const mapping = discriminator['mapping'] as Record<string, string>;
    const { oneOf: _members, discriminator: _d, ...rest } = schema;
    return {
      ...rest,
      type: 'object',
      required: [property],
      properties: { [property]: { enum: Object.keys(mapping) } },
      allOf: Object.entries(mapping).map(([value, ref]) => ({
        if: { properties: { [property]: { const: value } } },
        then: { $ref: ref },
      })),
    };
  }) as Json;
  const schemas = (doc['components'] as { schemas: Record<string, Json> }).schemas;
  const paths = doc['paths'] as Record<string, Record<string, Json>>;
  const check = compile({ components });

  return {
    problems({ method, path, status, body }) {
      const operation = paths[path]?.[method.toLowerCase()];
      if (operation === undefined) return [`${method} ${path} is not in the document`];
      const response = (operation['responses'] as Record<string, Json>)[String(status)];
      if (response === undefined) return [`${method} ${path} documents no ${status} answer`];
      const ref = (
        response as { content?: { 'application/json'?: { schema?: { $ref?: string } } } }
      ).content?.['application/json']?.schema?.$ref;
      if (ref === undefined) return [`${method} ${path} ${status} has no JSON schema`];
      const problems = describe(check({ $ref: ref }, body));
      // An error body: its `type` names a member, whose declared status must be the one sent.
      const errorSchema = schemas[ref.split('/').at(-1) ?? ''];
      const mapping = (errorSchema?.['discriminator'] as { mapping?: Record<string, string> })
        ?.mapping;
      if (status >= 400 && mapping !== undefined && isObject(body)) {
        const member = mapping[String(body['type'])];
        const declared =
          member && schemas[member.split('/').at(-1) ?? '']?.['x-portone-status-code'];
        if (declared !== status) {
          problems.push(
            `type ${String(body['type'])} is declared with status ${String(declared)}, sent with ${status}`,
          );
        }
      }
      return problems;
    },
  };
}

/**
 * i'mport / PortOne V1 (Swagger 2.0). Adjustments, all forced by how the document is written:
 * - `maxLength`/`minLength` are written as strings ("32"): read as numbers;
 * - nothing is marked nullable, yet i'mport sends `null` for absent values (`message` on
 *   success, `response` on failure, `vbank_*` on card payments…): a property that is not
 *   `required` also accepts `null`; required properties stay strict;
 * - the 200 answer of `/subscribe/customers/{customer_uid}` lists its two alternatives
 *   (`CustomerResponse`, `SuperBillingKeyResponse`) as if they were properties: read as `anyOf`;
 * - statuses documented by a description only (401, 404) are checked against the envelope
 *   (`ResponseAnnotation`) with `response: null`.
 */
export function portoneV1Conformance(): Conformance {
  const doc = fixture('portone-v1.openapi.json');
  const definitions = mapSchemas(doc['definitions'], (schema) => {
    const out: Json = { ...schema };
    for (const key of ['maxLength', 'minLength']) {
      if (typeof out[key] === 'string') out[key] = Number(out[key]);
    }
    const properties = out['properties'];
    if (isObject(properties)) {
      const required = new Set((out['required'] as string[] | undefined) ?? []);
      out['properties'] = Object.fromEntries(
        Object.entries(properties).map(([name, prop]) => [
          name,
          required.has(name) || !isObject(prop) ? prop : { anyOf: [prop, { type: 'null' }] },
        ]),
      );
    }
    return out;
  }) as Json;
  const paths = doc['paths'] as Record<string, Record<string, Json>>;
  const check = compile({ definitions });

  return {
    problems({ method, path, status, body }) {
      const operation = paths[path]?.[method.toLowerCase()];
      if (operation === undefined) return [`${method} ${path} is not in the document`];
      const response = (operation['responses'] as Record<string, Json>)[String(status)];
      if (response === undefined) return [`${method} ${path} documents no ${status} answer`];
      let schema = response['schema'] as Json | undefined;
      if (schema === undefined) {
        schema = {
          allOf: [{ $ref: '#/definitions/ResponseAnnotation' }],
          properties: { response: { type: 'null' } },
        };
      } else if (
        isObject(schema['properties']) &&
        schema['$ref'] === undefined &&
        schema['allOf'] === undefined
      ) {
        schema = { anyOf: Object.values(schema['properties']) };
      }
      return describe(check(schema, body));
    },
  };
}

/** The leaf errors (where a value is), not the "a subschema had errors" chain above them. */
function describe(errors: OutputUnit[]): string[] {
  const leaves = errors.filter(
    (e) => !/subschema|does not match schema|did not match/.test(e.error),
  );
  return (leaves.length > 0 ? leaves : errors).map((e) => `${e.instanceLocation}: ${e.error}`);
}
