// The contract app on Deno, through Deno.serve (client address from info.remoteAddr).
import { denoRemoteAddress } from '../../server/runtimes/deno.ts';
import { contractApp, contractUpstreamOf } from './contract-app.ts';

declare const Deno: {
  env: { get(name: string): string | undefined };
  serve(
    options: { port: number; hostname: string; onListen(addr: { port: number }): void },
    handler: (request: Request, info: unknown) => Response | Promise<Response>,
  ): unknown;
};

const app = contractApp(denoRemoteAddress, contractUpstreamOf(Deno.env.get('CONTRACT_UPSTREAM')));
Deno.serve(
  {
    port: 0,
    hostname: '127.0.0.1',
    onListen: ({ port }) => console.log(`listening on http://127.0.0.1:${port}`),
  },
  (request, info) => app.fetch(request, info),
);
