// The load generator's own process (bench/load.ts starts it): autocannon here, never in the
// process that also mints tokens, talks to the servers over IPC and prints, so the generator has a
// core's worth of time to itself and the bodies it sends are all made before the timed run.
import autocannon from 'autocannon';
import type { GeneratorRequest, GeneratorResult } from './load.ts';

/** Requests with a body of their own up to this many are built once each and sent in turn. */
const PREBUILT_MAX = 256;

function requestsOf(spec: GeneratorRequest): autocannon.Request[] {
  const headers = { 'content-type': 'application/json', ...spec.headers };
  const { bodies, paths } = spec;
  if (bodies.length <= PREBUILT_MAX) {
    // autocannon builds a request without setupRequest once, and then sends the same bytes.
    return bodies.map((body, i) => ({
      method: 'POST',
      path: paths?.[i] ?? spec.path,
      headers,
      body,
    }));
  }
  // Single-use bodies (a registration token works once): one request whose bytes are rebuilt from
  // the next prepared body, a string copy, not a token signed in the timed run.
  let next = 0;
  return [
    {
      method: 'POST',
      path: spec.path,
      headers,
      setupRequest: (request) => {
        const i = next++ % bodies.length;
        return { ...request, body: bodies[i]!, ...(paths ? { path: paths[i]! } : {}) };
      },
    },
  ];
}

async function run(spec: GeneratorRequest): Promise<Omit<GeneratorResult, 'generatorCpuUs'>> {
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    ...(spec.amount !== undefined
      ? { amount: spec.amount, duration: 3600 }
      : { duration: spec.durationS ?? 5 }),
    timeout: 30,
    requests: requestsOf(spec),
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) {
    statusCodes[code] = count ?? 0;
  }
  return {
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    durationS: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statusCodes,
  };
}

process.on('message', (message: { type: 'run'; spec: GeneratorRequest }) => {
  if (message.type !== 'run') return;
  const before = process.cpuUsage();
  run(message.spec).then(
    (result) => {
      const after = process.cpuUsage(before);
      process.send!({
        type: 'result',
        result: { ...result, generatorCpuUs: after.user + after.system },
      });
    },
    (error: unknown) => process.send!({ type: 'error', message: String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send!({ type: 'ready' });
