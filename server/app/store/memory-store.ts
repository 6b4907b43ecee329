import { ConfigError } from '../config-error.ts';
import type { Store } from './store.ts';

export interface MemoryStoreOptions {
  /**
   * Upper bound on live entries; when full, the oldest counters (made by `increment`) go first,
   * then the oldest others. Expired entries are swept every 1000 writes. @default 100_000
   */
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
    throw ConfigError.forOption('maxEntries', 'must be a positive integer', 'createMemoryStore');
  }
  const now = options.now ?? Date.now;
  // Counters (rate limits, attempts) apart from everything else: anyone can create rate-limit
  // counters (one per client address and window), so when the store is full they go first and a
  // flood of them never evicts a used token, a lock or a replay record.
  const counters = new Map<string, Entry>();
  const entries = new Map<string, Entry>();
  let writesSinceSweep = 0;
  // No entry expires before this: the earliest expiry at the last sweep or written since (deletes
  // only move the true earliest later). A sweep before it would delete nothing, so it is skipped:
  // in a busy store full of long-lived marks most are, and each one walks every entry.
  let nothingExpiresBefore = Infinity;
  const size = () => counters.size + entries.size;

  function live(key: string): Entry | undefined {
    const map = counters.has(key) ? counters : entries;
    const entry = map.get(key);
    if (entry && entry.expiresAt <= now()) {
      map.delete(key);
      return undefined;
    }
    return entry;
  }

  function sweep(): void {
    const t = now();
    if (t < nothingExpiresBefore) return;
    let earliest = Infinity;
    for (const map of [counters, entries]) {
      for (const [key, entry] of map) {
        if (entry.expiresAt <= t) map.delete(key);
        else earliest = Math.min(earliest, entry.expiresAt);
      }
    }
    nothingExpiresBefore = earliest;
  }

  const cursors = new Map<Map<string, Entry>, Iterator<string>>();

  /**
   * Drops the oldest entry of `map`. A fresh `keys()` starts at the table's first slot and steps
   * over every slot emptied by earlier evictions (V8 compacts a Map only as it fills up): in a full
   * store, most of the cost of a write. A cursor kept from one eviction to the next yields the same
   * key, as every key it has passed was evicted.
   */
  function evictOldest(map: Map<string, Entry>): boolean {
    let cursor = cursors.get(map) ?? map.keys();
    let oldest = cursor.next();
    if (oldest.done) {
      // A finished iterator stays finished: entries written since need a new one.
      cursor = map.keys();
      oldest = cursor.next();
    }
    cursors.set(map, cursor);
    if (oldest.done) return false;
    map.delete(oldest.value);
    return true;
  }

  function put(map: Map<string, Entry>, key: string, value: string, expiresAt: number): void {
    // Re-insert so Map order stays oldest-first.
    counters.delete(key);
    entries.delete(key);
    // A sweep is O(n): every 1000 writes keeps it amortised. Not on every write once full: that
    // cost 1.5 ms per write in a store at its 100,000 entries (measured), the state a busy
    // single-instance server stays in.
    if (++writesSinceSweep >= 1000) {
      writesSinceSweep = 0;
      sweep();
    }
    while (size() >= maxEntries) {
      if (!evictOldest(counters.size > 0 ? counters : entries)) break;
    }
    map.set(key, { value, expiresAt });
    nothingExpiresBefore = Math.min(nothingExpiresBefore, expiresAt);
  }

  return {
    get(key) {
      return Promise.resolve(live(key)?.value ?? null);
    },
    set(key, value, ttlMs) {
      put(entries, key, value, now() + ttlMs);
      return Promise.resolve();
    },
    setIfAbsent(key, value, ttlMs) {
      if (live(key)) return Promise.resolve(false);
      put(entries, key, value, now() + ttlMs);
      return Promise.resolve(true);
    },
    increment(key, ttlMs) {
      const entry = live(key);
      const count = entry ? Number(entry.value) + 1 : 1;
      if (entry) entry.value = String(count);
      else put(counters, key, String(count), now() + ttlMs);
      return Promise.resolve(count);
    },
    delete(key) {
      counters.delete(key);
      entries.delete(key);
      return Promise.resolve();
    },
    deleteIfEquals(key, expected) {
      if (live(key)?.value !== expected) return Promise.resolve(false);
      counters.delete(key);
      entries.delete(key);
      return Promise.resolve(true);
    },
    size() {
      return size();
    },
  };
}
