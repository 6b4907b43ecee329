// The client's address on Node reaches the app without the app importing anything of Node: through
// the bindings @hono/node-server passes (`impcard`, a merchant's own `serve()`, `nodeHandler`).
// Each server trusts its loopback peer as a proxy, so distinct X-Forwarded-For clients get distinct
// rate-limit buckets only when the peer address was really seen ('unknown' would be one bucket).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { createServer } from '../../app/create-server.ts';
import {
  API_KEY,
  TOKEN_SECRET,
  createInProcessIamport,
  serveOnLoopback,
} from '../../testing/index.ts';
import { nodeHandler } from './node-handler.ts';
import { startNodeServer } from './start-node-server.ts';

function app() {
  return createServer({
    iamport: createInProcessIamport().iamport,
    tokenSecret: TOKEN_SECRET,
    apiKey: API_KEY,
    logger: false,
    trustedProxies: ['127.0.0.1'],
    rateLimit: { perIp: { limit: 1, windowMs: 60_000 } },
  });
}

/** Statuses of three invalid registrations: from client A, client B, then A again. */
async function perClient(url: string): Promise<number[]> {
  const statuses: number[] = [];
  for (const client of ['192.0.2.1', '192.0.2.2', '192.0.2.1']) {
    const res = await fetch(`${url}/v1/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
      body: '{}',
    });
    await res.arrayBuffer();
    statuses.push(res.status);
  }
  return statuses;
}

describe('the client address on Node', () => {
  it('comes from the socket with @hono/node-server’s serve()', async () => {
    const served = await serveOnLoopback(app().fetch);
    try {
      assert.deepEqual(await perClient(served.url), [400, 400, 429]);
    } finally {
      await served.close();
    }
  });

  it('comes from the socket through nodeHandler in a plain http server', async () => {
    const handler = nodeHandler(app());
    const server = createHttpServer((req, res) => void handler(req, res)).listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      assert.deepEqual(await perClient(`http://127.0.0.1:${port}`), [400, 400, 429]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('comes from the socket in the impcard command’s server', async () => {
    const running = await startNodeServer(
      {
        PORT: '0',
        SANDBOX_PORT: '0',
        IMPCARD_TRUSTED_PROXIES: '127.0.0.1',
        IMPCARD_RATE_LIMIT_IP: '1/60',
      },
      { print: () => {}, logger: () => {} },
    );
    try {
      assert.deepEqual(await perClient(`http://127.0.0.1:${running.port}`), [400, 400, 429]);
    } finally {
      await running.close();
    }
  });
});
