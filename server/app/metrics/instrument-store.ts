import type { Store } from '../store/store.ts';
import type { ServerMetrics } from './server-metrics.ts';

const OPERATIONS = new Set(['get', 'set', 'setIfAbsent', 'increment', 'delete', 'deleteIfEquals']);

/**
 * The same store, each failed operation counted. A Proxy rather than a copy, so a store's own
 * extra methods and `this` keep working.
 */
export function instrumentStore(store: Store, metrics: ServerMetrics): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || !OPERATIONS.has(property)) return value;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        try {
          return (await Reflect.apply(value, target, args)) as unknown;
        } catch (error) {
          metrics.storeErrors.inc({ operation: property });
          throw error;
        }
      };
    },
  });
}
