// The floor of the refusal path (bare-hono-app.ts) in its own process.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { bareHonoApp } from './bare-hono-app.ts';
import { announce } from './child-ipc.ts';

const app = bareHonoApp(process.env.BENCH_TOKEN_SECRET ?? '');
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
announce(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
