// The merchant site of the isolated-mode e2e tests: a loopback origin other than impcard's, that
// serves whatever pages a test puts in `pages`, each under the CSP the test chooses.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Site {
  server: Server;
  origin: string;
  pages: Map<string, string>;
}

/** The CSP docs/isolation.md tells a merchant page to send: scripts and frames from impcard, nothing inline. */
export function merchantCsp(server: string, connect = "'self'"): string {
  return `default-src 'self'; script-src 'self' ${server}; frame-src ${server}; style-src 'self'; connect-src ${connect}`;
}

export async function listen(csp: () => string): Promise<Site> {
  const pages = new Map<string, string>();
  const server = createServer((req, res) => {
    const body = pages.get(req.url ?? '');
    const type = req.url?.endsWith('.js')
      ? 'text/javascript'
      : req.url?.endsWith('.css')
        ? 'text/css'
        : 'text/html';
    res
      .writeHead(body !== undefined ? 200 : 404, {
        'content-type': type,
        'content-security-policy': csp(),
      })
      .end(body ?? 'not found');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, origin, pages };
}
