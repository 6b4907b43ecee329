// `impcard/workers`: a Cloudflare Workers module entry.
//
//   import { createWorkersHandler, createDurableObjectStore } from 'impcard/workers';
//   export { ImpcardStoreObject } from 'impcard/workers';
//   export default createWorkersHandler((env) => ({
//     impKey: env.IMP_KEY, impSecret: env.IMP_SECRET, tokenSecret: env.IMPCARD_TOKEN_SECRET,
//     apiKey: env.IMPCARD_API_KEY, store: createDurableObjectStore(env.IMPCARD_STORE),
//   }));
import { createServer } from '../app/create-server.ts';
import type { ServerOptions } from '../app/server-options.ts';
import { workersRemoteAddress } from './remote-address.ts';

export {
  ImpcardStoreObject,
  createDurableObjectStore,
  type DurableObjectNamespaceLike,
  type DurableObjectStateLike,
} from './durable-object-store.ts';
export { workersRemoteAddress };

/**
 * A Worker's `{ fetch }` serving impcard. Secrets and bindings arrive with each request's `env`,
 * so the options are built from it, once per isolate. The client address is `CF-Connecting-IP`.
 * Without a `store` the memory store is per isolate: give Workers a Durable Object store.
 */
export function createWorkersHandler<Env extends object>(
  optionsOf: (env: Env) => ServerOptions,
): { fetch(request: Request, env: Env, ctx?: unknown): Promise<Response> } {
  const apps = new WeakMap<Env, ReturnType<typeof createServer>>();
  return {
    async fetch(request, env, ctx) {
      let app = apps.get(env);
      if (!app) {
        app = createServer({ remoteAddress: workersRemoteAddress, ...optionsOf(env) });
        apps.set(env, app);
      }
      return app.fetch(request, env, ctx as never);
    },
  };
}
