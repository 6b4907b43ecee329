import { randomBytes } from 'node:crypto';
import { createServer } from '../../app/create-server.ts';
import { jsonLineLogger, type Logger } from '../../app/logger.ts';
import { createRedisStore } from '../../app/store/redis-store.ts';
import { ConfigError } from '../../app/config-error.ts';
import { startSandbox } from '../../sandbox/index.ts';
import { announceStart } from './announce-start.ts';
import { envConfig, inEnvTerms } from './env-config.ts';
import { listenDraining, listenError } from './listen-draining.ts';
import { nodeServerOptions } from './node-server-options.ts';

export interface RunningServer {
  url: string;
  port: number;
  sandboxUrl: string | undefined;
  apiKey: string;
  tokenSecret: string;
  close(): Promise<void>;
}

/**
 * What `npm start` runs: reads the environment, and with no IMP_KEY (nor PORTONE_API_SECRET) starts
 * the sandbox and the demo (sandbox mode), on i'mport V1 or, with IMPCARD_UPSTREAM=portone, V2. Port 0 picks free ports (the end-to-end tests use that). A bad setting
 * rejects with a {@link ConfigError} naming its environment variable, and leaves nothing listening.
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
        throw new ConfigError(`REDIS_URL: cannot use the Redis store (${reason})`, {
          variable: 'REDIS_URL',
          cause: error,
        });
      })
    : undefined;
  const secrets = {
    tokenSecret: config.tokenSecret ?? randomBytes(32).toString('base64url'),
    apiKey: config.apiKey ?? `dev_${randomBytes(18).toString('base64url')}`,
  };

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
  const listener = await listenDraining({
    port: config.port,
    host: config.host,
    // An upstream call (30 s) plus reconciliation.
    drainMs: Number(env.IMPCARD_DRAIN_MS ?? 90_000),
  }).catch(async (error: unknown) => {
    await store?.close?.();
    throw error;
  });
  const shownHost =
    config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${listener.port}`;

  let sandbox: Awaited<ReturnType<typeof startSandbox>> | undefined;
  try {
    sandbox = config.sandbox
      ? await startSandbox({
          port: config.sandboxPort,
          testControls: true,
          webhookUrl: `http://127.0.0.1:${listener.port}/v1/webhooks/iamport`,
          portoneWebhookUrl: `http://127.0.0.1:${listener.port}/v1/webhooks/portone`,
        }).catch((error: unknown) => {
          throw listenError('SANDBOX_PORT', '127.0.0.1', config.sandboxPort, error);
        })
      : undefined;
    const options = nodeServerOptions(config, {
      secrets,
      port: listener.port,
      sandboxUrl: sandbox?.url,
      store,
      logger,
    });
    listener.serve(createServer(options).fetch);
  } catch (error) {
    // Nothing stays listening after a failed start (main exits, a test process carries on).
    await listener.close();
    await sandbox?.close();
    await store?.close?.();
    throw inEnvTerms(error);
  }

  announceStart(
    {
      url,
      sandboxUrl: sandbox?.url,
      iamportUrl: config.impApiUrl ?? 'https://api.iamport.kr',
      upstream: config.sandboxUpstream,
      store: config.redisUrl ? 'redis' : 'memory',
      generated: {
        apiKey: config.apiKey ? undefined : secrets.apiKey,
        tokenSecret: config.tokenSecret ? undefined : secrets.tokenSecret,
      },
    },
    print,
    logger,
  );

  let closing: Promise<void> | undefined;
  return {
    url,
    port: listener.port,
    sandboxUrl: sandbox?.url,
    ...secrets,
    close() {
      closing ??= (async () => {
        await listener.drain();
        await listener.close();
        await sandbox?.close();
        await store?.close?.();
      })();
      return closing;
    },
  };
}
