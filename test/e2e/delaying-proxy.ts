// A loopback reverse proxy in front of the impcard server that holds chosen requests back: a slow
// network for any engine, where Playwright's route() served Chromium only.
import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DelayingProxy {
  /** http://localhost:<port>, the same host name as the impcard server's. */
  url: string;
  server: Server;
  /** Resolves when the first request to hold has arrived. */
  held: Promise<void>;
  /** Drops every connection (held ones too) and stops listening. */
  close(): void;
}

/**
 * Forwards everything to `target`, each request after `delayOf(path)` milliseconds; a request for
 * which `delayOf` says 'hold' is never sent on (a POST in flight until the test ends).
 */
export async function delayingProxy(
  target: string,
  delayOf: (path: string, method: string) => number | 'hold',
): Promise<DelayingProxy> {
  const to = new URL(target);
  let onHeld!: () => void;
  const held = new Promise<void>((resolve) => (onHeld = resolve));
  const server = createServer((req, res) => {
    const forward = () => {
      const upstream = request(
        {
          host: '127.0.0.1',
          port: to.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    };
    const ms = delayOf(new URL(req.url ?? '/', 'http://x').pathname, req.method ?? 'GET');
    if (ms === 'hold') onHeld();
    else if (ms > 0) setTimeout(forward, ms);
    else forward();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    server,
    held,
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}

/**
 * A server that serves `script` as /imp-card.js and drops every other connection unanswered: the
 * host script loads, its frame finds no impcard server behind it.
 */
export async function scriptOnly(script: Buffer): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url === '/imp-card.js')
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else req.socket.destroy();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
