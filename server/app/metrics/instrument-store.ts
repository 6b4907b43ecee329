import type { Store } from '../store/store.ts';
import type { ServerMetrics } from './server-metrics.ts';

const OPERATIONS = new Set(['get', 'set', 'setIfAbsent', 'increment', 'delete', 'deleteIfEquals']);

/**
 * The same store, each failed operation counted. A Proxy rather than a copy, so a store's own
 * extra methods and `this` keep working. Each method's counting wrapper is made once (not on
 * every property read) and adds one `.catch`, not an async function's own promise and await.
 */
export function instrumentStore(store: Store, metrics: ServerMetrics): Store {
  const wrappers = new WeakMap<object, (...args: unknown[]) => Promise<unknown>>();
  const wrap = (method: (...args: unknown[]) => unknown, target: Store, operation: string) => {
    const failed = (error: unknown): never => {
      metrics.storeErrors.inc({ operation });
      throw error;
    };
    return (...args: unknown[]): Promise<unknown> => {
      try {
        return Promise.resolve(Reflect.apply(method, target, args)).catch(failed);
      } catch (error) {
        // A store method that throws rather than rejects fails the same way.
        return new Promise(() => failed(error));
      }
    };
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || !OPERATIONS.has(property)) return value;
      if (typeof value !== 'function') return value;
      let wrapper = wrappers.get(value);
      if (!wrapper) {
        wrapper = wrap(value as (...args: unknown[]) => unknown, target, property);
        wrappers.set(value, wrapper);
      }
      return wrapper;
    },
  });
}
