import { ServerError } from '../server-error.ts';
import type { Store } from '../store/store.ts';
import { storeKeys } from './store-keys.ts';

export interface LockOptions {
  /**
   * How long a holder may keep it if it dies without releasing: the upstream window, so a dead
   * instance never blocks a retry for longer than a lost call could still land.
   */
  ttlMs: number;
  /** How long a second caller waits before answering "in progress, retry". */
  waitMs: number;
  /** Poll interval while waiting. @default 25 */
  pollMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` while holding the lock `name` (one of `lockNames` in store-keys.ts), so two requests
 * for one intent (even on two instances sharing Redis) never reach i'mport at the same time; the
 * second waits, then sees the first one's outcome. Release deletes the key only while this holder
 * still owns it (atomic compare-and-delete), so a holder that outlived its TTL never frees another
 * holder's lock.
 */
export async function withLock<T>(
  store: Store,
  name: string,
  options: LockOptions,
  fn: () => Promise<T>,
): Promise<T> {
  const key = storeKeys.lock(name);
  const owner = crypto.randomUUID();
  const deadline = Date.now() + options.waitMs;
  while (!(await store.setIfAbsent(key, owner, options.ttlMs))) {
    if (Date.now() >= deadline) {
      throw new ServerError(
        'UPSTREAM_UNAVAILABLE',
        'Another attempt for this payment is still in progress; try again shortly.',
        { retryAfter: Math.max(1, Math.ceil(options.waitMs / 1000)) },
      );
    }
    await sleep(options.pollMs ?? 25);
  }
  try {
    return await fn();
  } finally {
    // A store that is down now lets the lock expire with its TTL; the answer stands.
    await store.deleteIfEquals(key, owner).catch(() => undefined);
  }
}
