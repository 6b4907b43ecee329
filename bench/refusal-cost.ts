// CPU per refused request in this process: impcard as `npm start` runs it in production mode
// (startNodeServer: the Node entry's body guard, createServer, JSON-line logs, the memory store,
// the default rate limits) beside bare Hono making the same refusal (servers/bare-hono-app.ts on
// @hono/node-server), each on a loopback port, sent prepared requests over raw sockets whose
// client side costs a write and a scan per answer. What it counts is the server's work per
// refusal, the figure the refusal path's test (test/refusal-cost.test.ts) keeps from growing.
import { createHook } from 'node:async_hooks';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { pathToFileURL } from 'node:url';
import type * as Logger from '../server/app/logger.ts';
import type * as StartNodeServer from '../server/runtimes/node/start-node-server.ts';
import { DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET } from '../server/sandbox/index.ts';
import { REFUSALS, type Refusal } from './refusals.ts';
import { bareHonoApp } from './servers/bare-hono-app.ts';
import { BENCH_TOKEN_SECRET } from './tokens.ts';

export interface RefusalCost {
  kind: string;
  /** CPU µs per refusal, the least of the rounds. */
  impcardUs: number;
  bareUs: number;
  /** impcard's over bare Hono's. */
  ratio: number;
  /**
   * Promises and other async resources (async_hooks `init`) made per refusal, the client's
   * included: a count, so it does not move with the machine's load.
   */
  impcardAsync: number;
  bareAsync: number;
}

interface Target {
  port: number;
  close(): Promise<void>;
}

// BENCH_IMPCARD_ROOT: impcard's code from another checkout (a before/after under one harness).
const root = process.env.BENCH_IMPCARD_ROOT
  ? pathToFileURL(`${process.env.BENCH_IMPCARD_ROOT.replace(/\/?$/, '/')}`)
  : new URL('../', import.meta.url);
const { startNodeServer } = (await import(
  new URL('server/runtimes/node/start-node-server.ts', root).href
)) as typeof StartNodeServer;
const { createJsonLineLogger } = (await import(
  new URL('server/app/logger.ts', root).href
)) as typeof Logger;

async function startImpcard(rateLimitedIp: boolean): Promise<Target> {
  let logged = 0;
  const running = await startNodeServer(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      IMP_KEY: DEFAULT_IMP_KEY,
      IMP_SECRET: DEFAULT_IMP_SECRET,
      // Never called: every request here is refused before the upstream.
      IMP_API_URL: 'http://127.0.0.1:9',
      IMPCARD_TOKEN_SECRET: BENCH_TOKEN_SECRET,
      IMPCARD_API_KEY: 'bench-api-key-0123456789abcdef',
      IMPCARD_ALLOWED_ORIGINS: 'https://shop.example',
      ...(rateLimitedIp ? {} : { IMPCARD_RATE_LIMIT_IP: '1000000000/60' }),
    },
    { print: () => {}, logger: createJsonLineLogger((text) => void (logged += text.length)) },
  );
  return running;
}

async function startBare(): Promise<Target> {
  const server = serve({
    fetch: bareHonoApp(BENCH_TOKEN_SECRET).fetch,
    port: 0,
    hostname: '127.0.0.1',
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The bytes of one request as the widget on a merchant's page sends it. */
function requestBytes(path: string, body: string): Buffer {
  const bytes = Buffer.from(body);
  return Buffer.concat([
    Buffer.from(
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Origin: https://shop.example\r\nContent-Length: ${bytes.length}\r\n\r\n`,
    ),
    bytes,
  ]);
}

/** Sends `count` requests over `connections` kept-alive sockets, one at a time on each. */
async function send(port: number, requests: Buffer[], count: number, connections = 8) {
  const statuses = new Map<number, number>();
  let sent = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const socket: Socket = connect(port, '127.0.0.1');
      let pending: Buffer = Buffer.alloc(0);
      const next = () => {
        if (sent >= count) return void socket.end(resolve);
        socket.write(requests[sent++ % requests.length]!);
      };
      socket.on('data', (chunk: Buffer) => {
        pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
        for (;;) {
          const end = pending.indexOf('\r\n\r\n');
          if (end < 0) return;
          const head = pending.subarray(0, end).toString('latin1');
          const declared = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1];
          // Without a length the answer is chunked: it ends with the empty chunk.
          const last = declared === undefined ? pending.indexOf('\r\n0\r\n\r\n', end) : -1;
          if (declared === undefined && last < 0) return;
          const size = declared === undefined ? last + 7 : end + 4 + Number(declared);
          if (pending.length < size) return;
          const status = Number(head.slice(9, 12));
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          pending = pending.subarray(size);
          next();
        }
      });
      socket.once('error', reject);
      socket.once('connect', next);
    });
  await Promise.all(Array.from({ length: connections }, one));
  return statuses;
}

/** Async resources made per request while `count` requests are answered. */
async function asyncPer(target: Target, requests: Buffer[], count: number): Promise<number> {
  let made = 0;
  const hook = createHook({
    init() {
      made++;
    },
  }).enable();
  try {
    await send(target.port, requests, count, 1);
  } finally {
    hook.disable();
  }
  return made / count;
}

async function cpuUsPer(target: Target, requests: Buffer[], count: number, status: number) {
  const before = process.cpuUsage();
  const statuses = await send(target.port, requests, count);
  const used = process.cpuUsage(before);
  if ((statuses.get(status) ?? 0) < count * 0.9) {
    throw new Error(`expected ${status}, got ${JSON.stringify([...statuses])}`);
  }
  return (used.user + used.system) / count;
}

/** Each refusal's CPU per request, impcard and bare Hono in turns, `rounds` times; the least kept. */
export async function measureRefusalCost(
  options: {
    rounds?: number;
    perRound?: number;
    refusals?: readonly Refusal[];
    /** Only impcard's rounds (a profile of impcard alone). */
    impcardOnly?: boolean;
    /** Only bare Hono's. */
    bareOnly?: boolean;
  } = {},
): Promise<RefusalCost[]> {
  const { rounds = 5, perRound = 400 } = options;
  const impcard = await startImpcard(false);
  const limited = await startImpcard(true);
  const bare = await startBare();
  const costs: RefusalCost[] = [];
  try {
    for (const refusal of options.refusals ?? REFUSALS) {
      const bodies = refusal.bodies(64);
      const ours = refusal.limited ? limited : impcard;
      const barePath = refusal.limited ? '/limited/v1/registrations' : '/v1/registrations';
      const oursRequests = bodies.map((b) => requestBytes('/v1/registrations', b));
      const bareRequests = bodies.map((b) => requestBytes(barePath, b));
      // Warm (and, for the limited ones, past the limit's first 30).
      await send(ours.port, oursRequests, perRound);
      await send(bare.port, bareRequests, perRound);
      let impcardUs = Infinity;
      let bareUs = Infinity;
      for (let round = 0; round < rounds; round++) {
        if (!options.bareOnly) {
          impcardUs = Math.min(
            impcardUs,
            await cpuUsPer(ours, oursRequests, perRound, refusal.status),
          );
        }
        if (options.impcardOnly) continue;
        bareUs = Math.min(bareUs, await cpuUsPer(bare, bareRequests, perRound, refusal.status));
      }
      costs.push({
        kind: refusal.kind,
        impcardUs,
        bareUs,
        ratio: impcardUs / bareUs,
        impcardAsync: await asyncPer(ours, oursRequests, 200),
        bareAsync: await asyncPer(bare, bareRequests, 200),
      });
    }
  } finally {
    for (const target of [impcard, limited, bare]) await target.close();
  }
  return costs;
}

// `node --import tsx bench/refusal-cost.ts [json|luhn|token|limited]` prints the figures (under
// `--cpu-prof`, a profile of the refusal path alone).
if (process.argv[1]?.endsWith('refusal-cost.ts')) {
  const only = process.argv[2];
  const refusals = REFUSALS.filter((r) => only === undefined || r.key === only);
  const rounds = Number(process.env.ROUNDS ?? 5);
  const impcardOnly = process.env.ONLY === 'impcard';
  const bareOnly = process.env.ONLY === 'bare';
  for (const c of await measureRefusalCost({ rounds, refusals, impcardOnly, bareOnly })) {
    console.log(
      `${c.kind}: impcard ${c.impcardUs.toFixed(1)} µs, bare Hono ${c.bareUs.toFixed(1)} µs, ${c.ratio.toFixed(2)}×; ` +
        `async resources ${c.impcardAsync.toFixed(1)} / ${c.bareAsync.toFixed(1)} per request`,
    );
  }
}
