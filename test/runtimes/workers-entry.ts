// The contract app on workerd (bundled by esbuild, run by miniflare): impcard's Workers entry
// with the Durable Object store, plus `/__contract/ip` answering the address the entry sees.
import { createMemoryStore } from '../../server/app/store/memory-store.ts';
import {
  ImpcardStoreObject,
  createDurableObjectStore,
  createWorkersHandler,
  type DurableObjectNamespaceLike,
} from '../../server/runtimes/workers.ts';
import { contractOptions, contractUpstreamOf } from './contract-app.ts';

interface Env {
  IMPCARD_STORE: DurableObjectNamespaceLike;
  /** 'memory': the per-isolate memory store, to show what the Durable Object store fixes. */
  STORE_KIND?: string;
  /** 'portone': the server on PortOne V2 (the sandbox's V2 side). */
  CONTRACT_UPSTREAM?: string;
}

export { ImpcardStoreObject };

const handler = createWorkersHandler((env: Env) => ({
  ...contractOptions(contractUpstreamOf(env.CONTRACT_UPSTREAM)),
  store:
    env.STORE_KIND === 'memory' ? createMemoryStore() : createDurableObjectStore(env.IMPCARD_STORE),
}));

export default {
  fetch(request: Request, env: Env, ctx: unknown): Promise<Response> | Response {
    if (new URL(request.url).pathname === '/__contract/ip') {
      return new Response(request.headers.get('cf-connecting-ip') ?? 'unknown');
    }
    return handler.fetch(request, env, ctx);
  },
};
