/**
 * Everything the server remembers between requests: idempotency records, used token ids, attempt
 * and rate-limit counters, expected payment amounts and processed webhooks. Every entry has a TTL;
 * i'mport stays the system of record for payments, so losing the store never loses money, only
 * replay protection for the entries' lifetime.
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
  /** Releases connections; a no-op for the memory store. */
  close?(): Promise<void>;
}
