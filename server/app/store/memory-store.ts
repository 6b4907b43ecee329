import type { Store } from './store.ts';

export interface MemoryStoreOptions {
  /** Upper bound on live entries; when full, expired entries go first, then the oldest. @default 100_000 */
  maxEntries?: number;
  /** Clock in ms. @default Date.now */
  now?: () => number;
}

interface Entry {
  value: string;
  expiresAt: number;
}

/** The single-process store: a Map with TTLs and a bounded size (no timers, so it runs anywhere). */
export function createMemoryStore(options: MemoryStoreOptions = {}): Store & { size(): number } {
  const maxEntries = options.maxEntries ?? 100_000;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new TypeError('createMemoryStore: option "maxEntries" must be a positive integer');
  }
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let writesSinceSweep = 0;

  function live(key: string): Entry | undefined {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }

  function sweep(): void {
    const t = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= t) entries.delete(key);
  }

  function put(key: string, value: string, expiresAt: number): void {
    entries.delete(key); // re-insert so Map order stays oldest-first
    // Sweeping on every write would be O(n); every 1000 writes or when full keeps it amortised.
    if (++writesSinceSweep >= 1000 || entries.size >= maxEntries) {
      writesSinceSweep = 0;
      sweep();
    }
    while (entries.size >= maxEntries) {
      const oldest = entries.keys().next();
      if (oldest.done) break;
      entries.delete(oldest.value);
    }
    entries.set(key, { value, expiresAt });
  }

  return {
    get(key) {
      return Promise.resolve(live(key)?.value ?? null);
    },
    set(key, value, ttlMs) {
      put(key, value, now() + ttlMs);
      return Promise.resolve();
    },
    setIfAbsent(key, value, ttlMs) {
      if (live(key)) return Promise.resolve(false);
      put(key, value, now() + ttlMs);
      return Promise.resolve(true);
    },
    increment(key, ttlMs) {
      const entry = live(key);
      const count = entry ? Number(entry.value) + 1 : 1;
      if (entry) entry.value = String(count);
      else put(key, String(count), now() + ttlMs);
      return Promise.resolve(count);
    },
    delete(key) {
      entries.delete(key);
      return Promise.resolve();
    },
    size() {
      return entries.size;
    },
  };
}
