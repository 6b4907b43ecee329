/**
 * Everything the server remembers between requests: idempotency records, used token ids, attempt
 * and rate-limit counters, expected payment amounts, in-doubt billing keys and processed webhooks
 * (the full map with TTLs: `payments/store-keys.ts`). Every entry has a TTL; i'mport stays the
 * system of record for payments.
 *
 * A store that cannot answer (Redis down or stalled) rejects with {@link StoreUnavailableError}:
 * the server answers 503 STORE_UNAVAILABLE with Retry-After and never calls i'mport without it.
 */
export interface Store {
  get(key: string): Promise<string | null>;
  /** Sets the value and (re)starts its TTL. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Sets the value only when the key is absent (or expired); true when it was set. Atomic. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Adds one and returns the new count; the TTL starts when the counter is created. Atomic. */
  increment(key: string, ttlMs: number): Promise<number>;
  delete(key: string): Promise<void>;
  /** Deletes the key only while it holds `expected` (a lock's owner); true when deleted. Atomic. */
  deleteIfEquals(key: string, expected: string): Promise<boolean>;
  /** Releases connections; a no-op for the memory store. */
  close?(): Promise<void>;
}

/** The store could not be reached in time: nothing was decided, try again shortly. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

export function isStoreUnavailable(error: unknown): error is StoreUnavailableError {
  return error instanceof StoreUnavailableError;
}
