import type { Logger } from '../../app/logger.ts';
import { iamportLogEntry } from '../../app/logger.ts';
import type { ServerOptions } from '../../app/server-options.ts';
import type { Store } from '../../app/store/store.ts';
import { createIamportClient } from '../../iamport/index.ts';
import {
  DEFAULT_IMP_KEY,
  DEFAULT_IMP_SECRET,
  DEFAULT_PORTONE_API_SECRET,
  DEFAULT_PORTONE_CHANNEL_KEY,
  DEFAULT_PORTONE_WEBHOOK_SECRET,
} from '../../sandbox/index.ts';
import type { EnvConfig } from './env-config.ts';

/** What the Node entry knows besides the environment when it builds the app. */
export interface NodeServerContext {
  secrets: { tokenSecret: string; apiKey: string };
  port: number;
  /** The sandbox started in sandbox mode. */
  sandboxUrl: string | undefined;
  store: Store | undefined;
  logger: Logger;
}

/**
 * PortOne V2 when PORTONE_API_SECRET is set, else i'mport V1; in sandbox mode the sandbox's side
 * IMPCARD_UPSTREAM names, with its default credentials.
 */
function upstreamOptions(
  config: EnvConfig,
  sandboxUrl: string | undefined,
  logger: Logger,
): Pick<
  ServerOptions,
  | 'iamport'
  | 'portoneApiSecret'
  | 'portoneApiUrl'
  | 'portoneStoreId'
  | 'portoneChannelKey'
  | 'portoneWebhookSecret'
> {
  if (config.sandbox && config.sandboxUpstream === 'portone' && sandboxUrl !== undefined) {
    return {
      portoneApiSecret: DEFAULT_PORTONE_API_SECRET,
      portoneApiUrl: sandboxUrl,
      portoneChannelKey: DEFAULT_PORTONE_CHANNEL_KEY,
      portoneWebhookSecret: DEFAULT_PORTONE_WEBHOOK_SECRET,
    };
  }
  if (config.portoneApiSecret !== undefined) {
    return {
      portoneApiSecret: config.portoneApiSecret,
      portoneApiUrl: config.portoneApiUrl,
      portoneStoreId: config.portoneStoreId,
      portoneChannelKey: config.portoneChannelKey,
      portoneWebhookSecret: config.portoneWebhookSecret,
    };
  }
  const baseUrl = sandboxUrl ?? config.impApiUrl;
  const iamport = createIamportClient({
    impKey: config.impKey ?? DEFAULT_IMP_KEY,
    impSecret: config.impSecret ?? DEFAULT_IMP_SECRET,
    ...(baseUrl ? { baseUrl } : {}),
    includeSandbox: config.includeSandbox,
    logger: (event) => logger(iamportLogEntry(event, new Date().toISOString())),
  });
  return { iamport };
}

/** The webhook route of the upstream the options select. */
export function webhookPathOf(upstream: Pick<ServerOptions, 'portoneApiSecret'>): string {
  return upstream.portoneApiSecret !== undefined ? '/v1/webhooks/portone' : '/v1/webhooks/iamport';
}

/**
 * The `createServer` options of the environment, as `npm start` passes them; `impcard check`
 * holds the same options to `createServer`'s own checks, so it refuses what start-up refuses.
 */
export function nodeServerOptions(config: EnvConfig, context: NodeServerContext): ServerOptions {
  const { secrets, port, sandboxUrl, store, logger } = context;
  const allowedOrigins = [...config.allowedOrigins];
  if (config.sandbox) {
    for (const origin of [`http://localhost:${port}`, `http://127.0.0.1:${port}`]) {
      if (!allowedOrigins.includes(origin)) allowedOrigins.push(origin);
    }
  }
  const upstream = upstreamOptions(config, sandboxUrl, logger);
  return {
    ...upstream,
    ...secrets,
    ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
    allowedOrigins,
    ...(config.pg ? { pg: config.pg } : {}),
    logger,
    ...(store ? { store } : {}),
    rateLimit: config.rateLimit,
    trustedProxies: config.trustedProxies,
    ...(config.publicUrl ? { noticeUrl: `${config.publicUrl}${webhookPathOf(upstream)}` } : {}),
    ...(sandboxUrl ? { demo: { sandboxUrl } } : {}),
  };
}
