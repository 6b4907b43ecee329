import { StoreUnavailableError, type Store } from '../app/store/store.ts';

// Workers' own distributed state for the Store: one Durable Object per key. Every isolate that
// asks for a key reaches the same object, which runs one request at a time, so setIfAbsent and
// increment are atomic across isolates and locations (the memory store is per isolate: a used
// token would register a second card on another one).

/** The parts of a Durable Object namespace binding the store uses. */
export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: never): { fetch(request: Request): Promise<Response> };
}

/** The parts of a Durable Object's state the object uses. */
export interface DurableObjectStateLike {
  storage: {
    get<T>(key: string): Promise<T | undefined>;
    put(key: string, value: unknown): Promise<void>;
    delete(key: string): Promise<boolean>;
    deleteAll(): Promise<void>;
    setAlarm(at: number): Promise<void>;
  };
}

type Operation =
  | { op: 'get'; key: string }
  | { op: 'set'; key: string; value: string; ttlMs: number }
  | { op: 'setIfAbsent'; key: string; value: string; ttlMs: number }
  | { op: 'increment'; key: string; ttlMs: number }
  | { op: 'delete'; key: string }
  | { op: 'deleteIfEquals'; key: string; expected: string };

interface Entry {
  value: string;
  /** Unix ms. */
  expires: number;
}

/**
 * The Durable Object class behind {@link createDurableObjectStore}. Export it from the Worker's
 * module and bind it (wrangler: `durable_objects.bindings = [{ name = "IMPCARD_STORE",
 * class_name = "ImpcardStoreObject" }]` plus a migration with `new_sqlite_classes`).
 */
export class ImpcardStoreObject {
  readonly #state: DurableObjectStateLike;

  constructor(state: DurableObjectStateLike, _env?: unknown) {
    this.#state = state;
  }

  async fetch(request: Request): Promise<Response> {
    const operation = (await request.json()) as Operation;
    const storage = this.#state.storage;
    const now = Date.now();
    const stored = await storage.get<Entry>('entry');
    const live = stored && stored.expires > now ? stored : undefined;
    const put = async (entry: Entry) => {
      await storage.put('entry', entry);
      // The object forgets the key once it expires (alarm()), so storage does not grow forever.
      await storage.setAlarm(entry.expires);
    };
    switch (operation.op) {
      case 'get':
        return Response.json(live?.value ?? null);
      case 'set':
        await put({ value: operation.value, expires: now + operation.ttlMs });
        return Response.json(null);
      case 'setIfAbsent':
        if (live) return Response.json(false);
        await put({ value: operation.value, expires: now + operation.ttlMs });
        return Response.json(true);
      case 'increment': {
        const count = live ? Number(live.value) + 1 : 1;
        await put({ value: String(count), expires: live?.expires ?? now + operation.ttlMs });
        return Response.json(count);
      }
      case 'delete':
        await storage.deleteAll();
        return Response.json(null);
      case 'deleteIfEquals':
        // One object runs one request at a time, so compare-and-delete is atomic (a lock's owner).
        if (live?.value !== operation.expected) return Response.json(false);
        await storage.deleteAll();
        return Response.json(true);
    }
  }

  async alarm(): Promise<void> {
    const stored = await this.#state.storage.get<Entry>('entry');
    if (!stored || stored.expires <= Date.now()) await this.#state.storage.deleteAll();
    else await this.#state.storage.setAlarm(stored.expires);
  }
}

/** A {@link Store} on a Durable Object namespace bound to {@link ImpcardStoreObject}. */
export function createDurableObjectStore(namespace: DurableObjectNamespaceLike): Store {
  async function call<T>(operation: Operation): Promise<T> {
    const stub = namespace.get(namespace.idFromName(operation.key) as never);
    let response: Response;
    try {
      response = await stub.fetch(
        new Request('https://impcard-store.internal/', {
          method: 'POST',
          body: JSON.stringify(operation),
        }),
      );
    } catch (error) {
      // Overloaded or being reset: nothing was decided, the server answers 503 STORE_UNAVAILABLE.
      throw new StoreUnavailableError(
        `Durable Object store unreachable (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    if (!response.ok) {
      throw new StoreUnavailableError(`Durable Object store answered ${response.status}`);
    }
    return (await response.json()) as T;
  }
  return {
    get: (key) => call<string | null>({ op: 'get', key }),
    set: (key, value, ttlMs) => call<null>({ op: 'set', key, value, ttlMs }).then(() => undefined),
    setIfAbsent: (key, value, ttlMs) => call<boolean>({ op: 'setIfAbsent', key, value, ttlMs }),
    increment: (key, ttlMs) => call<number>({ op: 'increment', key, ttlMs }),
    delete: (key) => call<null>({ op: 'delete', key }).then(() => undefined),
    deleteIfEquals: (key, expected) => call<boolean>({ op: 'deleteIfEquals', key, expected }),
  };
}
