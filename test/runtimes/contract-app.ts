// The app every runtime serves for the HTTP contract suite: the real server with the sandbox
// in-process (through its fetch handler), fixed test secrets, and `GET /__contract/ip` answering
// the client address the runtime's entry passed. Two configurations of the same suite: the server
// on i'mport V1 or on PortOne V2 (`CONTRACT_UPSTREAM=portone`), the sandbox answering either.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { createServer } from '../../server/app/create-server.ts';
import type { ServerOptions } from '../../server/app/server-options.ts';
import { createIamportClient } from '../../server/iamport/index.ts';
import { createPortOneClient } from '../../server/portone/index.ts';
// Not the sandbox's index: it also exports the Node listener, which a Worker cannot bundle.
import {
  DEFAULT_IMP_KEY,
  DEFAULT_IMP_SECRET,
  createSandbox,
} from '../../server/sandbox/create-sandbox.ts';
import { DEFAULT_PORTONE_API_SECRET } from '../../server/sandbox/v2/portone-defaults.ts';
import { DEFAULT_PORTONE_CHANNEL_KEY } from '../../server/sandbox/v2/portone-channels.ts';

/** Which upstream API the contract app's server uses. */
export type ContractUpstream = 'iamport' | 'portone';

/** `CONTRACT_UPSTREAM` as an entry read it from its environment; anything else is V1. */
export const contractUpstreamOf = (raw: string | undefined): ContractUpstream =>
  raw === 'portone' ? 'portone' : 'iamport';

export const CONTRACT = {
  tokenSecret: 'contract-token-secret-0123456789abcdef',
  apiKey: 'contract-api-key-0123456789',
  origin: 'https://shop.example',
} as const;

/** The server's options: the sandbox in-process, the test secrets and origin. */
export function contractOptions(upstream: ContractUpstream = 'iamport'): ServerOptions {
  const sandbox = createSandbox({});
  const fetchSandbox: typeof fetch = (input, init) =>
    Promise.resolve(sandbox.app.request(input, init));
  const common = {
    tokenSecret: CONTRACT.tokenSecret,
    apiKey: CONTRACT.apiKey,
    allowedOrigins: [CONTRACT.origin],
    logger: false as const,
  };
  if (upstream === 'portone') {
    const portone = createPortOneClient({
      apiSecret: DEFAULT_PORTONE_API_SECRET,
      baseUrl: 'http://sandbox.invalid',
      timeoutMs: 5000,
      fetch: fetchSandbox,
    });
    return { portone, portoneChannelKey: DEFAULT_PORTONE_CHANNEL_KEY, ...common };
  }
  const iamport = createIamportClient({
    impKey: DEFAULT_IMP_KEY,
    impSecret: DEFAULT_IMP_SECRET,
    baseUrl: 'http://sandbox.invalid',
    timeoutMs: 5000,
    fetch: fetchSandbox,
  });
  return { iamport, ...common };
}

export function contractApp(
  remoteAddress: (c: Context) => string | undefined,
  upstream: ContractUpstream = 'iamport',
): Hono {
  const app = new Hono();
  app.get('/__contract/ip', (c) => c.text(remoteAddress(c) ?? 'unknown'));
  app.route('/', createServer({ ...contractOptions(upstream), remoteAddress }));
  return app;
}
