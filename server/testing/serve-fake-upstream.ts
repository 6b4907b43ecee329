import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { routeAnswer, type RecordedRequest } from './fake-upstream.ts';

/** What a served route can do to the connection instead of answering. */
export type SocketFault =
  /** Destroy the connection as soon as the request has arrived: sent, never answered. */
  | { fault: 'reset' }
  /** Keep the connection open and never answer. */
  | { fault: 'hang' }
  /** Send the status line, headers and `head` of a longer body, then nothing more. */
  | { fault: 'stall-body'; head: string }
  /** Send the status line, headers and `head` of a longer body, then destroy the connection. */
  | { fault: 'cut-body'; head: string };

export type ServedRoute = (
  request: RecordedRequest,
) => Response | SocketFault | Promise<Response | SocketFault>;

export interface ServedFakeUpstream {
  url: string;
  requests: RecordedRequest[];
  /** Calls made to `METHOD /path`. */
  count(route: string): number;
  close(): Promise<void>;
}

function headersOf(request: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      headers.append(name, one);
    }
  }
  return headers;
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function answer(res: ServerResponse, answer: Response | SocketFault): Promise<void> {
  if (answer instanceof Response) {
    const body = Buffer.from(await answer.arrayBuffer());
    res.writeHead(answer.status, {
      ...Object.fromEntries(answer.headers),
      'content-length': body.length,
    });
    res.end(body);
    return;
  }
  switch (answer.fault) {
    case 'reset':
      res.socket?.destroy();
      return;
    case 'hang':
      return;
    case 'stall-body':
    case 'cut-body': {
      const length = Buffer.byteLength(answer.head) + 1024;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': length });
      res.write(answer.head);
      if (answer.fault === 'cut-body') setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
  }
}

/**
 * The routes of `fakeUpstream` served over HTTP on a free port of 127.0.0.1, so both of the
 * client's transports (ky over an injected fetch, and undici's Pool) read the same bytes, plus
 * faults only a socket can show.
 */
export async function serveFakeUpstream(
  routes: Record<string, ServedRoute>,
): Promise<ServedFakeUpstream> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake.invalid');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname),
        search: url.search,
        headers: headersOf(req),
        body: await bodyOf(req),
      };
      requests.push(recorded);
      await answer(res, await routeAnswer(routes, recorded));
    })().catch(() => res.socket?.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (route) => requests.filter((r) => `${r.method} ${r.path}` === route).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
