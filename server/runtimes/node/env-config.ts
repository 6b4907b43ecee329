import { ConfigError, isConfigError } from '../../app/config-error.ts';
import { rateLimitFromEnv, type RateLimitOptions } from '../../app/middleware/rate-limit.ts';

/** Everything `server/main.ts` reads from the environment, checked. */
export interface EnvConfig {
  port: number;
  host: string;
  /** Sandbox mode: neither IMP_KEY nor PORTONE_API_SECRET. */
  sandbox: boolean;
  /**
   * IMPCARD_UPSTREAM: which API sandbox mode runs on, `iamport` (V1, the default) or `portone`
   * (V2); set beside keys, it must name the version they select.
   */
  sandboxUpstream: 'iamport' | 'portone';
  sandboxPort: number;
  impKey: string | undefined;
  impSecret: string | undefined;
  impApiUrl: string | undefined;
  /** IMP_INCLUDE_SANDBOX: webhook re-queries also find i'mport test-channel payments. */
  includeSandbox: boolean;
  /** PORTONE_API_SECRET: selects PortOne V2 instead of i'mport V1. */
  portoneApiSecret: string | undefined;
  portoneApiUrl: string | undefined;
  portoneStoreId: string | undefined;
  portoneChannelKey: string | undefined;
  portoneWebhookSecret: string | undefined;
  tokenSecret: string | undefined;
  apiKey: string | undefined;
  /** IMPCARD_METRICS_TOKEN: a bearer token that opens GET /metrics only. */
  metricsToken: string | undefined;
  allowedOrigins: string[];
  pg: string | undefined;
  redisUrl: string | undefined;
  publicUrl: string | undefined;
  trustedProxies: string[];
  rateLimit: RateLimitOptions | false;
}

// The createServer options the Node entry fills from the environment, so a refusal of one names
// the variable to change rather than an option the operator never wrote.
const VARIABLE_OF_OPTION: Record<string, string> = {
  tokenSecret: 'IMPCARD_TOKEN_SECRET',
  apiKey: 'IMPCARD_API_KEY',
  metricsToken: 'IMPCARD_METRICS_TOKEN',
  allowedOrigins: 'IMPCARD_ALLOWED_ORIGINS',
  pg: 'IMPCARD_PG',
  noticeUrl: 'IMPCARD_PUBLIC_URL',
  trustedProxies: 'IMPCARD_TRUSTED_PROXIES',
  rateLimit: 'IMPCARD_RATE_LIMIT',
};

function portOf(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw ConfigError.forVariable(name, `must be a port number (0-65535), got "${raw}"`);
  }
  return port;
}

function flagOf(name: string, raw: string | undefined): boolean {
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw ConfigError.forVariable(name, `must be true or false, got "${raw}"`);
}

/** An http(s) URL, or unset; `api.iamport.kr` without a scheme would fail at the first call. */
function httpUrlOf(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw ConfigError.forVariable(name, 'must be an http:// or https:// URL');
  }
  return raw;
}

const list = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The environment read leniently: every refused variable, and defaults in their place. */
export interface EnvReading {
  config: EnvConfig;
  /** One per refused variable, in the order `envConfig` would meet them. */
  problems: ConfigError[];
}

/**
 * Reads the environment without stopping at the first refusal (what `impcard check` lists); a
 * refused value reads as its default.
 */
export function readEnvConfig(env: Record<string, string | undefined>): EnvReading {
  const problems: ConfigError[] = [];
  const attempt = <T>(read: () => T, fallback: T): T => {
    try {
      return read();
    } catch (error) {
      if (!isConfigError(error)) throw error;
      problems.push(error);
      return fallback;
    }
  };
  const impKey = env.IMP_KEY || undefined;
  const portoneApiSecret = env.PORTONE_API_SECRET || undefined;
  const sandbox = impKey === undefined && portoneApiSecret === undefined;
  if (impKey !== undefined && portoneApiSecret !== undefined) {
    problems.push(
      ConfigError.forVariable(
        'PORTONE_API_SECRET',
        'selects PortOne V2 and cannot be set with IMP_KEY (V1): configure one version',
      ),
    );
  }
  if (impKey !== undefined) {
    for (const name of ['IMP_SECRET', 'IMPCARD_TOKEN_SECRET', 'IMPCARD_API_KEY'] as const) {
      if (!env[name])
        problems.push(ConfigError.forVariable(name, 'is required when IMP_KEY is set'));
    }
  } else if (portoneApiSecret !== undefined) {
    for (const name of [
      'PORTONE_CHANNEL_KEY',
      'IMPCARD_TOKEN_SECRET',
      'IMPCARD_API_KEY',
    ] as const) {
      if (!env[name]) {
        problems.push(ConfigError.forVariable(name, 'is required when PORTONE_API_SECRET is set'));
      }
    }
  }
  const upstream = env.IMPCARD_UPSTREAM || undefined;
  let sandboxUpstream: 'iamport' | 'portone' = 'iamport';
  if (upstream !== undefined && upstream !== 'iamport' && upstream !== 'portone') {
    problems.push(
      ConfigError.forVariable('IMPCARD_UPSTREAM', `must be iamport or portone, got "${upstream}"`),
    );
  } else if (upstream !== undefined) {
    const keyed =
      portoneApiSecret !== undefined ? 'portone' : impKey !== undefined ? 'iamport' : undefined;
    if (keyed !== undefined && keyed !== upstream) {
      problems.push(
        ConfigError.forVariable(
          'IMPCARD_UPSTREAM',
          `is ${upstream} but ${keyed === 'portone' ? 'PORTONE_API_SECRET' : 'IMP_KEY'} selects ${keyed}`,
        ),
      );
    } else {
      sandboxUpstream = upstream;
    }
  }
  const config: EnvConfig = {
    port: attempt(() => portOf('PORT', env.PORT, 8787), 8787),
    host: env.HOST || '127.0.0.1',
    sandbox,
    sandboxUpstream,
    sandboxPort: attempt(() => portOf('SANDBOX_PORT', env.SANDBOX_PORT, 8788), 8788),
    impKey,
    impSecret: env.IMP_SECRET || undefined,
    impApiUrl: attempt(() => httpUrlOf('IMP_API_URL', env.IMP_API_URL), undefined),
    includeSandbox: attempt(() => flagOf('IMP_INCLUDE_SANDBOX', env.IMP_INCLUDE_SANDBOX), false),
    portoneApiSecret,
    portoneApiUrl: attempt(() => httpUrlOf('PORTONE_API_URL', env.PORTONE_API_URL), undefined),
    portoneStoreId: env.PORTONE_STORE_ID || undefined,
    portoneChannelKey: env.PORTONE_CHANNEL_KEY || undefined,
    portoneWebhookSecret: env.PORTONE_WEBHOOK_SECRET || undefined,
    tokenSecret: env.IMPCARD_TOKEN_SECRET || undefined,
    apiKey: env.IMPCARD_API_KEY || undefined,
    metricsToken: env.IMPCARD_METRICS_TOKEN || undefined,
    allowedOrigins: list(env.IMPCARD_ALLOWED_ORIGINS),
    pg: env.IMPCARD_PG || undefined,
    redisUrl: env.REDIS_URL || undefined,
    // `/` alone stays itself, to be refused as no URL rather than read as unset.
    publicUrl: env.IMPCARD_PUBLIC_URL
      ? env.IMPCARD_PUBLIC_URL.replace(/\/+$/, '') || env.IMPCARD_PUBLIC_URL
      : undefined,
    trustedProxies: list(env.IMPCARD_TRUSTED_PROXIES),
    rateLimit: attempt<RateLimitOptions | false>(() => rateLimitFromEnv(env), {}),
  };
  return { config, problems };
}

/** Reads and checks the environment; throws a {@link ConfigError} naming the variable. */
export function envConfig(env: Record<string, string | undefined>): EnvConfig {
  const { config, problems } = readEnvConfig(env);
  if (problems[0]) throw problems[0];
  return config;
}

/**
 * A refusal of an option the Node entry filled from the environment, said of its variable
 * (`IMPCARD_TOKEN_SECRET must be …`); anything else as it is.
 */
export function inEnvTerms(error: unknown): unknown {
  if (!isConfigError(error) || error.variable !== undefined || error.option === undefined) {
    return error;
  }
  const variable = VARIABLE_OF_OPTION[error.option.split('.')[0]!];
  return variable ? error.inVariable(variable) : error;
}
