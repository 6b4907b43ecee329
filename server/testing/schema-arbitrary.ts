// fast-check arbitraries from the JSON Schemas of the OpenAPI document: the requests the document
// allows. Covers the keywords the generated document uses; anything else fails loudly.
import fc from 'fast-check';

export type JsonSchema = Record<string, unknown>;

const KNOWN = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'enum',
  'const',
  'pattern',
  'format',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'oneOf',
  'description',
  'examples',
  'title',
  'default',
  '$schema',
]);

function stringArbitrary(s: JsonSchema): fc.Arbitrary<string> {
  const min = (s.minLength as number | undefined) ?? 0;
  const max = (s.maxLength as number | undefined) ?? 64;
  let base: fc.Arbitrary<string>;
  if (typeof s.pattern === 'string') base = fc.stringMatching(new RegExp(s.pattern, 'u'));
  else if (s.format === 'email') base = fc.emailAddress();
  else base = fc.string({ minLength: min, maxLength: Math.min(max, 64) });
  return base.filter((v) => v.length >= min && v.length <= max);
}

/** Values valid against `schema` (a request body, a parameter). */
export function arbitraryOf(schema: JsonSchema): fc.Arbitrary<unknown> {
  for (const key of Object.keys(schema)) {
    if (!KNOWN.has(key)) throw new Error(`schema-arbitrary: unsupported keyword ${key}`);
  }
  if (schema === (false as unknown)) throw new Error('schema-arbitrary: false schema');
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if (Array.isArray(schema.oneOf)) {
    const { oneOf, ...rest } = schema;
    return fc.oneof(...(oneOf as JsonSchema[]).map((branch) => arbitraryOf(merge(rest, branch))));
  }
  switch (schema.type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return fc.integer({
        min: (schema.minimum as number | undefined) ?? -1e9,
        max: (schema.maximum as number | undefined) ?? 1e9,
      });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema | boolean>;
      const required = new Set((schema.required ?? []) as string[]);
      const requiredKeys = Object.keys(properties).filter(
        (k) => required.has(k) && properties[k] !== false,
      );
      const entries = Object.entries(properties).filter(([, p]) => p !== false) as [
        string,
        JsonSchema,
      ][];
      return fc.record(Object.fromEntries(entries.map(([k, p]) => [k, arbitraryOf(p)])), {
        requiredKeys,
      });
    }
    default:
      throw new Error(`schema-arbitrary: unsupported type ${String(schema.type)}`);
  }
}

/** A oneOf branch applied to its parent: the branch's properties narrow or remove the parent's. */
function merge(parent: JsonSchema, branch: JsonSchema): JsonSchema {
  const properties = { ...(parent.properties as object) } as Record<string, unknown>;
  for (const [k, p] of Object.entries((branch.properties ?? {}) as Record<string, unknown>)) {
    properties[k] = p === false ? false : { ...(properties[k] as object), ...(p as object) };
  }
  const required = [
    ...new Set([
      ...((parent.required ?? []) as string[]),
      ...((branch.required ?? []) as string[]),
    ]),
  ];
  return { ...parent, properties, required };
}

/** Any JSON value: the garbage a client may send. */
export const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 2 });
