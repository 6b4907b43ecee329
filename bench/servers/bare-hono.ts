// The floor for the rejection path: a bare Hono app that validates the registration body with the
// same valibot schema and rejects it, with nothing else (no token, no store, no logging).
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { vValidator } from '@hono/valibot-validator';
import { Hono } from 'hono';
import { RegistrationRequestSchema } from '../../widget/contract/index.ts';
import { announce } from './child-ipc.ts';

const app = new Hono();
app.post(
  '/v1/registrations',
  vValidator('json', RegistrationRequestSchema, (result, c) =>
    result.success ? undefined : c.json({ status: 'failed', code: 'INVALID_REQUEST' }, 400),
  ),
  (c) => c.json({ status: 'failed', code: 'TOKEN_INVALID' }, 401),
);

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
announce(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
