import { ServerError } from '../server-error.ts';
import type { Store } from './store.ts';

export interface LockOptions {
  /** How long a holder may keep it if it dies without releasing (longer than any upstream call). */
  ttlMs: number;
  /** How long a second caller waits before giving up. */
  waitMs: number;
  /** Poll interval while waiting. @default 25 */
  pollMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` while holding `lock:<key>` in the store, so two requests for the same intent (even on
 * two instances sharing Redis) never reach i'mport at the same time; the second waits, then sees
 * the first one's outcome.
 */
export async function withLock<T>(
  store: Store,
  key: string,
  options: LockOptions,
  fn: () => Promise<T>,
): Promise<T> {
  const lockKey = `lock:${key}`;
  const owner = crypto.randomUUID();
  const deadline = Date.now() + options.waitMs;
  while (!(await store.setIfAbsent(lockKey, owner, options.ttlMs))) {
    if (Date.now() >= deadline) {
      throw new ServerError(
        'UPSTREAM_UNAVAILABLE',
        'Another attempt for this payment is still in progress; try again shortly.',
        { retryAfter: 2 },
      );
    }
    await sleep(options.pollMs ?? 25);
  }
  try {
    return await fn();
  } finally {
    if ((await store.get(lockKey)) === owner) await store.delete(lockKey);
  }
}
