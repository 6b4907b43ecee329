import autocannon from 'autocannon';
import { request } from 'undici';

export interface LoadOptions {
  url: string;
  path: string;
  connections: number;
  /** Seconds; ignored when `amount` is given. */
  durationS?: number;
  /** Stop after this many requests. */
  amount?: number;
  /** The body of each request (a registration token is single-use, so each one is new). */
  body: () => string;
  /** A path per request, instead of `path` (e.g. a new customer_uid each time). */
  pathOf?: () => string;
  headers?: Record<string, string>;
}

export interface LoadResult {
  ok: number;
  non2xx: number;
  errors: number;
  durationS: number;
  /** 2xx answers per second (or all answers per second for the rejection runs: see `answered`). */
  rps: number;
  answered: number;
  p50: number;
  p99: number;
  statusCodes: Record<string, number>;
}

/** One autocannon run against a POST endpoint, in this process. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount !== undefined
      ? { amount: options.amount, duration: 3600 }
      : { duration: options.durationS ?? 5 }),
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: options.path,
        headers: { 'content-type': 'application/json', ...options.headers },
        setupRequest: (request) => ({
          ...request,
          ...(options.pathOf ? { path: options.pathOf() } : {}),
          body: options.body(),
        }),
      },
    ],
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) {
    statusCodes[code] = count ?? 0;
  }
  const answered = result['2xx'] + result.non2xx;
  return {
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    durationS: result.duration,
    rps: result['2xx'] / result.duration,
    answered,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statusCodes,
  };
}

/**
 * p50 in ms to 0.01 ms of requests sent one after another (autocannon's histogram counts whole
 * milliseconds, too coarse for what one more hop adds at concurrency 1).
 */
export async function sequentialP50(options: LoadOptions): Promise<number> {
  const times: number[] = [];
  const until = performance.now() + (options.durationS ?? 5) * 1000;
  while (performance.now() < until) {
    const body = options.body();
    const started = performance.now();
    const answer = await request(`${options.url}${options.pathOf?.() ?? options.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body,
    });
    await answer.body.text();
    if (answer.statusCode >= 300) throw new Error(`sequential run: HTTP ${answer.statusCode}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1] ?? Number.NaN;
}
