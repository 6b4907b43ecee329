// The upstream of both contestants: the i'mport sandbox behind a loopback HTTP proxy that holds
// every call for a fixed latency (the round trip to api.iamport.kr) and counts calls per path.
import { Agent, createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox } from '../../server/sandbox/index.ts';
import { announce } from './child-ipc.ts';

let latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 20);
const counts = new Map<string, number>();
const sandbox = await startSandbox({ port: 0 });
const target = new URL(sandbox.url);
const agent = new Agent({ keepAlive: true, maxSockets: 512 });

/** `/subscribe/customers/bench_1` counts as `POST /subscribe/customers/*`: ids are not kept. */
function countKey(req: IncomingMessage): string {
  const path = (req.url ?? '/').split('?')[0]!;
  const generic = path.startsWith('/subscribe/customers/') ? '/subscribe/customers/*' : path;
  return `${req.method} ${generic}`;
}

const proxy = createServer((req, res) => {
  const key = countKey(req);
  counts.set(key, (counts.get(key) ?? 0) + 1);
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    setTimeout(() => {
      const upstream = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
          agent,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        res.writeHead(502).end();
      });
      upstream.end(Buffer.concat(chunks));
    }, latencyMs);
  });
});
proxy.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
const { port } = proxy.address() as AddressInfo;

announce(`http://127.0.0.1:${port}`, {
  counts: () => Object.fromEntries(counts),
  onLatency: (ms) => {
    latencyMs = ms;
  },
  onReset: () => counts.clear(),
});
