import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createIamportClient } from '../../iamport/index.ts';
import { DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET, startSandbox } from '../../sandbox/index.ts';
import { createServer } from '../create-server.ts';
import { iamportLogEntry, jsonLineLogger, type Logger } from '../logger.ts';
import { createRedisStore } from '../store/redis-store.ts';
import { envConfig } from './env-config.ts';

export interface RunningServer {
  url: string;
  port: number;
  sandboxUrl: string | undefined;
  apiKey: string;
  tokenSecret: string;
  close(): Promise<void>;
}

// The createServer options that main fills from the environment, so a refusal names the variable.
const ENV_OF_OPTION: Record<string, string> = {
  tokenSecret: 'IMPCARD_TOKEN_SECRET',
  apiKey: 'IMPCARD_API_KEY',
  metricsToken: 'IMPCARD_METRICS_TOKEN',
  allowedOrigins: 'IMPCARD_ALLOWED_ORIGINS',
  pg: 'IMPCARD_PG',
  noticeUrl: 'IMPCARD_PUBLIC_URL',
  trustedProxies: 'IMPCARD_TRUSTED_PROXIES',
  rateLimit: 'IMPCARD_RATE_LIMIT',
};

function inEnvTerms(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const match = /^createServer: option "(\w+)(?:\.\w+)?" (.*)$/s.exec(message);
  const variable = match ? ENV_OF_OPTION[match[1]!] : undefined;
  return variable ? new Error(`${variable} ${match![2]}`) : new Error(message);
}

/** A port that cannot be taken, as one line naming the variable to change. */
function listenError(variable: string, host: string, port: number, error: unknown): Error {
  const code = (error as { code?: unknown } | null)?.code;
  return new Error(
    `cannot listen on ${host}:${port} (${typeof code === 'string' ? code : String(error)}); ` +
      `set ${variable} to another port`,
  );
}

/**
 * What `npm start` runs: reads the environment, and with no IMP_KEY starts the i'mport sandbox and
 * the demo (sandbox mode). Port 0 picks free ports (the end-to-end tests use that).
 */
export async function startNodeServer(
  env: Record<string, string | undefined> = process.env,
  options: { logger?: Logger; print?: (line: string) => void } = {},
): Promise<RunningServer> {
  const config = envConfig(env);
  const print = options.print ?? console.log;
  const logger = options.logger ?? jsonLineLogger;
  // Several instances behind a load balancer share replay records and limits through Redis.
  const store = config.redisUrl
    ? await createRedisStore({ url: config.redisUrl }).catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`REDIS_URL: cannot use the Redis store (${reason})`);
      })
    : undefined;
  const tokenSecret = config.tokenSecret ?? randomBytes(32).toString('base64url');
  const apiKey = config.apiKey ?? `dev_${randomBytes(18).toString('base64url')}`;

  if (store && (await store.appendOnly()) === false) {
    logger({
      level: 'warn',
      event: 'redis_without_persistence',
      time: new Date().toISOString(),
      message:
        'Redis has no append-only file (appendonly no): a restart forgets used tokens and replay ' +
        'records, so a used token could register again. Turn on appendonly (docs/operations.md).',
    });
  }
  // How long close() lets requests in flight finish: an upstream call (30 s) plus reconciliation.
  const drainMs = Number(env.IMPCARD_DRAIN_MS ?? 90_000);
  let draining = false;
  let inFlight = 0;
  let idle: (() => void) | undefined;

  // Listen first: the sandbox needs this server's URL for its webhooks, the app needs the sandbox's.
  const target: { fetch?: (request: Request, env: object) => Response | Promise<Response> } = {};
  const { server, address } = await new Promise<{
    server: ReturnType<typeof serve>;
    address: AddressInfo;
  }>((resolve, reject) => {
    const s = serve(
      {
        fetch: (request, bindings) => {
          if (draining) {
            // A request on a kept-alive connection after SIGTERM: another instance answers it.
            return Response.json(
              {
                status: 'failed',
                code: 'UPSTREAM_UNAVAILABLE',
                message: 'This instance is shutting down; try again.',
              },
              { status: 503, headers: { 'Retry-After': '1', Connection: 'close' } },
            );
          }
          return target.fetch
            ? target.fetch(request, bindings)
            : new Response('starting', { status: 503 });
        },
        port: config.port,
        hostname: config.host,
      },
      (info) => resolve({ server: s, address: info }),
    );
    s.once('error', (error) => reject(listenError('PORT', config.host, config.port, error)));
  }).catch(async (error: unknown) => {
    await store?.close?.();
    throw error;
  });
  server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
    inFlight++;
    response.once('close', () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
  });
  /**
   * Stops accepting, lets the requests in flight finish (a payment must not be cut between
   * i'mport's answer and ours; each releases its locks), bounded by IMPCARD_DRAIN_MS.
   */
  const drain = async () => {
    draining = true;
    server.close();
    if ('closeIdleConnections' in server) server.closeIdleConnections();
    if (inFlight > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, drainMs);
        idle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };
  const closeServer = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      if ('closeAllConnections' in server) server.closeAllConnections();
    });
  const shownHost =
    config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${address.port}`;
  const selfWebhook = `http://127.0.0.1:${address.port}/v1/webhooks/iamport`;

  let sandbox: Awaited<ReturnType<typeof startSandbox>> | undefined;
  let app: ReturnType<typeof createServer>;
  try {
    sandbox = config.sandbox
      ? await startSandbox({
          port: config.sandboxPort,
          testControls: true,
          webhookUrl: selfWebhook,
        }).catch((error: unknown) => {
          throw listenError('SANDBOX_PORT', '127.0.0.1', config.sandboxPort, error);
        })
      : undefined;
    app = buildApp(sandbox);
  } catch (error) {
    // Nothing stays listening after a failed start (main exits, a test process carries on).
    await closeServer();
    await sandbox?.close();
    await store?.close?.();
    throw inEnvTerms(error);
  }
  target.fetch = app.fetch;

  function buildApp(started: { url: string } | undefined): ReturnType<typeof createServer> {
    const allowedOrigins = [...config.allowedOrigins];
    if (config.sandbox) {
      for (const origin of [
        `http://localhost:${address.port}`,
        `http://127.0.0.1:${address.port}`,
      ]) {
        if (!allowedOrigins.includes(origin)) allowedOrigins.push(origin);
      }
    }
    const iamport = createIamportClient({
      impKey: config.impKey ?? DEFAULT_IMP_KEY,
      impSecret: config.impSecret ?? DEFAULT_IMP_SECRET,
      ...(started
        ? { baseUrl: started.url }
        : config.impApiUrl
          ? { baseUrl: config.impApiUrl }
          : {}),
      includeSandbox: config.includeSandbox,
      logger: (event) => logger(iamportLogEntry(event, new Date().toISOString())),
    });
    return createServer({
      iamport,
      tokenSecret,
      apiKey,
      ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
      allowedOrigins,
      ...(config.pg ? { pg: config.pg } : {}),
      logger,
      ...(store ? { store } : {}),
      rateLimit: config.rateLimit,
      trustedProxies: config.trustedProxies,
      ...(config.publicUrl ? { noticeUrl: `${config.publicUrl}/v1/webhooks/iamport` } : {}),
      ...(started ? { demo: { sandboxUrl: started.url } } : {}),
    });
  }

  if (sandbox) {
    print('');
    print('  ┌──────────────────────────────────────────────────────────┐');
    print('  │  SANDBOX MODE — no real money moves (IMP_KEY is not set)  │');
    print('  └──────────────────────────────────────────────────────────┘');
    print(`  demo:            ${url}/`);
    print(`  i'mport sandbox: ${sandbox.url} (test controls under /__sandbox/)`);
    if (!config.apiKey) print(`  IMPCARD_API_KEY (generated): ${apiKey}`);
    if (!config.tokenSecret) print(`  IMPCARD_TOKEN_SECRET (generated): ${tokenSecret}`);
    print('');
    logger({
      level: 'warn',
      event: 'sandbox_mode',
      time: new Date().toISOString(),
      message: 'SANDBOX MODE — no real money moves',
      url,
    });
  } else {
    logger({
      level: 'info',
      event: 'server.started',
      time: new Date().toISOString(),
      url,
      iamport_url: config.impApiUrl ?? 'https://api.iamport.kr',
      store: config.redisUrl ? 'redis' : 'memory',
    });
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    sandboxUrl: sandbox?.url,
    apiKey,
    tokenSecret,
    close() {
      closing ??= (async () => {
        await drain();
        await closeServer();
        await sandbox?.close();
        await store?.close?.();
      })();
      return closing;
    },
  };
}
