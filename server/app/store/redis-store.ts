import { RespConnection } from './resp-connection.ts';
import type { Store } from './store.ts';

export interface RedisStoreOptions {
  /** `redis://[:password@]host:port[/db]`. */
  url: string;
  /** Prefix of every key, so impcard can share a Redis. @default 'impcard:' */
  keyPrefix?: string;
}

// INCR and the TTL of a new counter in one step: a crash between them would leave a counter
// that never expires (and a rate limit that never lifts).
const INCREMENT_SCRIPT =
  "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n";

/**
 * The shared store for several instances behind a load balancer (Node only: a socket to Redis).
 * Same contract as the memory store, every operation atomic in Redis.
 */
export async function createRedisStore(options: RedisStoreOptions): Promise<Store> {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new TypeError('createRedisStore: option "url" must look like redis://host:6379');
  }
  if (url.protocol !== 'redis:') {
    throw new TypeError('createRedisStore: option "url" must use redis:// (TLS is not supported)');
  }
  const prefix = options.keyPrefix ?? 'impcard:';
  const host = url.hostname || '127.0.0.1';
  const port = Number(url.port || 6379);
  const db = url.pathname.replace('/', '');

  async function open(): Promise<RespConnection> {
    const connection = new RespConnection(host, port);
    try {
      if (url.password) {
        const user = decodeURIComponent(url.username);
        const password = decodeURIComponent(url.password);
        await (user
          ? connection.command('AUTH', user, password)
          : connection.command('AUTH', password));
      }
      if (db) await connection.command('SELECT', db);
      await connection.command('PING');
      return connection;
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  // A dropped connection (Redis restarted, an idle timeout) is replaced on the next command;
  // the commands in flight when it dropped fail, since whether Redis applied them is unknown.
  let current = await open();
  let reopening: Promise<RespConnection> | undefined;
  let closed = false;
  const redis = {
    async command(...args: (string | number)[]) {
      if (current.failed && !closed) {
        reopening ??= open()
          .then((connection) => (current = connection))
          .finally(() => (reopening = undefined));
        await reopening;
      }
      return current.command(...args);
    },
    close() {
      closed = true;
      return current.close();
    },
  };

  const ms = (ttlMs: number) => Math.max(1, Math.ceil(ttlMs));
  return {
    async get(key) {
      const value = await redis.command('GET', prefix + key);
      return typeof value === 'string' ? value : null;
    },
    async set(key, value, ttlMs) {
      await redis.command('SET', prefix + key, value, 'PX', ms(ttlMs));
    },
    async setIfAbsent(key, value, ttlMs) {
      return (await redis.command('SET', prefix + key, value, 'NX', 'PX', ms(ttlMs))) === 'OK';
    },
    async increment(key, ttlMs) {
      return Number(await redis.command('EVAL', INCREMENT_SCRIPT, 1, prefix + key, ms(ttlMs)));
    },
    async delete(key) {
      await redis.command('DEL', prefix + key);
    },
    close: () => redis.close(),
  };
}
