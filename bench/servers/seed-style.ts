// The naive integration impcard replaces, written as the i'mport card-registration guide (seed
// 004) does it: on every request, POST /users/getToken, then POST /subscribe/customers/{uid} with
// the card. The guide uses Express and axios; this uses Hono and the built-in fetch (keep-alive),
// which is cheaper, so the comparison flatters the baseline rather than impcard.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET } from '../../server/sandbox/index.ts';
import { announce } from './child-ipc.ts';

interface SeedBody {
  customer_uid: string;
  card_number: string;
  expiry: string;
  birth: string;
  pwd_2digit: string;
}

const upstream = process.env.BENCH_UPSTREAM_URL ?? '';
const app = new Hono();
app.post('/billings', async (c) => {
  try {
    const { customer_uid, card_number, expiry, birth, pwd_2digit } = await c.req.json<SeedBody>();
    const getToken = await fetch(`${upstream}/users/getToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ imp_key: DEFAULT_IMP_KEY, imp_secret: DEFAULT_IMP_SECRET }),
    });
    const { access_token } = ((await getToken.json()) as { response: { access_token: string } })
      .response;
    const issueBilling = await fetch(`${upstream}/subscribe/customers/${customer_uid}`, {
      method: 'POST',
      headers: { authorization: access_token, 'content-type': 'application/json' },
      body: JSON.stringify({ card_number, expiry, birth, pwd_2digit }),
    });
    const { code, message } = (await issueBilling.json()) as { code: number; message: string };
    return code === 0
      ? c.json({ status: 'success', message: 'Billing has successfully issued' })
      : c.json({ status: 'failed', message });
  } catch {
    return c.json({ status: 'failed' }, 400);
  }
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
announce(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
