import type { Context } from 'hono';
import { ServerError } from '../server-error.ts';

/** The optional `Idempotency-Key` header: 1-255 visible ASCII characters. */
export function idempotencyKeyOf(c: Context): string | undefined {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new ServerError(
      'INVALID_REQUEST',
      'Idempotency-Key must be 1-255 visible ASCII characters.',
    );
  }
  return key;
}
