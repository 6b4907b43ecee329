// The floor of any server between the widget and i'mport: a bare Hono app that forwards the card to
// `POST /subscribe/customers/{uid}` with an i'mport token fetched once, over one undici `Pool` (the
// HTTP client impcard uses, without its timeout, retries or log event), and answers its JSON. No token check, validation, store, logging or security headers: the
// difference between this and a direct upstream call is the cost of one more process on the path.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { Pool } from 'undici';
import { DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET } from '../../server/sandbox/index.ts';
import { announce } from './child-ipc.ts';

const upstream = process.env.BENCH_UPSTREAM_URL ?? '';
const pool = new Pool(upstream, { keepAliveTimeout: 30_000 });
let accessToken: Promise<string> | undefined;
const tokenOnce = () =>
  (accessToken ??= fetch(`${upstream}/users/getToken`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ imp_key: DEFAULT_IMP_KEY, imp_secret: DEFAULT_IMP_SECRET }),
  })
    .then((r) => r.json() as Promise<{ response: { access_token: string } }>)
    .then((answer) => answer.response.access_token));

const app = new Hono();
app.post('/billings', async (c) => {
  const { customer_uid, ...card } = await c.req.json<{ customer_uid: string }>();
  const answer = await pool.request({
    method: 'POST',
    path: `/subscribe/customers/${customer_uid}`,
    headers: { authorization: await tokenOnce(), 'content-type': 'application/json' },
    body: JSON.stringify(card),
  });
  const { code, message } = (await answer.body.json()) as { code: number; message: string };
  return c.json({ status: code === 0 ? 'success' : 'failed', message });
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
announce(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
