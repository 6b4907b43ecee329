// The contract app on Node (@hono/node-server, as `impcard` serves it).
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { contractApp, contractUpstreamOf } from './contract-app.ts';

const app = contractApp(
  (c) => getConnInfo(c).remote.address,
  contractUpstreamOf(process.env.CONTRACT_UPSTREAM),
);
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
  console.log(`listening on http://127.0.0.1:${info.port}`),
);
process.once('SIGTERM', () => server.close(() => process.exit(0)));
