import type { ConnectionOptions } from 'node:tls';
import { ConfigError } from '../config-error.ts';
import { StoreUnavailableError, type Store } from './store.ts';

export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]`, or `rediss://…` for TLS. */
  url: string;
  /** Prefix of every key, so impcard can share a Redis. @default 'impcard:' */
  keyPrefix?: string;
  /**
   * How long one command may take before the request answers 503 STORE_UNAVAILABLE: a stalled
   * Redis must not hang a payment request. @default 2000
   */
  commandTimeoutMs?: number;
  /** How long connecting (and each reconnect attempt) may take. @default 5000 */
  connectTimeoutMs?: number;
  /** Extra TLS options for `rediss://` (a private CA, a client certificate). */
  tls?: ConnectionOptions;
}

/** What the shared store adds to the contract: a look at Redis's persistence. */
export interface RedisStore extends Store {
  /**
   * Whether Redis writes an append-only file. Without it a restart forgets used tokens and
   * idempotency records (a used token could register another card); null when Redis will not say.
   */
  appendOnly(): Promise<boolean | null>;
  close(): Promise<void>;
}

// INCR and the TTL of a new counter in one step: a crash between them would leave a counter
// that never expires (and a rate limit that never lifts).
const INCREMENT_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

// A lock is released only by its owner: after its TTL passed another holder may own the key.
const DELETE_IF_EQUALS_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

interface ScriptCommands {
  impcardIncrement(key: string, ttlMs: number): Promise<number>;
  impcardDeleteIfEquals(key: string, expected: string): Promise<number>;
}

/**
 * The shared store for several instances behind a load balancer (Node only: ioredis). Same
 * contract as the memory store, every operation atomic in Redis. It reconnects on its own; while
 * Redis is away (or slower than `commandTimeoutMs`) every call rejects with StoreUnavailableError
 * at once instead of queueing, so requests answer 503 and nothing waits on a dead socket.
 */
export async function createRedisStore(options: RedisStoreOptions): Promise<RedisStore> {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw ConfigError.forOption('url', 'must look like redis://host:6379', 'createRedisStore');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw ConfigError.forOption('url', 'must use redis:// or rediss:// (TLS)', 'createRedisStore');
  }
  // ioredis is an optional peer dependency: only merchants who share a store across instances
  // install it.
  const { Redis } = await import('ioredis').catch((error: unknown) => {
    throw new Error('createRedisStore needs the Redis client: npm install ioredis', {
      cause: error,
    });
  });
  const redis = new Redis(options.url, {
    keyPrefix: options.keyPrefix ?? 'impcard:',
    lazyConnect: true,
    commandTimeout: options.commandTimeoutMs ?? 2000,
    connectTimeout: options.connectTimeoutMs ?? 5000,
    // Commands in flight when the connection drops fail (whether Redis applied them is unknown);
    // commands while it is down fail at once: the caller answers 503 and the customer retries.
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
    ...(url.protocol === 'rediss:' ? { tls: { ...options.tls } } : {}),
  });
  // ioredis reports every failed reconnect as an 'error' event; the commands' own failures are
  // what the server acts on, so the event only needs a listener.
  redis.on('error', () => undefined);
  redis.defineCommand('impcardIncrement', { numberOfKeys: 1, lua: INCREMENT_SCRIPT });
  redis.defineCommand('impcardDeleteIfEquals', { numberOfKeys: 1, lua: DELETE_IF_EQUALS_SCRIPT });
  const scripts = redis as unknown as ScriptCommands;
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreUnavailableError(`Redis at ${url.host} is not reachable (${reason})`);
  }

  let closed = false;
  async function run<T>(command: () => Promise<T>): Promise<T> {
    if (closed) throw new StoreUnavailableError('the Redis store is closed');
    try {
      return await command();
    } catch (error) {
      // Never the key or value in the message: keys hold customer ids, values hold outcomes.
      const reason = error instanceof Error ? error.name : 'error';
      throw new StoreUnavailableError(`Redis did not answer (${reason})`, { cause: error });
    }
  }
  const ms = (ttlMs: number) => Math.max(1, Math.ceil(ttlMs));
  return {
    get: (key) => run(() => redis.get(key)),
    async set(key, value, ttlMs) {
      await run(() => redis.set(key, value, 'PX', ms(ttlMs)));
    },
    async setIfAbsent(key, value, ttlMs) {
      return (await run(() => redis.set(key, value, 'PX', ms(ttlMs), 'NX'))) === 'OK';
    },
    async increment(key, ttlMs) {
      return Number(await run(() => scripts.impcardIncrement(key, ms(ttlMs))));
    },
    async delete(key) {
      await run(() => redis.del(key));
    },
    async deleteIfEquals(key, expected) {
      return Number(await run(() => scripts.impcardDeleteIfEquals(key, expected))) === 1;
    },
    async appendOnly() {
      try {
        const info = await run(() => redis.info('persistence'));
        const match = /^aof_enabled:(\d)/m.exec(info);
        return match ? match[1] === '1' : null;
      } catch {
        return null;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
