import type { Context } from 'hono';
import * as v from 'valibot';
import { ServerError } from '../server-error.ts';

/** The `Idempotency-Key` header's rule (also the OpenAPI document's). */
export const IdempotencyKeySchema = v.pipe(
  v.string(),
  v.regex(/^[\x21-\x7e]{1,255}$/),
  v.description('1-255 visible ASCII characters, e.g. a UUID.'),
  v.examples(['8e0f3f5c-4b1e-4f5e-9a51-0c2b6f2f4a10']),
);

/** The optional `Idempotency-Key` header: 1-255 visible ASCII characters. */
export function idempotencyKeyOf(c: Context): string | undefined {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return undefined;
  if (!v.is(IdempotencyKeySchema, key)) {
    throw new ServerError(
      'INVALID_REQUEST',
      'Idempotency-Key must be 1-255 visible ASCII characters.',
    );
  }
  return key;
}
