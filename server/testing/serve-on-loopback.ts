import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

type FetchHandler = (request: Request, env: object) => Response | Promise<Response>;

export interface Served {
  url: string;
  port: number;
  /** Closes the server and its open connections (keep-alive ones would hold it open). */
  close: () => Promise<void>;
}

/** Serves `fetch` with @hono/node-server on a free port of 127.0.0.1. */
export async function serveOnLoopback(fetch: FetchHandler): Promise<Served> {
  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
