import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type ServerOptions as NodeServerOptions,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { ConfigError } from '../../app/config-error.ts';
import { ServerError } from '../../app/server-error.ts';
import { DEFAULT_BODY_LIMIT_BYTES } from '../../app/resolve-options.ts';
import { DEFAULT_BODY_GUARD, guardBodies, type BodyGuardOptions } from './guard-bodies.ts';

/** What answers the requests once the app is built: Hono's `app.fetch`. */
export type FetchHandler = (request: Request, env: object) => Response | Promise<Response>;

export interface ListenDrainingOptions {
  port: number;
  host: string;
  /** How long {@link DrainingListener.drain} lets requests in flight finish. */
  drainMs: number;
  /** How request bodies are read (guard-bodies.ts); the app's default limit unless given. */
  bodyGuard?: Partial<BodyGuardOptions> | undefined;
}

export interface DrainingListener {
  /** The port taken (the one asked for, or a free one for 0). */
  port: number;
  /** Starts answering with `fetch`; until then every request is a 503 "starting". */
  serve(fetch: FetchHandler): void;
  /**
   * Stops accepting and lets the requests in flight finish (a payment must not be cut between
   * i'mport's answer and ours; each releases its locks), for at most `drainMs`.
   */
  drain(): Promise<void>;
  /** Closes the listener and every connection left. */
  close(): Promise<void>;
}

/**
 * A port that cannot be taken, as one line naming the variable to change.
 */
export function listenError(variable: string, host: string, port: number, error: unknown): Error {
  const code = (error as { code?: unknown } | null)?.code;
  return new ConfigError(
    `cannot listen on ${host}:${port} (${typeof code === 'string' ? code : String(error)}); ` +
      `set ${variable} to another port`,
    { variable, cause: error },
  );
}

/**
 * Listens on `PORT` before the app exists (the sandbox needs this server's URL for its webhooks,
 * the app needs the sandbox's), counting requests in flight so that a shutdown can wait for them.
 */
export async function listenDraining(options: ListenDrainingOptions): Promise<DrainingListener> {
  const bodyGuard: BodyGuardOptions = {
    limitBytes: DEFAULT_BODY_LIMIT_BYTES,
    ...DEFAULT_BODY_GUARD,
    ...options.bodyGuard,
  };
  let app: FetchHandler | undefined;
  let draining = false;
  let inFlight = 0;
  let idle: (() => void) | undefined;
  const shuttingDown = new ServerError(
    'UPSTREAM_UNAVAILABLE',
    'This instance is shutting down; try again.',
    { retryAfter: 1 },
  );
  const { server, address } = await new Promise<{
    server: ReturnType<typeof serve>;
    address: AddressInfo;
  }>((resolve, reject) => {
    const s = serve(
      {
        fetch: (request, bindings) => {
          if (draining) {
            // A request on a kept-alive connection after SIGTERM: another instance answers it.
            const refused = shuttingDown.getResponse();
            refused.headers.set('Connection', 'close');
            return refused;
          }
          return app ? app(request, bindings) : new Response('starting', { status: 503 });
        },
        port: options.port,
        hostname: options.host,
        // serve() calls it with its options and @hono/node-server's listener.
        createServer: ((serverOptions: NodeServerOptions, listener: RequestListener) =>
          createServer(serverOptions, guardBodies(listener, bodyGuard))) as typeof createServer,
      },
      (info) => resolve({ server: s, address: info }),
    );
    s.once('error', (error) => reject(listenError('PORT', options.host, options.port, error)));
  });
  // One listener for every answer, not a closure per request.
  const answered = () => {
    inFlight--;
    if (inFlight === 0) idle?.();
  };
  server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
    inFlight++;
    response.once('close', answered);
  });
  return {
    port: address.port,
    serve(fetch) {
      app = fetch;
    },
    async drain() {
      draining = true;
      server.close();
      if ('closeIdleConnections' in server) server.closeIdleConnections();
      if (inFlight === 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.drainMs);
        idle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
