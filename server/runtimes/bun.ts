// `impcard/bun`: `export default createBunServer({...})` as Bun's entry (or pass it to Bun.serve).
import { createServer } from '../app/create-server.ts';
import type { ServerOptions } from '../app/server-options.ts';
import { bunRemoteAddress } from './remote-address.ts';

export { bunRemoteAddress };

/** The impcard app for `Bun.serve`, with the client address from `server.requestIP()`. */
export function createBunServer(options: ServerOptions): {
  app: ReturnType<typeof createServer>;
  fetch(request: Request, server: object): Response | Promise<Response>;
} {
  const app = createServer({ remoteAddress: bunRemoteAddress, ...options });
  return { app, fetch: (request, server) => app.fetch(request, server) };
}
