// The app every runtime serves for the HTTP contract suite: the real server with the sandbox
// in-process (through its fetch handler), fixed test secrets, and `GET /__contract/ip` answering
// the client address the runtime's entry passed.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { createServer } from '../../server/app/create-server.ts';
import type { ServerOptions } from '../../server/app/server-options.ts';
import { createIamportClient } from '../../server/iamport/index.ts';
// Not the sandbox's index: it also exports the Node listener, which a Worker cannot bundle.
import {
  DEFAULT_IMP_KEY,
  DEFAULT_IMP_SECRET,
  createSandbox,
} from '../../server/sandbox/create-sandbox.ts';

export const CONTRACT = {
  tokenSecret: 'contract-token-secret-0123456789abcdef',
  apiKey: 'contract-api-key-0123456789',
  origin: 'https://shop.example',
} as const;

/** The server's options: the sandbox in-process, the test secrets and origin. */
export function contractOptions(): ServerOptions {
  const sandbox = createSandbox({});
  const iamport = createIamportClient({
    impKey: DEFAULT_IMP_KEY,
    impSecret: DEFAULT_IMP_SECRET,
    baseUrl: 'http://sandbox.invalid',
    timeoutMs: 5000,
    fetch: (input, init) => Promise.resolve(sandbox.app.request(input, init)),
  });
  return {
    iamport,
    tokenSecret: CONTRACT.tokenSecret,
    apiKey: CONTRACT.apiKey,
    allowedOrigins: [CONTRACT.origin],
    logger: false,
  };
}

export function contractApp(remoteAddress: (c: Context) => string | undefined): Hono {
  const app = new Hono();
  app.get('/__contract/ip', (c) => c.text(remoteAddress(c) ?? 'unknown'));
  app.route('/', createServer({ ...contractOptions(), remoteAddress }));
  return app;
}
