// The contract app on Bun, through impcard's Bun entry (client address from requestIP).
import { bunRemoteAddress } from '../../server/runtimes/bun.ts';
import { contractApp, contractUpstreamOf } from './contract-app.ts';

declare const Bun: {
  serve(options: {
    port: number;
    hostname: string;
    fetch: (request: Request, server: unknown) => Response | Promise<Response>;
  }): { port: number };
};

const app = contractApp(bunRemoteAddress, contractUpstreamOf(process.env.CONTRACT_UPSTREAM));
const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: (r, s) => app.fetch(r, s) });
console.log(`listening on http://127.0.0.1:${server.port}`);
