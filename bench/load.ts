import autocannon from 'autocannon';

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
