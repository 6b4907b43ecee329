import { Hono } from 'hono';
import { ok } from '../envelope.ts';
import { pgSettings } from '../pg-channels.ts';

/** `GET /users/pg`: the PG channels configured in the (sandbox) console. */
export function pgSettingRoutes(): Hono {
  return new Hono().get('/users/pg', (c) => ok(c, pgSettings()));
}
