// The floor of the refusal path: a bare Hono app making each refusal the bench sends impcard, and
// nothing else (no request id, security headers, logs, metrics, store or CORS): the body validated
// with the same valibot schema, the token's HS256 signature checked with node:crypto's HMAC (the
// cheapest there is on Node), and under /limited a per-IP counter in a Map refusing with 429
// before the body is read.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { vValidator } from '@hono/valibot-validator';
import { Hono } from 'hono';
import { RegistrationRequestSchema } from '../../widget/contract/index.ts';
import { announce } from './child-ipc.ts';

const secret = process.env.BENCH_TOKEN_SECRET ?? '';

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

const LIMIT = 30;
const WINDOW_MS = 60_000;
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

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
announce(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
