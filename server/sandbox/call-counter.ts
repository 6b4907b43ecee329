import type { MiddlewareHandler } from 'hono';

/** Counts requests per method and path so tests can assert e.g. how often getToken was called. */
export class CallCounter {
  readonly #counts = new Map<string, number>();

  middleware(): MiddlewareHandler {
    const record = this.record.bind(this);
    return async function countCall(c, next) {
      record(c.req.method, c.req.path);
      await next();
    };
  }

  record(method: string, path: string): void {
    const key = `${method.toUpperCase()} ${path}`;
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
  }

  /** Requests for `path` (exact, or a prefix ending in '*'), for one method or all. */
  count(path: string, method?: string): number {
    const wanted = method?.toUpperCase();
    const prefix = path.endsWith('*') ? path.slice(0, -1) : null;
    let total = 0;
    for (const [key, n] of this.#counts) {
      const space = key.indexOf(' ');
      const m = key.slice(0, space);
      const p = key.slice(space + 1);
      if (wanted !== undefined && m !== wanted) continue;
      if (prefix !== null ? p.startsWith(prefix) : p === path) total += n;
    }
    return total;
  }

  reset(): void {
    this.#counts.clear();
  }
}
