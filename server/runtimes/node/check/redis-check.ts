import type { EnvConfig } from '../env-config.ts';
import { fail, info, pass, warn, type CheckResult } from './check-result.ts';

const SUBJECT = 'REDIS_URL';
const PERSIST_FIX =
  'turn on appendonly yes (AOF) in redis.conf or your provider (docs/operations.md)';

/** `host:port` of a Redis URL: never its password. */
function hostOf(raw: string): string {
  try {
    return new URL(raw).host;
  } catch {
    return '(unreadable URL)';
  }
}

/**
 * The store: with REDIS_URL, Redis answers and persists (`CONFIG GET appendonly` / `save`, or
 * `INFO persistence` where CONFIG is forbidden: AOF passes, anything else is a warning); without it, the memory store, which holds for
 * one instance only.
 */
export async function checkRedis(
  config: EnvConfig,
  rules: { production: boolean },
  options: { timeoutMs?: number } = {},
): Promise<CheckResult[]> {
  if (!config.redisUrl) {
    const said =
      'unset: the memory store, for one instance only (used tokens and replays are per process)';
    return [
      rules.production
        ? warn(SUBJECT, said, 'with several instances behind a load balancer, set REDIS_URL')
        : info(SUBJECT, said),
    ];
  }
  const host = hostOf(config.redisUrl);
  const url = URL.canParse(config.redisUrl) ? new URL(config.redisUrl) : undefined;
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:')) {
    return [fail(SUBJECT, 'is not a redis:// or rediss:// URL', 'set REDIS_URL=redis://host:6379')];
  }
  const ioredis = await import('ioredis').catch(() => undefined);
  if (!ioredis) {
    return [fail(SUBJECT, 'is set but the Redis client is not installed', 'npm install ioredis')];
  }
  const redis = new ioredis.Redis(config.redisUrl, {
    lazyConnect: true,
    connectTimeout: options.timeoutMs ?? 5000,
    commandTimeout: options.timeoutMs ?? 5000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // A refused connection shows only in the 'error' event; the connect rejects with "closed".
  let connectionError: Error | undefined;
  redis.on('error', (error: Error) => (connectionError ??= error));
  try {
    try {
      await redis.connect();
      await redis.ping();
    } catch (error) {
      const cause = connectionError ?? error;
      const reason = cause instanceof Error ? cause.message : String(cause);
      return [fail(SUBJECT, `Redis at ${host} is not reachable (${reason})`, 'check REDIS_URL')];
    }
    const reachable = pass(SUBJECT, `Redis at ${host} answers`);
    let appendonly: string | undefined;
    let save: string | undefined;
    try {
      appendonly = (await redis.config('GET', 'appendonly'))[1];
      save = (await redis.config('GET', 'save'))[1];
    } catch {
      // Managed Redis (ElastiCache, Upstash, …) often forbids CONFIG: ask INFO instead.
      const persistence = await redis.info('persistence').catch(() => '');
      if (/^aof_enabled:1/m.test(persistence)) {
        return [reachable, pass('Redis persistence', 'AOF on (INFO persistence)')];
      }
      return [
        reachable,
        warn(
          'Redis persistence',
          'Redis refuses CONFIG GET (managed Redis?) and reports no AOF: it could not be checked',
          `make sure your provider persists data; ${PERSIST_FIX}`,
        ),
      ];
    }
    if (appendonly === 'yes')
      return [reachable, pass('Redis persistence', 'AOF on (appendonly yes)')];
    if (save && save.trim() !== '') {
      return [
        reachable,
        pass('Redis persistence', `RDB snapshots (save ${save}); AOF would lose less on a crash`),
      ];
    }
    return [
      reachable,
      fail(
        'Redis persistence',
        'off (appendonly no, no save): a restart forgets used tokens, so one could register again',
        PERSIST_FIX,
      ),
    ];
  } finally {
    redis.disconnect();
  }
}
