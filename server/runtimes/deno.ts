// `impcard/deno`: `Deno.serve(createDenoHandler({...}))`.
import { createServer } from '../app/create-server.ts';
import type { ServerOptions } from '../app/server-options.ts';
import { denoRemoteAddress } from './remote-address.ts';

export { denoRemoteAddress };

/** A `Deno.serve` handler serving the impcard app, with the client from `info.remoteAddr`. */
export function createDenoHandler(
  options: ServerOptions,
): (request: Request, info: object) => Response | Promise<Response> {
  const app = createServer({ remoteAddress: denoRemoteAddress, ...options });
  return (request, info) => app.fetch(request, info);
}
