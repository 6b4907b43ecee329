import type { MiddlewareHandler } from 'hono';
import { sha256 as digest } from '../crypto/sha256.ts';
import { ServerError } from '../server-error.ts';

/**
 * `Authorization: Bearer <key>` for the merchant routes, compared in constant time. Any of `keys`
 * is accepted (`/metrics` takes the API key or its own token).
 */
export function apiKeyAuth(...keys: string[]): MiddlewareHandler {
  const expected = Promise.all(keys.map(digest));
  return async function apiKeyAuthMiddleware(c, next) {
    const match = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '');
    const given = await digest(match?.[1]?.trim() ?? '');
    let accepted = false;
    for (const want of await expected) {
      let diff = match ? 0 : 1;
      for (let i = 0; i < want.length; i++) diff |= want[i]! ^ given[i]!;
      accepted ||= diff === 0;
    }
    if (!accepted) {
      c.header('WWW-Authenticate', 'Bearer');
      throw new ServerError(
        'UNAUTHORIZED',
        'A valid API key is required (Authorization: Bearer …).',
      );
    }
    await next();
  };
}
