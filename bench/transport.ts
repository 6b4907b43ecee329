// The i'mport client's HTTP path alone, in this process: CPU per upstream call of the client's
// transports (ky over fetch, the undici Pool one) beside bare fetch and bare Pool.request,
// against the upstream proxy with no added latency. This is how the transport was chosen.
import { Pool } from 'undici';
import { createSend } from '../server/iamport/create-send.ts';
import { createKyTransport } from '../server/iamport/ky-transport.ts';
import { createRetryPolicy } from '../server/iamport/retry-policy.ts';
import { selectTransport } from '../server/iamport/select-transport.ts';
import { VALID_CARD } from '../server/testing/index.ts';
import type { BenchChild } from './child-process.ts';

export interface TransportRow {
  client: string;
  callsPerSecond: number;
  cpuUsPerCall: number;
}

type Call = () => Promise<unknown>;

function contestants(base: string): Record<string, Call> {
  const options = { baseUrl: base, timeoutMs: 30_000 };
  const common = { retry: createRetryPolicy(2, 2_000), log: () => {} };
  const ky = createSend({ ...common, transport: createKyTransport(options) });
  const send = createSend({ ...common, transport: selectTransport(options) });
  const pool = new Pool(base, { connections: 64, keepAliveTimeout: 30_000 });
  let n = 0;
  return {
    'ky transport (before)': () =>
      ky({
        method: 'POST',
        path: `/subscribe/customers/k_${++n}`,
        json: VALID_CARD,
        changesState: true,
      }),
    'undici transport (now: selectTransport on Node)': () =>
      send({
        method: 'POST',
        path: `/subscribe/customers/t_${++n}`,
        json: VALID_CARD,
        changesState: true,
      }),
    'fetch + AbortSignal.timeout': async () => {
      const response = await fetch(`${base}/subscribe/customers/f_${++n}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(VALID_CARD),
        signal: AbortSignal.timeout(30_000),
      });
      return JSON.parse(await response.text()) as unknown;
    },
    'undici Pool.request': async () => {
      const response = await pool.request({
        method: 'POST',
        path: `/subscribe/customers/u_${++n}`,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(VALID_CARD),
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
      return JSON.parse(await response.body.text()) as unknown;
    },
  };
}

async function round(call: Call, calls: number, concurrency: number) {
  let left = calls;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) await call();
    }),
  );
  const used = process.cpuUsage(cpu);
  return {
    callsPerSecond: calls / ((performance.now() - started) / 1000),
    cpuUsPerCall: (used.user + used.system) / calls,
  };
}

/** Three interleaved rounds per client; the least CPU per call is kept (the machine is shared). */
export async function measureTransports(
  upstream: BenchChild,
  quick: boolean,
): Promise<TransportRow[]> {
  upstream.tell({ type: 'latency', ms: 0 });
  // The upstream answers 401 without a token; the exchange costs the client the same.
  const clients = contestants(upstream.url);
  const calls = quick ? 300 : 2000;
  const best = new Map<string, TransportRow>();
  for (const call of Object.values(clients)) await round(call, 200, 16);
  for (let r = 0; r < 3; r++) {
    for (const [client, call] of Object.entries(clients)) {
      const result = await round(call, calls, 16);
      const seen = best.get(client);
      if (!seen || result.cpuUsPerCall < seen.cpuUsPerCall) best.set(client, { client, ...result });
    }
  }
  return [...best.values()];
}

export function printTransports(rows: TransportRow[]): void {
  console.log(
    '\n### Upstream HTTP client, CPU per call in the client process (c=16, no added latency)\n',
  );
  console.log('| client | calls/s | CPU µs/call |');
  console.log('|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.client} | ${r.callsPerSecond.toFixed(0)} | ${r.cpuUsPerCall.toFixed(0)} |`);
  }
}
