import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createSandbox } from './create-sandbox.ts';
import type { Sandbox, SandboxOptions } from './types.ts';

export interface StartSandboxOptions extends SandboxOptions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to bind. @default '127.0.0.1' */
  hostname?: string;
}

export interface RunningSandbox {
  /**
   * Base URL to give an i'mport client (`IMP_API_URL`) or a PortOne V2 client (`PORTONE_API_URL`,
   * the SDK's `baseUrl`), e.g. `http://127.0.0.1:8788`.
   */
  url: string;
  port: number;
  sandbox: Sandbox;
  /** Stops listening, ends open connections (including hanging ones) and waits for webhooks. */
  close(): Promise<void>;
}

/** Creates a sandbox and serves it over HTTP with @hono/node-server. */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const { port = 0, hostname = '127.0.0.1', ...sandboxOptions } = options;
  const sandbox = createSandbox(sandboxOptions);
  const { server, address } = await new Promise<{
    server: ReturnType<typeof serve>;
    address: AddressInfo;
  }>((resolve, reject) => {
    const s = serve({ fetch: sandbox.app.fetch, port, hostname }, (info) =>
      resolve({ server: s, address: info }),
    );
    s.once('error', reject);
  });
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    sandbox,
    close() {
      closing ??= new Promise<void>((resolve) => {
        sandbox.releaseHangs();
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }).then(() => sandbox.webhooksSettled());
      return closing;
    },
  };
}
