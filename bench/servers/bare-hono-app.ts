// The floor of the refusal path: a bare Hono app making each refusal the bench sends impcard, and
// nothing else (no request id, security headers, logs, metrics, store or CORS): the body validated
// with the same valibot schema, the token's HS256 signature checked with node:crypto's HMAC (the
// cheapest there is on Node), and under /limited a per-IP counter in a Map refusing with 429
// before the body is read. Served by bench/servers/bare-hono.ts; measured in-process by
// bench/refusal-cost.ts.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { vValidator } from '@hono/valibot-validator';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { RegistrationRequestSchema } from '../../widget/contract/index.ts';

const LIMIT = 30;
const WINDOW_MS = 60_000;

export function bareHonoApp(secret: string): Hono {
  function signatureOk(token: string): boolean {
    const dot = token.lastIndexOf('.');
    if (dot < 0) return false;
    const expected = createHmac('sha256', secret).update(token.slice(0, dot)).digest();
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  const app = new Hono();
  app.post(
    '/v1/registrations',
    vValidator('json', RegistrationRequestSchema, (result, c) =>
      result.success ? undefined : c.json({ status: 'failed', code: 'INVALID_REQUEST' }, 400),
    ),
    (c) =>
      signatureOk(c.req.valid('json').token)
        ? c.json({ status: 'failed', code: 'NOT_IMPLEMENTED' }, 501)
        : c.json({ status: 'failed', code: 'TOKEN_INVALID' }, 401),
  );

  // hono/validator's own refusal of a body that is not JSON is an HTTPException whose plain-text
  // Response @hono/node-server streams out chunked: answered as the others are, it costs less.
  app.onError((error, c) =>
    error instanceof HTTPException
      ? c.json({ status: 'failed', code: 'INVALID_REQUEST' }, error.status)
      : c.json({ status: 'failed', code: 'INTERNAL_ERROR' }, 500),
  );

  const counts = new Map<string, number>();
  app.post('/limited/v1/registrations', (c) => {
    const window = Math.floor(Date.now() / WINDOW_MS) * WINDOW_MS;
    const key = `${getConnInfo(c).remote.address ?? ''}:${window}`;
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    if (count > LIMIT) {
      c.header('Retry-After', String(Math.ceil((window + WINDOW_MS - Date.now()) / 1000)));
      return c.json({ status: 'failed', code: 'RATE_LIMITED' }, 429);
    }
    return c.json({ status: 'failed', code: 'NOT_IMPLEMENTED' }, 501);
  });
  return app;
}
