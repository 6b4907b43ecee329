import { rateLimitFromEnv, type RateLimitOptions } from '../middleware/rate-limit.ts';

/** Everything `server/main.ts` reads from the environment, checked. */
export interface EnvConfig {
  port: number;
  host: string;
  /** Sandbox mode: no IMP_KEY. */
  sandbox: boolean;
  sandboxPort: number;
  impKey: string | undefined;
  impSecret: string | undefined;
  impApiUrl: string | undefined;
  /** IMP_INCLUDE_SANDBOX: webhook re-queries also find i'mport test-channel payments. */
  includeSandbox: boolean;
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

function portOf(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new TypeError(`${name} must be a port number (0-65535), got "${raw}"`);
  }
  return port;
}

function flagOf(name: string, raw: string | undefined): boolean {
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new TypeError(`${name} must be true or false, got "${raw}"`);
}

const list = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Reads and checks the environment; throws a TypeError naming the variable. */
export function envConfig(env: Record<string, string | undefined>): EnvConfig {
  const impKey = env.IMP_KEY || undefined;
  const sandbox = impKey === undefined;
  if (!sandbox) {
    for (const name of ['IMP_SECRET', 'IMPCARD_TOKEN_SECRET', 'IMPCARD_API_KEY'] as const) {
      if (!env[name]) throw new TypeError(`${name} is required when IMP_KEY is set`);
    }
  }
  return {
    port: portOf('PORT', env.PORT, 8787),
    host: env.HOST || '127.0.0.1',
    sandbox,
    sandboxPort: portOf('SANDBOX_PORT', env.SANDBOX_PORT, 8788),
    impKey,
    impSecret: env.IMP_SECRET || undefined,
    impApiUrl: env.IMP_API_URL || undefined,
    includeSandbox: flagOf('IMP_INCLUDE_SANDBOX', env.IMP_INCLUDE_SANDBOX),
    tokenSecret: env.IMPCARD_TOKEN_SECRET || undefined,
    apiKey: env.IMPCARD_API_KEY || undefined,
    metricsToken: env.IMPCARD_METRICS_TOKEN || undefined,
    allowedOrigins: list(env.IMPCARD_ALLOWED_ORIGINS),
    pg: env.IMPCARD_PG || undefined,
    redisUrl: env.REDIS_URL || undefined,
    publicUrl: env.IMPCARD_PUBLIC_URL?.replace(/\/+$/, '') || undefined,
    trustedProxies: list(env.IMPCARD_TRUSTED_PROXIES),
    rateLimit: rateLimitFromEnv(env),
  };
}
