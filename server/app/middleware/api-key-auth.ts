import type { MiddlewareHandler } from 'hono';
import { ServerError } from '../server-error.ts';

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/** `Authorization: Bearer <apiKey>` for the merchant routes, compared in constant time. */
export function apiKeyAuth(apiKey: string): MiddlewareHandler {
  const expected = digest(apiKey);
  return async function apiKeyAuthMiddleware(c, next) {
    const match = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '');
    const given = await digest(match?.[1]?.trim() ?? '');
    const want = await expected;
    let diff = match ? 0 : 1;
    for (let i = 0; i < want.length; i++) diff |= want[i]! ^ given[i]!;
    if (diff !== 0) {
      c.header('WWW-Authenticate', 'Bearer');
      throw new ServerError(
        'UNAUTHORIZED',
        'A valid API key is required (Authorization: Bearer …).',
      );
    }
    await next();
  };
}
